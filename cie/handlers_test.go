package cie

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid"
)

// TestHandlers runs a whole "Entra con CIE" session through spid's
// handlers, as a portal mounts them: the login redirects to the IdP's
// standard Redirect SSO Location, the IdP's response at the ACS reaches
// OnLogin as a CIE Identity, and the logout ends the local session only,
// without a SAML LogoutRequest (CIE has no single logout).
func TestHandlers(t *testing.T) {
	t.Parallel()
	l := newCIELogin(t)
	var (
		loggedIn *spid.Identity
		ended    *spid.Identity
		outs     int
	)
	h := &spid.Handlers{
		SP: l.sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
			loggedIn = id
			http.Redirect(w, r, "/servizi", http.StatusSeeOther)
		},
		Session:    func(*http.Request) *spid.Identity { return loggedIn },
		EndSession: func(_ http.ResponseWriter, _ *http.Request, id *spid.Identity) { ended = id },
		OnLogout: func(w http.ResponseWriter, r *http.Request, partial bool) {
			outs++
			http.Redirect(w, r, "/", http.StatusSeeOther)
		},
	}
	mux := http.NewServeMux()
	h.Register(mux, "/cie/login", "/cie/logout")

	// Metadata: served signed, with the cie: extensions.
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "https://servizi.comune.example.it/cie/metadata", nil))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), Namespace) {
		t.Fatalf("metadata: %d", rec.Code)
	}

	// Login: 303 to the IdP's Redirect SSO Location, read and verified by it.
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "https://servizi.comune.example.it/cie/login?level=2&comparison=minimum", nil))
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	cookies := rec.Result().Cookies() // the browser binding (login CSRF protection)
	loc, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != l.idp.SSOURL(string(spid.BindingRedirect)) {
		t.Errorf("login redirects to %q", got)
	}
	info, err := l.idp.ReadAuthnRequest(httptest.NewRequest("GET", loc.String(), nil))
	if err != nil {
		t.Fatalf("IdP refuses the request: %v", err)
	}

	// ACS: the IdP's signed response logs the citizen in.
	xml, err := l.idp.Response(info)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"SAMLResponse": {base64.StdEncoding.EncodeToString(xml)}, "RelayState": {info.RelayState}}
	req := httptest.NewRequest("POST", l.sp.ACSURL(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther || loggedIn == nil {
		t.Fatalf("ACS: %d %s", rec.Code, rec.Body)
	}
	checkIdentity(t, loggedIn, l.idp.EntityID())

	// Replaying the same response is refused with a 4xx page.
	req = httptest.NewRequest("POST", l.sp.ACSURL(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code < 400 || rec.Code > 499 {
		t.Errorf("replayed response: status %d, want 4xx", rec.Code)
	}

	// Logout: local session only, no LogoutRequest to the CieID server.
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "https://servizi.comune.example.it/cie/logout", nil))
	if ended != loggedIn || outs != 1 {
		t.Errorf("logout: EndSession %v, OnLogout called %d times", ended, outs)
	}
	if to := rec.Header().Get("Location"); strings.Contains(to, "SAMLRequest") {
		t.Errorf("logout sent a LogoutRequest to %s", to)
	}
}

// checkIdentity: a CIE login yields the shared Identity with Provider
// "cie" and only eIDAS minimum attributes.
func checkIdentity(t *testing.T, id *spid.Identity, idp string) {
	t.Helper()
	if id.Provider != "cie" || id.IdP != idp {
		t.Errorf("identity provider %q idp %q", id.Provider, id.IdP)
	}
	for name := range id.Attributes {
		if !slices.Contains(EIDASAttributes(), spid.Attribute(name)) {
			t.Errorf("attribute %q is outside the eIDAS minimum set", name)
		}
	}
}
