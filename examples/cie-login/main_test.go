package main

import (
	"errors"
	"html"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/siopi/siopi/internal/browsertest"

	"github.com/siopi/siopi/cie"
)

// testOptions are the example's demo settings with fresh keys in a temporary
// directory.
func testOptions(t *testing.T, base string) options {
	t.Helper()
	dir := t.TempDir()
	return options{
		EntityID: "https://localhost", BaseURL: base, KeyPath: filepath.Join(dir, "sp.key"), CertPath: filepath.Join(dir, "sp.crt"),
		Org: "Comune di Esempio", IPA: "c_x000", Municipality: "H501", Email: "protocollo@comune.example.it",
		Environment: cie.Test, BindBrowser: true, Logger: slog.New(slog.DiscardHandler),
	}
}

// server starts the example in-process in demo mode (spidtest's CIE IdP at
// /idp/) and returns its URL and a browser-like client (cookie jar, redirects
// followed).
func server(t *testing.T) (string, *http.Client) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	h, err := newServer(t.Context(), testOptions(t, base))
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return base, browsertest.Client(t)
}

// login follows the home page's "Entra con CIE" button to the test IdP's
// chooser, answers with the given action and returns the last response
// after the ACS.
func login(t *testing.T, base string, c *http.Client, action string) (*http.Response, string) {
	t.Helper()
	_, home := browsertest.Get(t, c, base+"/")
	m := regexp.MustCompile(`<a class="cie-button[^"]*" href="([^"]+)"`).FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("no \"Entra con CIE\" button on the home page:\n%s", home)
	}
	res, chooser := browsertest.Get(t, c, base+html.UnescapeString(m[1]))
	if res.StatusCode != http.StatusOK || !strings.Contains(chooser, "Identity provider di prova (CIE)") {
		t.Fatalf("login: %d\n%s", res.StatusCode, chooser)
	}
	res, autoPost := browsertest.Submit(t, c, chooser, url.Values{"user": {"mario.rossi"}, "action": {action}})
	if res.StatusCode != http.StatusOK || !strings.Contains(autoPost, "SAMLResponse") {
		t.Fatalf("IdP: %d\n%s", res.StatusCode, autoPost)
	}
	return browsertest.Submit(t, c, autoPost, nil) // the browser's auto-submit to the ACS
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, md := browsertest.Get(t, c, base+"/metadata")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(md, "<?xml") {
		t.Fatalf("metadata: %d %s\n%.300s", res.StatusCode, res.Header.Get("Content-Type"), md)
	}
	for _, want := range []string{
		`entityID="https://localhost"`, "<ds:Signature", base + "/acs", base + "/slo",
		`xmlns:cie="` + cie.Namespace + `"`, `contactType="administrative"`, "<cie:Public", "<cie:IPACode>c_x000</cie:IPACode>",
		"<cie:Municipality>H501</cie:Municipality>", "<md:Company>Comune di Esempio</md:Company>",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the metadata lacks %s\n%s", want, md)
		}
	}
	if strings.Contains(md, "spid:") || strings.Contains(md, `Name="email"`) {
		t.Errorf("the CIE metadata has SPID extensions or attributes beyond the eIDAS minimum:\n%s", md)
	}
}

