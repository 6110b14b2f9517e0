package main

import (
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/browsertest"
)

// TestBrowserLogin drives the example's login in headless Chromium: the login
// link, the test IdP's chooser page, the IdP's auto-submitting form (run by
// the browser's own JavaScript) into the ACS, the browser-binding cookie, and
// the page that greets the citizen. A cancelled login ends on the Italian
// error page. Screenshots go to the test's artifact directory.
func TestBrowserLogin(t *testing.T) {
	base, _ := server(t)
	p := browsertest.NewPage(t, 90*time.Second)

	// The citizen opens the application and chooses the (test) IdP.
	p.Navigate(base + "/")
	p.WaitText("Entra con SPID")
	p.Click(`a[href^="/login?idp="]`)
	p.WaitText("Identity provider di prova")
	p.Screenshot("1-idp-chooser")
	p.Click(`button[value="login"]`)
	home := p.WaitText("Benvenuto, Mario Rossi")
	p.Screenshot("2-logged-in")
	if !strings.Contains(home, "RSSMRA80A01H501U") {
		t.Errorf("the home page does not show the fiscal number:\n%s", home)
	}
	if loc := p.Location(); !strings.HasPrefix(loc, base+"/") {
		t.Errorf("after login the browser is at %q, want the application", loc)
	}

	// Logout goes through the IdP (SP-initiated SLO) and back.
	p.Click(`a[href="/logout"]`)
	p.WaitText("Entra con SPID")

	// A citizen who cancels at the IdP sees the SPID error page, not a session.
	p.Click(`a[href^="/login?idp="]`)
	p.WaitText("Identity provider di prova")
	p.Click(`button[value="cancel"]`)
	page := p.WaitText("Accesso non riuscito")
	p.Screenshot("3-cancelled")
	if strings.Contains(page, "Benvenuto") {
		t.Errorf("a cancelled login greets the citizen:\n%s", page)
	}
}
