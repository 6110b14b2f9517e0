package spidtest_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// TestCatalogueHTTPStatus replays the catalogue the way spid-sp-test does:
// each response is POSTed to the ACS handler of spid.Handlers, which must
// answer 2xx (accept) or 4xx (reject, issue 3: "a rejected response gets a
// 4xx status").
func TestCatalogueHTTPStatus(t *testing.T) {
	t.Parallel()
	s := newSPSetup(t, spidtest.SPID)
	// The requests are made with NewAuthnRequest, not through the login
	// handler, so no browser-binding cookie exists: this test is about status
	// codes, and spid's own tests cover the binding.
	h := &spid.Handlers{SP: s.sp, UnboundBrowser: true, OnLogin: func(w http.ResponseWriter, _ *http.Request, id *spid.Identity) {
		fmt.Fprint(w, id.FiscalNumber)
	}}
	acs := h.ACS()
	for _, c := range append(spidtest.Catalogue(), spidtest.Extras()...) {
		t.Run(c.ID+"_"+c.Name, func(t *testing.T) {
			t.Parallel()
			info := s.login(t, spid.L2, spid.ComparisonMinimum)
			xml, err := s.idp.CaseResponse(c.ID, info)
			if err != nil {
				t.Fatal(err)
			}
			form := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(xml)}, "RelayState": {info.RelayState}}
			r := httptest.NewRequest(http.MethodPost, s.sp.ACSURL(), strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			w := httptest.NewRecorder()
			acs.ServeHTTP(w, r)
			switch want := c.Expected(info); {
			case want == spidtest.Accept && w.Code != http.StatusOK:
				t.Errorf("status %d, want 200: %s", w.Code, w.Body)
			case want == spidtest.Reject && (w.Code < 400 || w.Code > 499):
				t.Errorf("status %d, want 4xx", w.Code)
			case want == spidtest.Reject && c.ErrorCode != 0 && !strings.Contains(w.Body.String(), template.HTMLEscapeString(spid.CitizenMessage(c.ErrorCode))):
				t.Errorf("error page lacks the citizen message for nr%d: %s", c.ErrorCode, w.Body)
			}
		})
	}
}

// TestHandlersPOSTBinding logs in through spid.Handlers with the HTTP-POST
// binding: the SP's auto-submitting form reaches the IdP's SSO, whose
// enveloped-signature check must accept it.
func TestHandlersPOSTBinding(t *testing.T) {
	t.Parallel()
	e := newE2E(t, spidtest.SPID)
	h := &spid.Handlers{SP: e.sp, OnLogin: func(w http.ResponseWriter, _ *http.Request, id *spid.Identity) {
		fmt.Fprintf(w, "benvenuto %s", id.FiscalNumber)
	}}
	srv := httptest.NewServer(h.LoginHandler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/?binding=post&level=3&idp=" + url.QueryEscape(e.idp.EntityID()))
	if err != nil {
		t.Fatal(err)
	}
	chooser := deliver(t, resp)
	page := readBody(t, chooser)
	if !strings.Contains(page, "SpidL3") {
		t.Fatalf("chooser page:\n%s", page)
	}
	form := url.Values{"user": {"luigi.verdi"}, "action": {"login"}}
	for _, f := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(f[1], html(f[2]))
	}
	resp, err = http.PostForm(html(actionRE.FindStringSubmatch(page)[1]), form)
	if err != nil {
		t.Fatal(err)
	}
	post := readBody(t, resp)
	m := hiddenRE.FindAllStringSubmatch(post, -1)
	xml, _ := base64.StdEncoding.DecodeString(html(m[0][2]))
	id, err := e.sp.ParseResponseXML(context.Background(), xml)
	if err != nil || id.FiscalNumber != "VRDLGU70T10L219V" || id.Level != spid.L3 {
		t.Fatalf("identity %+v, %v", id, err)
	}
}