func TestHomePage(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, home := browsertest.Get(t, c, base+"/")
	if res.StatusCode != http.StatusOK || !strings.Contains(home, `lang="it"`) || !strings.Contains(home, "Entra con CIE") ||
		!strings.Contains(home, `href="/static/cie-button.css"`) {
		t.Fatalf("home: %d\n%s", res.StatusCode, home)
	}
	for path, ctype := range map[string]string{"/static/cie-button.css": "text/css", "/static/cie-icon.svg": "image/svg+xml"} {
		res, b := browsertest.Get(t, c, base+path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) || len(b) == 0 {
			t.Errorf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, home := login(t, base, c, "login")
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || !strings.Contains(home, "Benvenuto, Mario Rossi") ||
		!strings.Contains(home, "RSSMRA80A01H501U") || !strings.Contains(home, "CIE livello 2") {
		t.Fatalf("after login: %d %s\n%s", res.StatusCode, res.Request.URL, home)
	}

	// Logout ends the local session only: CIE has no SAML single logout, so
	// the browser never goes to the IdP.
	var visited []string
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		visited = append(visited, req.URL.Path)
		return nil
	}
	res, home = browsertest.Get(t, c, base+"/logout")
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || strings.Contains(home, "Benvenuto") || !strings.Contains(home, "Entra con CIE") {
		t.Fatalf("after logout: %d %s\n%s", res.StatusCode, res.Request.URL, home)
	}
	for _, p := range visited {
		if strings.HasPrefix(p, "/idp/") {
			t.Errorf("logout went to the IdP (%s); CIE has no single logout", p)
		}
	}
}

func TestLoginCancelled(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, page := login(t, base, c, "cancel")
	if res.StatusCode < 400 || res.StatusCode > 499 || !strings.Contains(page, "Accesso non riuscito") || !strings.Contains(page, "25") {
		t.Fatalf("cancelled login: %d\n%s", res.StatusCode, page)
	}
	if _, home := browsertest.Get(t, c, base+"/"); strings.Contains(home, "Benvenuto") {
		t.Error("a cancelled login opened a session")
	}
}

// TestLoginOtherBrowser: a Response obtained in one browser does not log in
// another (Handlers bind logins to the browser by default: login CSRF).
func TestLoginOtherBrowser(t *testing.T) {
	t.Parallel()
	base, attacker := server(t)
	res, chooser := browsertest.Get(t, attacker, base+"/login")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login: %d", res.StatusCode)
	}
	_, autoPost := browsertest.Submit(t, attacker, chooser, url.Values{"user": {"mario.rossi"}, "action": {"login"}})
	victim := browsertest.Client(t)
	if res, page := browsertest.Submit(t, victim, autoPost, nil); res.StatusCode != http.StatusForbidden {
		t.Fatalf("response posted by another browser: %d\n%s", res.StatusCode, page)
	}
}

func TestEnvironments(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		flag string
		want cie.Environment
	}{{"test", cie.Test}, {"preproduction", cie.PreProduction}, {"pre-production", cie.PreProduction}, {"production", cie.Production}} {
		if got, err := parseEnvironment(tt.flag); err != nil || got != tt.want {
			t.Errorf("parseEnvironment(%q) = %v, %v; want %v", tt.flag, got, err, tt.want)
		}
	}
	if _, err := parseEnvironment("staging"); err == nil {
		t.Error("parseEnvironment accepts an unknown environment")
	}

	t.Run("pre-production", func(t *testing.T) {
		t.Parallel()
		o := testOptions(t, "https://localhost")
		o.Environment = cie.PreProduction
		h, err := newServer(t.Context(), o)
		if err != nil {
			t.Fatalf("pre-production with the embedded IdP metadata: %v", err)
		}
		// No demo IdP: the login goes to the Ministry's pre-production server.
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "https://localhost/login", nil))
		if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, cie.PreProduction.SSOLocation(false)+"?") {
			t.Errorf("login: %d, Location %q", rec.Code, loc)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "https://localhost/idp/", nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("the test IdP is mounted outside demo mode: %d", rec.Code)
		}
	})
	t.Run("production needs the IdP metadata", func(t *testing.T) {
		t.Parallel()
		o := testOptions(t, "https://localhost")
		o.Environment = cie.Production
		if _, err := newServer(t.Context(), o); err == nil || !strings.Contains(err.Error(), "-idp-metadata") {
			t.Errorf("production without -idp-metadata: %v", err)
		}
		o.IdPFile = filepath.Join(t.TempDir(), "missing.xml")
		if _, err := newServer(t.Context(), o); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("production with a missing file: %v", err)
		}
	})
}
