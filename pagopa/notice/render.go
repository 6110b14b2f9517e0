package notice

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/workday"
)

//go:embed fonts/*.ttf fonts/*.json fonts/*.z
var fontFS embed.FS

// Config configures a [Renderer]. The zero value renders with the embedded Titillium Web fonts.
type Config struct {
	// CoreFonts renders with the PDF core font Helvetica instead of the embedded Titillium Web
	// (smaller files, Windows-1252 text only).
	CoreFonts bool
	// WinAnsi embeds Titillium Web whole in Windows-1252 encoding instead of as a Unicode subset:
	// about twice as fast, but characters outside Windows-1252 (e.g. Romanian ș, Polish ł) print
	// as "?". The default (Unicode) prints any name.
	WinAnsi bool
	// Now stamps the PDF's creation date; nil means time.Now. A fixed clock gives byte-identical
	// output for identical input.
	Now func() time.Time
}

// Renderer renders payment notices as PDF. It is safe for concurrent use; each Render builds its
// own document.
type Renderer struct {
	family  string
	fonts   map[string][]byte    // style → TTF (Unicode mode)
	winAnsi map[string][2][]byte // style → font definition JSON and zlib font file (WinAnsi mode)
	now     func() time.Time
}

// New returns a renderer.
func New(cfg Config) (*Renderer, error) {
	r := &Renderer{family: "Helvetica", now: cfg.Now}
	if r.now == nil {
		r.now = time.Now
	}
	switch {
	case cfg.CoreFonts:
	case cfg.WinAnsi:
		r.family = "TitilliumW"
		r.winAnsi = map[string][2][]byte{}
		for style, name := range map[string]string{"": "TitilliumWeb_400Regular", "B": "TitilliumWeb_700Bold", "I": "TitilliumWeb_600SemiBold"} {
			js, err1 := fontFS.ReadFile("fonts/" + name + ".json")
			z, err2 := fontFS.ReadFile("fonts/" + name + ".z")
			if err := errors.Join(err1, err2); err != nil {
				return nil, fmt.Errorf("notice: font %s: %w", name, err)
			}
			r.winAnsi[style] = [2][]byte{js, z}
		}
	default:
		r.family = "Titillium"
		r.fonts = map[string][]byte{}
		for style, file := range map[string]string{"": "TitilliumWeb_400Regular.ttf", "B": "TitilliumWeb_700Bold.ttf", "I": "TitilliumWeb_600SemiBold.ttf"} {
			b, err := fontFS.ReadFile("fonts/" + file)
			if err != nil {
				return nil, fmt.Errorf("notice: font %s: %w", file, err)
			}
			r.fonts[style] = b
		}
	}
	return r, nil
}

// Render writes n as a PDF to w: the first page carries the header (subject, creditor, debtor,
// amount and due date, where to pay) and as many payment slips as fit; further pages carry the
// remaining slips, three per page (two when each has a postal slip).
func (r *Renderer) Render(w io.Writer, n *Notice) error {
	if err := n.Validate(); err != nil {
		return err
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(margin, margin, margin)
	now := r.now().UTC().Truncate(time.Second)
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("Avviso di pagamento pagoPA - "+n.Subject, true)
	pdf.SetCreator("siopi", true)
	pdf.SetLang("it-IT")
	for style, b := range r.fonts {
		pdf.AddUTF8FontFromBytes(r.family, style, b)
	}
	for style, b := range r.winAnsi {
		pdf.AddFontFromBytes(r.family, style, b[0], b[1])
	}
	d := &doc{pdf: pdf, family: r.family, n: n, utf8: r.fonts != nil, italic: r.fonts != nil || r.winAnsi != nil}
	if len(n.Creditor.Logo) > 0 {
		d.registerLogo()
	}
	d.render()
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("notice: render: %w", err)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("notice: write: %w", err)
	}
	return nil
}

// RenderBytes renders n and returns the PDF.
func (r *Renderer) RenderBytes(n *Notice) ([]byte, error) {
	var b bytes.Buffer
	if err := r.Render(&b, n); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Page geometry, in millimetres.
const (
	pageW, pageH = 210.0, 297.0
	margin       = 10.0
	contentW     = pageW - 2*margin
	bankSlipH    = 58.0
	posteSlipH   = 66.0
	slipGap      = 5.0
)

// doc is one rendering in progress.
type doc struct {
	pdf    *fpdf.Fpdf
	family string
	n      *Notice
	utf8   bool // the font takes UTF-8; otherwise text is translated to Windows-1252
	italic bool // the "I" style (SemiBold here) exists
	logo   string
}

func (d *doc) registerLogo() {
	typ := "PNG"
	if bytes.HasPrefix(d.n.Creditor.Logo, []byte{0xff, 0xd8}) {
		typ = "JPG"
	}
	info := d.pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(d.n.Creditor.Logo))
	if info == nil || d.pdf.Err() {
		d.pdf.ClearError() // an unreadable logo is left out rather than failing the notice
		return
	}
	d.logo = "logo"
}

func (d *doc) render() {
	ps := d.n.payments()
	slipH := bankSlipH
	if d.n.Creditor.PostalAccount != "" {
		slipH += posteSlipH
	}
	d.pdf.AddPage()
	y := d.header()
	for len(ps) > 0 {
		fit := int((pageH - margin - y + slipGap) / (slipH + slipGap))
		if fit < 1 {
			d.pdf.AddPage()
			y = d.continuationHeader()
			continue
		}
		fit = min(fit, 3, len(ps))
		for _, p := range ps[:fit] {
			d.slip(y, p)
			y += slipH + slipGap
		}
		ps = ps[fit:]
		if len(ps) > 0 {
			d.pdf.AddPage()
			y = d.continuationHeader()
		}
	}
}

// text converts s for the current font: UTF-8 fonts take it as is, core fonts need Latin-1.
func (d *doc) text(s string) string {
	if d.utf8 {
		return s
	}
	return toCP1252(s)
}

func (d *doc) font(style string, size float64) {
	if style == "I" && !d.italic {
		style = "B"
	}
	d.pdf.SetFont(d.family, style, size)
}

// euro formats an amount the Italian way: 1.234,56.
func euro(a pagopa.Amount) string {
	c := a.Cents()
	units := strconv.FormatInt(c/100, 10)
	var b strings.Builder
	for i, ch := range units {
		if i > 0 && (len(units)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(ch)
	}
	return fmt.Sprintf("%s,%02d", b.String(), c%100)
}

// date formats the civil date of t in Europe/Rome as dd/mm/yyyy.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := workday.DateOf(t)
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
}

// groupNAV prints a notice number in groups of 4-4-4-4-2.
func groupNAV(nav pagopa.NoticeNumber) string {
	s := string(nav)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}
