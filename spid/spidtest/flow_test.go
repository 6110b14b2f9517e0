package spidtest_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// e2e is a spid SP and a spidtest IdP, each behind its own httptest server,
// driven by a browser-like client.
type e2e struct {
	idp    *spidtest.IdP
	sp     *spid.SP
	spURL  string
	mu     sync.Mutex
	last   *spid.Identity
	logout int
}

func newE2E(t *testing.T, profile spidtest.Profile) *e2e {
	t.Helper()
	idpSrv := httptest.NewServer(nil)
	spSrv := httptest.NewServer(nil)
	t.Cleanup(idpSrv.Close)
	t.Cleanup(spSrv.Close)
	e := &e2e{idp: newTestIdP(t, spidtest.Config{BaseURL: idpSrv.URL, Profile: profile}), spURL: spSrv.URL}
	idpSrv.Config.Handler = e.idp
	idpMeta, err := spid.ParseIdPMetadata(e.idp.Metadata())
	if err != nil {
		t.Fatal(err)
	}
	kc, err := spKey()
	if err != nil {
		t.Fatal(err)
	}
	cfg := spid.Config{
		EntityID: testSP, ACSURL: spSrv.URL + "/acs", SLOURL: spSrv.URL + "/slo", MetadataURL: spSrv.URL + "/metadata",
		OrganizationNames:        map[string]string{"it": "Comune di Prova"},
		OrganizationDisplayNames: map[string]string{"it": "Comune di Prova"},
		OrganizationURLs:         map[string]string{"it": "https://www.comune.example.it"},
		Public:                   true, IPACode: "c_h501",
		Contact:       spid.ContactInfo{Email: "protocollo@comune.example.it"},
		AttributeSets: [][]spid.Attribute{{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber}},
		IdPs:          []*spid.IdP{idpMeta},
		Logger:        slog.New(slog.DiscardHandler),
	}
	setKeyPair(&cfg, kc.([2]any))
	if e.sp, err = spid.New(cfg); err != nil {
		t.Fatal(err)
	}
	md, err := e.sp.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	if err := e.idp.RegisterSP(md); err != nil {
		t.Fatal(err)
	}
	spSrv.Config.Handler = e.mux()
	return e
}

// mux is a minimal host application on spid's public API (not on
// spid.Handlers, so that the IdP is tested against the validator alone).
func (e *e2e) mux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		req, err := e.sp.NewAuthnRequest(r.Context(), spid.LoginOptions{IdP: e.idp.EntityID(), Level: spid.L2})
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Write(w, r)
	})
	mux.HandleFunc("POST /acs", func(w http.ResponseWriter, r *http.Request) {
		id, err := e.sp.ParseResponse(r.Context(), r)
		if err != nil {
			status, msg := http.StatusBadRequest, err.Error()
			if se, ok := errors.AsType[*spid.Error](err); ok {
				status, msg = se.HTTPStatus(), se.CitizenMessage()
			}
			http.Error(w, msg, status)
			return
		}
		e.mu.Lock()
		e.last = id
		e.mu.Unlock()
		fmt.Fprintf(w, "benvenuto %s", id.FiscalNumber)
	})
	mux.HandleFunc("/slo", func(w http.ResponseWriter, r *http.Request) {
		res, err := e.sp.ParseLogout(r.Context(), r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		e.mu.Lock()
		e.logout++
		e.mu.Unlock()
		if res.Initiated {
			res.Reply.Write(w, r)
			return
		}
		fmt.Fprint(w, "logout completato")
	})
	return mux
}

// submit posts the form of an auto-submitting page, as the browser's script
// would, and returns the response.
func submit(t *testing.T, page string) *http.Response {
	t.Helper()
	m := actionRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in page:\n%s", page)
	}
	form := url.Values{}
	for _, f := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(f[1], html(f[2]))
	}
	resp, err := noRedirect.PostForm(html(m[1]), form)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// choose opens the login URL and picks user and action on the chooser page.
