package spid

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHandlers(t *testing.T) {
	t.Parallel()
	sp, clk := newTestSP(t)
	var got *Identity
	h := &Handlers{
		SP: sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *Identity) {
			got = id
			http.Redirect(w, r, "/home", http.StatusSeeOther)
		},
	}
	mux := http.NewServeMux()
	h.Register(mux, "/spid/login", "/spid/logout")
	do := func(r *http.Request) *http.Response {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Result()
	}

	// Metadata.
	res := do(httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/metadata", nil))
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.HasPrefix(string(body), "<?xml") {
		t.Fatalf("metadata: %d %.80s", res.StatusCode, body)
	}

	// Login: every hit is a fresh, signed Redirect request.
	var (
		ids     []string
		cookies [][]*http.Cookie // each login's browser-binding cookie
	)
	for range 2 {
		res = do(httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/login?idp="+url.QueryEscape(idpEntityID)+"&level=2", nil))
		loc, _ := url.Parse(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || loc.Query().Get("SigAlg") == "" || loc.Query().Get("Signature") == "" {
			t.Fatalf("login: %d %s", res.StatusCode, loc)
		}
		m, err := readRedirect(loc.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		id := regexpID.FindStringSubmatch(string(m.xml))[1]
		ids = append(ids, id)
		cookies = append(cookies, res.Cookies())
	}
	if ids[0] == ids[1] {
		t.Error("login reused a request")
	}
	res = do(httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/login?idp=https://unknown.example.org", nil))
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown IdP: status %d", res.StatusCode)
	}

	// ACS: a correct response logs in.
	clk.Add(5 * time.Second)
	post := func(xml []byte) *http.Response {
		form := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(xml)}, "RelayState": {"x"}}
		r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/acs", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies[0] { // the browser that started the first login
			r.AddCookie(c)
		}
		return do(r)
	}
	good := defaultParams(ids[0], clk.Now()).build(t)
	if res = post(good); res.StatusCode != http.StatusSeeOther || got == nil || got.FiscalNumber != "RSSMRA80A01H501U" {
		t.Fatalf("acs: %d %+v", res.StatusCode, got)
	}
	// Replay: 4xx with the Italian page.
	res = post(good)
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode < 400 || res.StatusCode > 499 || !strings.Contains(string(body), "Accesso non riuscito") {
		t.Errorf("replay: %d %s", res.StatusCode, body)
	}
	// IdP error code: 4xx page with the citizen message.
	p := defaultParams(ids[1], clk.Now())
	p.NoAssertion = true
	p.Status = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>ErrorCode nr22</samlp:StatusMessage></samlp:Status>`
	res = post(p.build(t))
	body, _ = io.ReadAll(res.Body)
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "consenso") || !strings.Contains(string(body), "22") {
		t.Errorf("nr22: %d %s", res.StatusCode, body)
	}
	// Garbage and GET at the ACS: 4xx, never 5xx or 200.
	for _, r := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/acs", nil),
		func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/acs", strings.NewReader("SAMLResponse=%%%"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}(),
		func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/acs", strings.NewReader("SAMLResponse="+strings.Repeat("A", MaxBodySize+10)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}(),
	} {
		if res := do(r); res.StatusCode < 400 || res.StatusCode > 499 {
			t.Errorf("%s %s: status %d", r.Method, r.URL, res.StatusCode)
		}
	}
}

func TestHandlersLogout(t *testing.T) {
	t.Parallel()
	sp, _ := newTestSP(t)
	ended := 0
	h := &Handlers{
		SP:         sp,
		Session:    func(r *http.Request) *Identity { return testIdentity },
		EndSession: func(w http.ResponseWriter, r *http.Request, id *Identity) { ended++ },
	}
	w := httptest.NewRecorder()
	h.Logout().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/spid/logout", nil))
	loc := w.Result().Header.Get("Location")
	if ended != 1 || !strings.HasPrefix(loc, idpEntityID+"/slo?SAMLRequest=") || !strings.Contains(loc, "&Signature=") {
		t.Errorf("logout: ended=%d location=%s", ended, loc)
	}
}

var regexpID = regexp.MustCompile(`ID="([^"]+)"`)
