package cie

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"sync"
)

//go:embed assets/cie-button.css assets/cie-icon.svg assets/button.html.tmpl
var assets embed.FS

// The "Entra con CIE" button. No package ships CIE's artwork, so siopi draws
// its own after the official guidelines: CIE blue (#0066CC) with white text
// "Entra con CIE", a card icon, visible focus, and a touch target of at least
// 44x44 pixels at every size.

// ButtonSize is the size of the "Entra con CIE" button, as for the SPID
// button: s, m (the default), l or xl.
type ButtonSize string

// The button sizes.
const (
	ButtonSmall      ButtonSize = "s"
	ButtonMedium     ButtonSize = "m"
	ButtonLarge      ButtonSize = "l"
	ButtonExtraLarge ButtonSize = "xl"
)

// ButtonOptions configures [Button]. The zero value with a URL is a medium
// link button.
type ButtonOptions struct {
	// URL starts the CIE login (the SP's login handler), e.g. "/cie/login".
	URL string
	// Size is the button size; empty means ButtonMedium.
	Size ButtonSize
	// POST renders a form that posts to URL instead of a link.
	POST bool
}

// Assets returns the button's static files for the portal to serve:
// "cie-button.css" and "cie-icon.svg".
func Assets() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil { // cannot happen: the directory is embedded
		panic(err)
	}
	return sub
}

// ButtonCSS returns the button's style sheet, for inlining in a page.
func ButtonCSS() template.CSS {
	b, _ := assets.ReadFile("assets/cie-button.css")
	return template.CSS(b) //nolint:gosec // a constant embedded file
}

// Icon returns the project's CIE card icon as inline SVG markup. It draws
// with currentColor, so it takes the colour of the surrounding text.
func Icon() template.HTML {
	b, _ := assets.ReadFile("assets/cie-icon.svg")
	return template.HTML(bytes.TrimSpace(b)) //nolint:gosec // a constant embedded file
}

// ButtonTemplate returns a fresh template set that defines "cie-button",
// for a portal to add to its own templates; execute it with
// [ButtonOptions]. The button's accessible name is its visible text,
// "Entra con CIE"; the icon is decorative (aria-hidden).
func ButtonTemplate() *template.Template {
	return template.Must(template.New("cie").
		Funcs(template.FuncMap{"icon": Icon}).
		ParseFS(assets, "assets/button.html.tmpl"))
}

// buttonTemplate is the parsed template [Button] executes; templates are
// safe for concurrent execution.
var buttonTemplate = sync.OnceValue(ButtonTemplate)

// Button renders the "Entra con CIE" button. Include [ButtonCSS] or the
// style sheet from [Assets] in the page.
func Button(opts ButtonOptions) (template.HTML, error) {
	switch opts.Size {
	case "":
		opts.Size = ButtonMedium
	case ButtonSmall, ButtonMedium, ButtonLarge, ButtonExtraLarge:
	default:
		return "", fmt.Errorf("cie: button: unknown size %q", opts.Size)
	}
	if opts.URL == "" {
		return "", fmt.Errorf("cie: button: the login URL is required")
	}
	var buf bytes.Buffer
	if err := buttonTemplate().ExecuteTemplate(&buf, "cie-button", opts); err != nil {
		return "", fmt.Errorf("cie: button: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // escaped by html/template
}