func (e *e2e) choose(t *testing.T, user, action string) *http.Response {
	t.Helper()
	resp, err := http.Get(e.spURL + "/login?level=2")
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, resp)
	form := url.Values{"user": {user}, "action": {action}}
	for _, f := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(f[1], html(f[2]))
	}
	resp, err = http.PostForm(html(actionRE.FindStringSubmatch(page)[1]), form)
	if err != nil {
		t.Fatal(err)
	}
	return submit(t, readBody(t, resp))
}

func TestEndToEndLoginAndLogout(t *testing.T) {
	t.Parallel()
	for _, profile := range []spidtest.Profile{spidtest.SPID, spidtest.CIE} {
		t.Run(profile.String(), func(t *testing.T) {
			t.Parallel()
			e := newE2E(t, profile)
			resp := e.choose(t, "mario.rossi", "login")
			if body := readBody(t, resp); body != "benvenuto RSSMRA80A01H501U" {
				t.Fatalf("ACS answered %q", body)
			}
			// The citizen cancels: a 4xx error page, never a login.
			resp = e.choose(t, "mario.rossi", "cancel")
			resp.Body.Close()
			if resp.StatusCode < 400 || resp.StatusCode > 499 {
				t.Errorf("cancel: status %d, want 4xx", resp.StatusCode)
			}
			if profile == spidtest.CIE {
				return // no SAML Single Logout for CIE
			}
			// SP-initiated logout through the IdP's SLO and back.
			lr, err := e.sp.NewLogoutRequest(context.Background(), e.last, "", "rs-logout")
			if err != nil {
				t.Fatal(err)
			}
			if lr.URL == nil {
				t.Fatal("no Redirect URL")
			}
			resp, err = noRedirect.Get(lr.URL.String())
			if err != nil {
				t.Fatal(err)
			}
			back := deliver(t, resp)
			back.Body.Close()
			if back.StatusCode >= 400 {
				t.Errorf("SP refused the IdP's LogoutResponse: %d", back.StatusCode)
			}
			if n := len(e.idp.Sessions()); n != 0 {
				t.Errorf("%d IdP sessions left after logout", n)
			}
		})
	}
}

func TestEndToEndIdPInitiatedLogout(t *testing.T) {
	t.Parallel()
	e := newE2E(t, spidtest.SPID)
	readBody(t, e.choose(t, "giulia.bianchi", "login"))
	sessions := e.idp.Sessions()
	if len(sessions) != 1 || sessions[0].Username != "giulia.bianchi" || sessions[0].SPEntityID != testSP {
		t.Fatalf("sessions = %+v", sessions)
	}
	msg, err := e.idp.NewLogoutRequest(sessions[0])
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	msg.Write(rec)
	// The SP answers with its LogoutResponse, which the IdP acknowledges.
	back := deliver(t, submitRecorded(t, rec))
	if body := readBody(t, back); !strings.Contains(body, "Logout completato") {
		t.Errorf("IdP page: %s", body)
	}
	if e.logout == 0 {
		t.Error("the SP did not end the session")
	}
}

// submitRecorded sends a recorded HTTP-POST or HTTP-Redirect message.
func submitRecorded(t *testing.T, rec *httptest.ResponseRecorder) *http.Response {
	t.Helper()
	if loc := rec.Header().Get("Location"); loc != "" {
		resp, err := noRedirect.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	return submit(t, rec.Body.String())
}

// deliver follows one SAML hop: a redirect or an auto-submitting form.
func deliver(t *testing.T, resp *http.Response) *http.Response {
	t.Helper()
	defer resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode/100 == 3 && loc != "" {
		next, err := noRedirect.Get(loc)
		if err != nil {
			t.Fatal(err)
		}
		return next
	}
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, b.String())
	}
	return submit(t, b.String())
}
