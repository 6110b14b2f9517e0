package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Page is one browser tab driven by a test. Its methods fail the test on
// error, so that a browser test reads as the steps a citizen takes.
type Page struct {
	t   testing.TB
	ctx context.Context
}

// NewPage starts a browser with [New] and returns its tab.
func NewPage(t testing.TB, timeout time.Duration) *Page {
	t.Helper()
	return &Page{t: t, ctx: New(t, timeout)}
}

// Context returns the chromedp context of the tab, for actions Page lacks.
func (p *Page) Context() context.Context { return p.ctx }

// Navigate opens url.
func (p *Page) Navigate(url string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Navigate(url)); err != nil {
		p.t.Fatalf("navigate to %s: %v", url, err)
	}
}

// Click clicks the first element that matches the CSS selector.
func (p *Page) Click(css string) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(css))); err != nil {
		p.t.Fatalf("click %s: %v", css, err)
	}
}

// Eval evaluates a JavaScript expression that yields a string.
func (p *Page) Eval(js string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return s
}

// Location returns the tab's current URL.
func (p *Page) Location() string {
	p.t.Helper()
	loc, err := chromedp.Run(p.ctx, chromedp.Location())
	if err != nil {
		p.t.Fatalf("location: %v", err)
	}
	return loc
}

// WaitText waits up to 20 seconds for the page's visible text to contain
// want, across the navigations that forms and redirects cause, and returns
// that text.
func (p *Page) WaitText(want string) string {
	p.t.Helper()
	var text string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var err error
		text, err = chromedp.Run(p.ctx, chromedp.Evaluate[string]("document.body ? document.body.innerText : ''"))
		if err == nil && strings.Contains(text, want) {
			return text
		}
	}
	p.t.Fatalf("the page never showed %q; it shows:\n%s", want, text)
	return ""
}

// Screenshot saves a PNG of the whole page as name.png in the test's
// artifact directory (kept with go test -artifacts).
func (p *Page) Screenshot(name string) {
	p.t.Helper()
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)) // quality 100 gives PNG
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(filepath.Join(p.t.ArtifactDir(), name+".png"), png, 0o644); err != nil {
		p.t.Fatal(err)
	}
}
