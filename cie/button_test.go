package cie

import (
	"bytes"
	"encoding/xml"
	"io"
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestIconIsSVG parses the icon as XML: an svg root in the SVG namespace
// with a viewBox, a title, and no script or external reference.
func TestIconIsSVG(t *testing.T) {
	t.Parallel()
	b, err := fs.ReadFile(Assets(), "cie-icon.svg")
	if err != nil {
		t.Fatal(err)
	}
	if string(bytes.TrimSpace(b)) != string(Icon()) {
		t.Error("Icon() differs from the served cie-icon.svg")
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	var root *xml.StartElement
	var title bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("icon is not well-formed XML: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root == nil {
			root = &se
		}
		switch se.Name.Local {
		case "title":
			title = true
		case "script", "foreignObject", "image", "use":
			t.Errorf("icon contains <%s>", se.Name.Local)
		}
		for _, a := range se.Attr {
			if a.Name.Local == "href" || strings.HasPrefix(a.Name.Local, "on") {
				t.Errorf("icon has attribute %s", a.Name.Local)
			}
		}
	}
	if root == nil || root.Name.Space != "http://www.w3.org/2000/svg" || root.Name.Local != "svg" {
		t.Fatalf("root element is %v, want svg in the SVG namespace", root)
	}
	var viewBox bool
	for _, a := range root.Attr {
		viewBox = viewBox || a.Name.Local == "viewBox"
	}
	if !viewBox || !title {
		t.Errorf("viewBox %v, title %v: both are required", viewBox, title)
	}
}

// TestButtonAccessibleName renders each variant, parses it as HTML and
// checks that the interactive element's accessible name (its text, the
// icon being aria-hidden) is "Entra con CIE".
func TestButtonAccessibleName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts ButtonOptions
		tag  string
	}{
		{"link", ButtonOptions{URL: "/cie/login?next=/servizi"}, "a"},
		{"post", ButtonOptions{URL: "/cie/login", POST: true, Size: ButtonExtraLarge}, "button"},
		{"small", ButtonOptions{URL: "/cie/login", Size: ButtonSmall}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := Button(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := html.Parse(strings.NewReader(string(out)))
			if err != nil {
				t.Fatal(err)
			}
			el := find(doc, tt.tag)
			if el == nil {
				t.Fatalf("no <%s> in %s", tt.tag, out)
			}
			if got := accessibleName(el); got != "Entra con CIE" {
				t.Errorf("accessible name %q, want %q", got, "Entra con CIE")
			}
			size := string(tt.opts.Size)
			if size == "" {
				size = "m"
			}
			if class := attr(el, "class"); class != "cie-button cie-button--"+size {
				t.Errorf("class %q", class)
			}
			switch tt.tag {
			case "a":
				if attr(el, "href") != tt.opts.URL {
					t.Errorf("href %q, want %q", attr(el, "href"), tt.opts.URL)
				}
			case "button":
				form := find(doc, "form")
				if attr(form, "method") != "post" || attr(form, "action") != tt.opts.URL || attr(el, "type") != "submit" {
					t.Errorf("form %v button type %q", form.Attr, attr(el, "type"))
				}
			}
		})
	}
}

func TestButtonRejects(t *testing.T) {
	t.Parallel()
	if _, err := Button(ButtonOptions{}); err == nil {
		t.Error("no URL: want an error")
	}
	if _, err := Button(ButtonOptions{URL: "/x", Size: "xxl"}); err == nil {
		t.Error("unknown size: want an error")
	}
	out, err := Button(ButtonOptions{URL: `javascript:alert(1)`})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "javascript:") {
		t.Errorf("unsafe URL not neutralised: %s", out)
	}
}

// TestButtonCSS checks the guideline properties: CIE blue with white text
// and a contrast of at least 4.5:1 in every state, a visible focus style,
// and touch targets of at least 44 pixels.
func TestButtonCSS(t *testing.T) {
	t.Parallel()
	css := string(ButtonCSS())
	for _, want := range []string{"background: #0066cc", "color: #ffffff", ":focus-visible", "outline: 3px solid", "min-height: 44px"} {
		if !strings.Contains(css, want) {
			t.Errorf("style sheet lacks %q", want)
		}
	}
	for _, m := range regexp.MustCompile(`background: (#[0-9a-f]{6})`).FindAllStringSubmatch(css, -1) {
		if r := contrast(m[1], "#ffffff"); r < 4.5 {
			t.Errorf("white on %s has contrast %.2f < 4.5", m[1], r)
		}
	}
	for _, m := range regexp.MustCompile(`min-height: (\d+)px`).FindAllStringSubmatch(css, -1) {
		if n, _ := strconv.Atoi(m[1]); n < 44 {
			t.Errorf("min-height %dpx < 44px", n)
		}
	}
}

func find(n *html.Node, tag string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := find(c, tag); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// accessibleName approximates the accessible-name computation for a link or
// button named by its content: aria-label wins, aria-hidden subtrees are
// skipped, text is concatenated and whitespace collapsed.
func accessibleName(n *html.Node) string {
	if l := attr(n, "aria-label"); l != "" {
		return l
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && attr(n, "aria-hidden") == "true" {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data + " ")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// contrast returns the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}
