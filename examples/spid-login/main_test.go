package main

import (
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siopi/siopi/internal/browsertest"
)

// server starts the example in-process against its embedded spidtest IdP,
// with fresh keys, and returns its URL and a browser-like client (cookie jar,
// redirects followed).
func server(t *testing.T) (string, *http.Client) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	dir := t.TempDir()
	h, err := newServer(t.Context(), options{
		EntityID: "https://localhost", BaseURL: base, KeyPath: filepath.Join(dir, "sp.key"), CertPath: filepath.Join(dir, "sp.crt"),
		Org: "Comune di Esempio", IPA: "c_x000", Email: "protocollo@comune.example.it", Demo: true, BindBrowser: true,
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: h}}
	srv.Start()
	t.Cleanup(srv.Close)
	return base, browsertest.Client(t)
}

// login drives a login through the test IdP's chooser with the given action
// and returns the last response after the ACS.
func login(t *testing.T, base string, c *http.Client, action string) (*http.Response, string) {
	t.Helper()
	res, chooser := browsertest.Get(t, c, base+"/login")
	if res.StatusCode != http.StatusOK || !strings.Contains(chooser, "Identity provider di prova") {
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
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(md, "<?xml") || !strings.Contains(md, `entityID="https://localhost"`) ||
		!strings.Contains(md, "<ds:Signature") || !strings.Contains(md, base+"/acs") {
		t.Fatalf("metadata: %d %s\n%.300s", res.StatusCode, res.Header.Get("Content-Type"), md)
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, home := login(t, base, c, "login")
	if res.StatusCode != http.StatusOK || res.Request.URL.Path != "/" || !strings.Contains(home, "Benvenuto, Mario Rossi") ||
		!strings.Contains(home, "RSSMRA80A01H501U") {
		t.Fatalf("after login: %d %s\n%s", res.StatusCode, res.Request.URL, home)
	}
	// Logout ends the session (SP-initiated SLO through the test IdP).
	res, home = browsertest.Get(t, c, base+"/logout")
	if res.StatusCode != http.StatusOK || strings.Contains(home, "Benvenuto") {
		t.Fatalf("after logout: %d %s\n%s", res.StatusCode, res.Request.URL, home)
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
	res, page := browsertest.Submit(t, victim, autoPost, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("response posted by another browser: %d\n%s", res.StatusCode, page)
	}
}
