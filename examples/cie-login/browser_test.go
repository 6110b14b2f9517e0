package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/siopi/siopi/internal/browsertest"
)

// TestBrowserLogin drives "Entra con CIE" in headless Chromium: the button on
// the home page (visible, with the accessible name "Entra con CIE"), the test
// IdP's chooser page, the IdP's auto-submitting form (run by the browser's
// own JavaScript) into the ACS, and the page that greets the citizen; then
// the local logout and a cancelled login, which ends on the Italian error
// page. Screenshots go to the test's artifact directory.
func TestBrowserLogin(t *testing.T) {
	base, _ := server(t)
	p := browsertest.NewPage(t, 90*time.Second)

	// The citizen opens the application and sees the "Entra con CIE" button,
	// styled by the style sheet from cie.Assets.
	p.Navigate(base + "/")
	p.WaitText("Entra con CIE")
	const button = "a.cie-button"
	// The accessible name of a link is its text content (the icon is
	// aria-hidden and has no text), unless an aria-label overrides it.
	name := p.Eval(`(() => { const b = document.querySelector("` + button + `");
		if (!b) return "";
		if (b.getAttribute("aria-label")) return b.getAttribute("aria-label");
		return [...b.childNodes].filter(n => !(n.nodeType === 1 && n.getAttribute("aria-hidden") === "true"))
			.map(n => n.textContent).join("").trim(); })()`)
	if name != "Entra con CIE" {
		t.Errorf("the button's accessible name is %q, want \"Entra con CIE\"", name)
	}
	// Visible, CIE blue, and a touch target of at least 44×44 pixels.
	look := p.Eval(`(() => { const b = document.querySelector("` + button + `"), r = b.getBoundingClientRect(), s = getComputedStyle(b);
		return [r.width >= 44 && r.height >= 44, s.visibility, s.display, s.backgroundColor, s.color].join(" "); })()`)
	if want := "true visible inline-flex rgb(0, 102, 204) rgb(255, 255, 255)"; look != want {
		t.Errorf("the button looks like %q, want %q (visible, 44×44, white on #0066CC)", look, want)
	}
	if icon := p.Eval(`(() => { const i = document.querySelector("` + button + ` svg"); if (!i) return "none";
		const r = i.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? "drawn" : "empty"; })()`); icon != "drawn" {
		t.Errorf("the button's card icon is %s", icon)
	}
	p.Screenshot("1-home")
	// Reached with Tab (it is the page's first control), it shows the focus
	// ring.
	if err := chromedp.Do(p.Context(), chromedp.KeyEvent("\t")); err != nil {
		t.Fatalf("press Tab: %v", err)
	}
	if ring := p.Eval(`(() => { const b = document.activeElement;
		if (!b.matches("` + button + `")) return "focus on " + b.tagName;
		return b.matches(":focus-visible") ? getComputedStyle(b).outlineStyle : "no focus-visible"; })()`); ring != "solid" {
		t.Errorf("the focused button's outline is %q, want a visible ring", ring)
	}
	p.Screenshot("1-home-focused")

	// The button leads to the (test) CieID server's chooser.
	p.Click(button)
	p.WaitText("Identity provider di prova (CIE)")
	p.Screenshot("2-idp-chooser")
	p.Click(`input[name="user"][value="mario.rossi"]`)
	p.Click(`button[value="login"]`)
	home := p.WaitText("Benvenuto, Mario Rossi")
	p.Screenshot("3-logged-in")
	if !strings.Contains(home, "RSSMRA80A01H501U") || !strings.Contains(home, "CIE livello 2") {
		t.Errorf("the home page does not show the fiscal number and the level:\n%s", home)
	}
	if loc := p.Location(); !strings.HasPrefix(loc, base+"/") {
		t.Errorf("after login the browser is at %q, want the application", loc)
	}

	// Logout ends the local session only (CIE has no single logout).
	p.Click(`a[href="/logout"]`)
	p.WaitText("Entra con CIE")
	if loc := p.Location(); loc != base+"/" {
		t.Errorf("after logout the browser is at %q, want the home page", loc)
	}

	// A citizen who cancels at the IdP sees the error page, not a session.
	p.Click(button)
	p.WaitText("Identity provider di prova (CIE)")
	p.Click(`button[value="cancel"]`)
	page := p.WaitText("Accesso non riuscito")
	p.Screenshot("4-cancelled")
	if strings.Contains(page, "Benvenuto") {
		t.Errorf("a cancelled login greets the citizen:\n%s", page)
	}
}
