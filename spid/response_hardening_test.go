package spid

import (
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestHandlersBrowserBinding is the login-CSRF case of checklist 30: a
// Response answers a request started in one browser, and Handlers with
// BindBrowser refuse it when another browser posts it (an attacker's own
// signed Response, pushed into a victim's browser by an auto-submitting
// form, would otherwise log the victim in as the attacker).
func TestHandlersBrowserBinding(t *testing.T) {
	t.Parallel()
	sp, clk := newTestSP(t)
	var got *Identity
	h := &Handlers{SP: sp, BindBrowser: true, OnLogin: func(w http.ResponseWriter, r *http.Request, id *Identity) {
		got = id
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	}}
	mux := http.NewServeMux()
	h.Register(mux, "/spid/login", "/spid/logout")
	login := func() (id string, cookie *http.Cookie) {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/login?idp="+url.QueryEscape(idpEntityID), nil))
		loc, _ := url.Parse(w.Result().Header.Get("Location"))
		m, err := readRedirect(loc.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range w.Result().Cookies() {
			if c.Name == h.cookieName() {
				cookie = c
			}
		}
		if cookie == nil {
			t.Fatal("login sets no binding cookie")
		}
		return regexpID.FindStringSubmatch(string(m.xml))[1], cookie
	}
	post := func(xml []byte, cookies ...*http.Cookie) int {
		form := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(xml)}}
		r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/acs", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w.Code
	}

	attackerReq, attackerCookie := login()
	_, victimCookie := login()
	if !attackerCookie.HttpOnly || !attackerCookie.Secure || attackerCookie.SameSite != http.SameSiteNoneMode || attackerCookie.Path != "/spid/acs" {
		t.Errorf("cookie %+v: want HttpOnly, Secure, SameSite=None, Path=/spid/acs", attackerCookie)
	}
	clk.Add(time.Second)
	attackerResp := defaultParams(attackerReq, clk.Now()).build(t)
	for name, cookies := range map[string][]*http.Cookie{"no cookie": nil, "victim's cookie": {victimCookie}} {
		if code := post(attackerResp, cookies...); code != http.StatusForbidden || got != nil {
			t.Errorf("%s: status %d, identity %v; want 403 and no login", name, code, got)
		}
	}
	// The browser that started the login gets in.
	ownReq, ownCookie := login()
	p := defaultParams(ownReq, clk.Now())
	p.RespID, p.AssertionID = "_resp2", "_assert2"
	if code := post(p.build(t), ownCookie); code != http.StatusSeeOther || got == nil {
		t.Errorf("own browser: status %d, identity %v", code, got)
	}
}

// TestUnsignedStatusKeepsRequest: an unsigned error Response is refused
// without consuming the pending request, so whoever knows a request ID cannot
// burn a citizen's login (or write the transaction register) with forged
// bytes; the IdP's real answer is still accepted.
func TestUnsignedStatusKeepsRequest(t *testing.T) {
	t.Parallel()
	sp, clk := newTestSP(t)
	reqID := login(t, sp, LoginOptions{})
	clk.Add(time.Second)
	forged := defaultParams(reqID, clk.Now())
	forged.SignResponse, forged.NoAssertion = false, true
	forged.Status = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/><samlp:StatusMessage>ErrorCode nr25</samlp:StatusMessage></samlp:Status>`
	_, err := sp.ParseResponseXML(t.Context(), forged.build(t))
	if !errors.Is(err, ErrStatus) {
		t.Fatalf("forged status: %v, want ErrStatus", err)
	}
	if _, err := sp.ParseResponseXML(t.Context(), defaultParams(reqID, clk.Now()).build(t)); err != nil {
		t.Fatalf("the IdP's answer after a forged status: %v", err)
	}
}
