package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/siopi/siopi/internal/browsertest"
)

// TestBrowserLogin drives the example's login in headless Chromium: the login
// link, the test IdP's chooser page, the IdP's auto-submitting form (run by
// the browser's own JavaScript) into the ACS, the browser-binding cookie, and
// the page that greets the citizen. A cancelled login ends on the Italian
// error page. Screenshots go to the test's artifact directory.
func TestBrowserLogin(t *testing.T) {
	base, _ := server(t)
	ctx := browsertest.New(t, 90*time.Second)

	// waitText polls the page until its text contains want, and returns it.
	waitText := func(want string) string {
		t.Helper()
		var text string
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			var err error
			text, err = chromedp.Run(ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
			if err == nil && strings.Contains(text, want) {
				return text
			}
		}
		t.Fatalf("the page never showed %q; it shows:\n%s", want, text)
		return ""
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // quality 100 gives PNG
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		if err := os.WriteFile(filepath.Join(t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	click := func(css string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
			t.Fatalf("click %s: %v", css, err)
		}
	}

	// The citizen opens the application and chooses the (test) IdP.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitText("Entra con SPID")
	click(`a[href^="/login?idp="]`)
	waitText("Identity provider di prova")
	shot("1-idp-chooser")
	click(`button[value="login"]`)
	home := waitText("Benvenuto, Mario Rossi")
	shot("2-logged-in")
	if !strings.Contains(home, "RSSMRA80A01H501U") {
		t.Errorf("the home page does not show the fiscal number:\n%s", home)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasPrefix(loc, base+"/") {
		t.Errorf("after login the browser is at %q (%v), want the application", loc, err)
	}

	// Logout goes through the IdP (SP-initiated SLO) and back.
	click(`a[href="/logout"]`)
	waitText("Entra con SPID")

	// A citizen who cancels at the IdP sees the SPID error page, not a session.
	click(`a[href^="/login?idp="]`)
	waitText("Identity provider di prova")
	click(`button[value="cancel"]`)
	page := waitText("Accesso non riuscito")
	shot("3-cancelled")
	if strings.Contains(page, "Benvenuto") {
		t.Errorf("a cancelled login greets the citizen:\n%s", page)
	}
}
