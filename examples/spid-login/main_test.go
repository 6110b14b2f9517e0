package main

import (
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	formRE   = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
	hiddenRE = regexp.MustCompile(`type="hidden" name="(\w+)" value="([^"]*)"`)
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
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return base, &http.Client{Jar: jar}
}

func get(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return res, body(t, res)
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// submit posts the page's form (as a browser would) with extra fields.
func submit(t *testing.T, c *http.Client, page string, extra url.Values) (*http.Response, string) {
	t.Helper()
	m := formRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no form in:\n%s", page)
	}
	form := url.Values{}
	for _, f := range hiddenRE.FindAllStringSubmatch(page, -1) {
		form.Set(f[1], html.UnescapeString(f[2]))
	}
	for k, v := range extra {
		form[k] = v
	}
	res, err := c.PostForm(html.UnescapeString(m[1]), form)
	if err != nil {
		t.Fatal(err)
	}
	return res, body(t, res)
}

// login drives a login through the test IdP's chooser with the given action
// and returns the last response after the ACS.
func login(t *testing.T, base string, c *http.Client, action string) (*http.Response, string) {
	t.Helper()
	res, chooser := get(t, c, base+"/login")
	if res.StatusCode != http.StatusOK || !strings.Contains(chooser, "Identity provider di prova") {
		t.Fatalf("login: %d\n%s", res.StatusCode, chooser)
	}
	res, autoPost := submit(t, c, chooser, url.Values{"user": {"mario.rossi"}, "action": {action}})
	if res.StatusCode != http.StatusOK || !strings.Contains(autoPost, "SAMLResponse") {
		t.Fatalf("IdP: %d\n%s", res.StatusCode, autoPost)
	}
	return submit(t, c, autoPost, nil) // the browser's auto-submit to the ACS
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	base, c := server(t)
	res, md := get(t, c, base+"/metadata")
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
	res, home = get(t, c, base+"/logout")
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
	if _, home := get(t, c, base+"/"); strings.Contains(home, "Benvenuto") {
		t.Error("a cancelled login opened a session")
	}
}

// TestLoginOtherBrowser: a Response obtained in one browser does not log in
// another (Handlers bind logins to the browser by default: login CSRF).
func TestLoginOtherBrowser(t *testing.T) {
	t.Parallel()
	base, attacker := server(t)
	res, chooser := get(t, attacker, base+"/login")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("login: %d", res.StatusCode)
	}
	_, autoPost := submit(t, attacker, chooser, url.Values{"user": {"mario.rossi"}, "action": {"login"}})
	jar, _ := cookiejar.New(nil)
	victim := &http.Client{Jar: jar}
	res, page := submit(t, victim, autoPost, nil)
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("response posted by another browser: %d\n%s", res.StatusCode, page)
	}
}
