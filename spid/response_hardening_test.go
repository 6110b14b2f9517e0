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
// Response answers a request started in one browser, and Handlers (bound
// to the browser by default) refuse it when another browser posts it (an attacker's own
// signed Response, pushed into a victim's browser by an auto-submitting
// form, would otherwise log the victim in as the attacker).
func TestHandlersBrowserBinding(t *testing.T) {
	t.Parallel()
	sp, clk := newTestSP(t)
	var got *Identity
	h := &Handlers{SP: sp, OnLogin: func(w http.ResponseWriter, r *http.Request, id *Identity) {
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

// TestParseResponseAdversarial: values the IdP signed but shaped to confuse
// the reader (namespace tricks, look-alike URIs, several signatures) and the
// edges of the time windows.
func TestParseResponseAdversarial(t *testing.T) {
	t.Parallel()
	skew := 60 * time.Second // Config.MaxClockSkew default
	f := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	tests := []struct {
		name   string
		edit   func(p *respParams, now time.Time)
		want   error // nil: accepted
		nameID string
	}{
		{"foreign-namespace NameID before the SAML one is ignored", func(p *respParams, _ time.Time) {
			p.Edit = func(s string) string {
				return strings.Replace(s, "<saml:Subject>", `<saml:Subject><x:NameID xmlns:x="urn:example:evil" Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" NameQualifier="x">attacker</x:NameID>`, 1)
			}
		}, nil, "_nameid1"},
		{"saml prefix rebound to another namespace on the NameID", func(p *respParams, _ time.Time) {
			p.Edit = func(s string) string {
				return strings.Replace(s, `<saml:NameID `, `<saml:NameID xmlns:saml="urn:example:evil" `, 1)
			}
		}, ErrSubject, ""},
		{"Assertion in a foreign namespace next to the real one", func(p *respParams, _ time.Time) {
			p.Edit = func(s string) string {
				return strings.Replace(s, "</samlp:Response>", `<x:Assertion xmlns:x="urn:example:evil" ID="_x"/></samlp:Response>`, 1)
			}
		}, ErrAssertion, ""},
		{"second signature on the Assertion", func(p *respParams, _ time.Time) {
			p.Edit = func(s string) string {
				return strings.Replace(s, `<saml:Subject>`, `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/><saml:Subject>`, 1)
			}
		}, ErrSignature, ""},
		{"Destination with a leading space", func(p *respParams, _ time.Time) { p.Destination = " " + p.Destination }, ErrDestination, ""},
		{"Destination in upper case", func(p *respParams, _ time.Time) { p.Destination = strings.ToUpper(p.Destination) }, ErrDestination, ""},
		{"Recipient with a trailing slash", func(p *respParams, _ time.Time) { p.Recipient += "/" }, ErrDestination, ""},
		{"Audience with a trailing slash", func(p *respParams, _ time.Time) { p.Audience += "/" }, ErrAudience, ""},
		{"Audience of another SP in a second restriction", func(p *respParams, _ time.Time) {
			p.Edit = func(s string) string {
				return strings.Replace(s, "</saml:AudienceRestriction>", "</saml:AudienceRestriction><saml:AudienceRestriction><saml:Audience>https://other.example.it</saml:Audience></saml:AudienceRestriction>", 1)
			}
		}, ErrAudience, ""},
		{"level with surrounding whitespace is the same URI", func(p *respParams, _ time.Time) { p.Level = "\n  " + p.Level + "  \n" }, nil, "_nameid1"},
		{"level URI in another case", func(p *respParams, _ time.Time) { p.Level = strings.ToUpper(p.Level) }, ErrLevel, ""},
		{"SubjectConfirmationData expired exactly skew ago", func(p *respParams, now time.Time) { p.SCDNotOnOrAfter = f(now.Add(-skew)) }, ErrSubject, ""},
		{"SubjectConfirmationData expired within the skew", func(p *respParams, now time.Time) { p.SCDNotOnOrAfter = f(now.Add(-skew + time.Second)) }, nil, "_nameid1"},
		{"Conditions NotOnOrAfter exactly skew ago", func(p *respParams, now time.Time) { p.NotOnOrAfter = f(now.Add(-skew)) }, ErrConditions, ""},
		{"Conditions NotBefore just beyond the skew", func(p *respParams, now time.Time) { p.NotBefore = f(now.Add(skew + time.Second)) }, ErrConditions, ""},
		{"IssueInstant just beyond the skew", func(p *respParams, now time.Time) {
			p.IssueInstant = f(now.Add(skew + time.Second))
		}, ErrIssueInstant, ""},
		{"IssueInstant not in UTC", func(p *respParams, now time.Time) {
			p.IssueInstant = now.In(time.FixedZone("CET", 3600)).Format("2006-01-02T15:04:05-07:00")
		}, ErrIssueInstant, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, clk := newTestSP(t)
			reqID := login(t, sp, LoginOptions{})
			clk.Add(2 * time.Second)
			p := defaultParams(reqID, clk.Now())
			tt.edit(p, clk.Now())
			id, err := sp.ParseResponseXML(t.Context(), p.build(t))
			switch {
			case tt.want == nil && err != nil:
				t.Fatalf("rejected: %v", err)
			case tt.want == nil && id.NameID != tt.nameID:
				t.Errorf("NameID %q, want %q", id.NameID, tt.nameID)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}
