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

// TestBrowserLogin drives "Entra con CIE" in headless Chromium: the button on
// the home page (visible, with the accessible name "Entra con CIE"), the test
// IdP's chooser page, the IdP's auto-submitting form (run by the browser's
// own JavaScript) into the ACS, and the page that greets the citizen; then
// the local logout and a cancelled login, which ends on the Italian error
// page. Screenshots go to the test's artifact directory.
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
	// eval evaluates a JavaScript expression that yields a string.
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("evaluate %s: %v", js, err)
		}
		return s
	}

	// The citizen opens the application and sees the "Entra con CIE" button,
	// styled by the style sheet from cie.Assets.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	waitText("Entra con CIE")
	const button = "a.cie-button"
	// The accessible name of a link is its text content (the icon is
	// aria-hidden and has no text), unless an aria-label overrides it.
	name := eval(`(() => { const b = document.querySelector("` + button + `");
		if (!b) return "";
		if (b.getAttribute("aria-label")) return b.getAttribute("aria-label");
		return [...b.childNodes].filter(n => !(n.nodeType === 1 && n.getAttribute("aria-hidden") === "true"))
			.map(n => n.textContent).join("").trim(); })()`)
	if name != "Entra con CIE" {
		t.Errorf("the button's accessible name is %q, want \"Entra con CIE\"", name)
	}
	// Visible, CIE blue, and a touch target of at least 44×44 pixels.
	look := eval(`(() => { const b = document.querySelector("` + button + `"), r = b.getBoundingClientRect(), s = getComputedStyle(b);
		return [r.width >= 44 && r.height >= 44, s.visibility, s.display, s.backgroundColor, s.color].join(" "); })()`)
	if want := "true visible inline-flex rgb(0, 102, 204) rgb(255, 255, 255)"; look != want {
		t.Errorf("the button looks like %q, want %q (visible, 44×44, white on #0066CC)", look, want)
	}
	if icon := eval(`(() => { const i = document.querySelector("` + button + ` svg"); if (!i) return "none";
		const r = i.getBoundingClientRect(); return r.width > 0 && r.height > 0 ? "drawn" : "empty"; })()`); icon != "drawn" {
		t.Errorf("the button's card icon is %s", icon)
	}
	shot("1-home")
	// Reached with Tab (it is the page's first control), it shows the focus
	// ring.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
		t.Fatalf("press Tab: %v", err)
	}
	if ring := eval(`(() => { const b = document.activeElement;
		if (!b.matches("` + button + `")) return "focus on " + b.tagName;
		return b.matches(":focus-visible") ? getComputedStyle(b).outlineStyle : "no focus-visible"; })()`); ring != "solid" {
		t.Errorf("the focused button's outline is %q, want a visible ring", ring)
	}
	shot("1-home-focused")

	// The button leads to the (test) CieID server's chooser.
	click(button)
	waitText("Identity provider di prova (CIE)")
	shot("2-idp-chooser")
	click(`input[name="user"][value="mario.rossi"]`)
	click(`button[value="login"]`)
	home := waitText("Benvenuto, Mario Rossi")
	shot("3-logged-in")
	if !strings.Contains(home, "RSSMRA80A01H501U") || !strings.Contains(home, "CIE livello 2") {
		t.Errorf("the home page does not show the fiscal number and the level:\n%s", home)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !strings.HasPrefix(loc, base+"/") {
		t.Errorf("after login the browser is at %q (%v), want the application", loc, err)
	}

	// Logout ends the local session only (CIE has no single logout).
	click(`a[href="/logout"]`)
	waitText("Entra con CIE")
	if loc, err := chromedp.Run(ctx, chromedp.Location()); err != nil || loc != base+"/" {
		t.Errorf("after logout the browser is at %q (%v), want the home page", loc, err)
	}

	// A citizen who cancels at the IdP sees the error page, not a session.
	click(button)
	waitText("Identity provider di prova (CIE)")
	click(`button[value="cancel"]`)
	page := waitText("Accesso non riuscito")
	shot("4-cancelled")
	if strings.Contains(page, "Benvenuto") {
		t.Errorf("a cancelled login greets the citizen:\n%s", page)
	}
}
