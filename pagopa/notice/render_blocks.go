package notice

import (
	"fmt"
	"strings"

	"github.com/siopi/siopi/pagopa"
)

// Colours of the pagoPA notice (blue titles, light grey bands).
var (
	blue  = [3]int{0, 102, 204}
	dark  = [3]int{23, 50, 77}
	light = [3]int{235, 240, 245}
)

func (d *doc) color(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }

// header draws the first page down to the slips and returns the y where slips may start.
func (d *doc) header() float64 {
	pdf, n := d.pdf, d.n
	// Title and subject, logo on the right.
	d.color(blue)
	d.font("B", 18)
	pdf.SetXY(margin, margin)
	pdf.CellFormat(140, 9, d.text("AVVISO DI PAGAMENTO"), "", 2, "L", false, 0, "")
	d.color(dark)
	d.font("", 12)
	pdf.MultiCell(140, 5.5, d.text(n.Subject), "", "L", false)
	if d.logo != "" {
		pdf.ImageOptions(d.logo, pageW-margin-25, margin, 25, 0, false, fpdf0, 0, "")
	}
	d.color(blue)
	d.font("B", 9)
	pdf.Text(pageW-margin-60, margin+32, d.text("pagoPA"))

	// Creditor and debtor.
	y := margin + 38.0
	d.block(margin, y, contentW/2-3, "ENTE CREDITORE", n.Creditor.Name,
		n.Creditor.Sector, n.Creditor.Info, "Codice Fiscale "+n.Creditor.FiscalCode)
	addr := strings.TrimSpace(n.Debtor.Address)
	city := strings.TrimSpace(strings.Join(nonEmpty(n.Debtor.PostalCode, n.Debtor.City, paren(n.Debtor.Province)), " "))
	d.block(margin+contentW/2+3, y, contentW/2-3, "DESTINATARIO AVVISO", n.Debtor.FullName,
		"Codice Fiscale "+n.Debtor.FiscalCode, addr, city)

	// How much and when; where to pay.
	y += 40
	pdf.SetFillColor(light[0], light[1], light[2])
	pdf.Rect(margin, y, contentW, 62, "F")
	d.color(blue)
	d.font("B", 11)
	pdf.Text(margin+4, y+8, d.text("QUANTO E QUANDO PAGARE?"))
	pdf.Text(margin+contentW/2+4, y+8, d.text("DOVE PAGARE?"))
	d.color(dark)
	first := n.payments()[0]
	if n.Single != nil {
		first.Payment = *n.Single
	}
	d.font("B", 16)
	line := euro(first.Amount) + " Euro"
	if due := date(first.DueDate); due != "" {
		line += " entro il " + due
	}
	pdf.Text(margin+4, y+17, d.text(line))
	d.font("", 8.5)
	pdf.SetXY(margin+4, y+21)
	msg := "Puoi pagare con una unica rata."
	if len(n.Instalments) > 0 && n.Single != nil {
		msg = fmt.Sprintf("Puoi pagare con una unica rata o in %d rate.", len(n.Instalments))
	} else if len(n.Instalments) > 0 {
		msg = fmt.Sprintf("Puoi pagare in %d rate; l'importo indicato è la prima rata.", len(n.Instalments))
	}
	msg += " L'importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per eventuali sgravi, " +
		"note di credito, indennità di mora, sanzioni o interessi. Un operatore, il sito o l'app che userai " +
		"ti potrebbero quindi chiedere una cifra diversa da quella qui indicata."
	if n.Reduced != nil || n.Discounted != nil {
		msg += " Se paghi entro le scadenze indicate puoi versare l'importo scontato o ridotto."
	}
	pdf.MultiCell(contentW/2-8, 4, d.text(msg), "", "L", false)

	x := margin + contentW/2 + 4
	d.font("B", 9)
	pdf.Text(x, y+16, d.text("PAGA SUL SITO O CON LE APP"))
	d.font("", 8.5)
	pdf.SetXY(x, y+18)
	online := "del tuo Ente Creditore"
	if n.Creditor.Website != "" {
		online += " (" + n.Creditor.Website + ")"
	}
	online += ", con l'app IO, della tua Banca o degli altri canali di pagamento. Potrai pagare con carte, conto corrente, CBILL."
	pdf.MultiCell(contentW/2-8, 4, d.text(online), "", "L", false)
	d.font("B", 9)
	pdf.Text(x, y+40, d.text("PAGA SUL TERRITORIO"))
	d.font("", 8.5)
	pdf.SetXY(x, y+42)
	territory := "in Banca, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato"
	if n.Creditor.PostalAccount != "" {
		territory = "in tutti gli Uffici Postali, " + territory
	}
	pdf.MultiCell(contentW/2-8, 4, d.text(territory+". Potrai pagare in contanti, con carte o conto corrente."), "", "L", false)

	y += 66
	d.font("", 8.5)
	d.color(dark)
	pdf.Text(margin, y+2, d.text("Utilizza la porzione di avviso relativa alla rata e al canale di pagamento che preferisci."))
	return y + 6
}

// continuationHeader draws the heading of a page of slips and returns where slips start.
func (d *doc) continuationHeader() float64 {
	d.color(blue)
	d.font("B", 11)
	d.pdf.Text(margin, margin+5, d.text("AVVISO DI PAGAMENTO"))
	d.color(dark)
	d.font("", 9)
	d.pdf.Text(margin, margin+10, d.text(cut(d.n.Subject, 110)+" – "+d.n.Creditor.Name))
	return margin + 15
}

// block draws a titled block of lines.
func (d *doc) block(x, y, w float64, title, name string, lines ...string) {
	pdf := d.pdf
	d.color(blue)
	d.font("B", 9)
	pdf.Text(x, y+4, d.text(title))
	d.color(dark)
	d.font("B", 11)
	pdf.SetXY(x, y+6)
	pdf.MultiCell(w, 5, d.text(name), "", "L", false)
	d.font("", 9)
	for _, l := range lines {
		if strings.TrimSpace(l) == "" || strings.HasSuffix(l, "Codice Fiscale ") {
			continue
		}
		pdf.SetX(x)
		pdf.MultiCell(w, 4.2, d.text(l), "", "L", false)
	}
}

// slip draws the payment slip(s) of one payment at y.
func (d *doc) slip(y float64, p labelled) {
	pdf, n := d.pdf, d.n
	pdf.SetDrawColor(blue[0], blue[1], blue[2])
	pdf.SetLineWidth(0.3)
	head := p.label
	if due := date(p.DueDate); due != "" {
		head += " entro il " + due
	}
	d.slipFrame(y, bankSlipH, "BANCHE E ALTRI CANALI", head)

	d.drawQR(QRPayload(p.NAV, n.Creditor.FiscalCode, p.Amount), margin+6, y+14)
	d.font("", 7)
	d.color(dark)
	pdf.Text(margin+4, y+46, d.text("Inquadra il codice QR"))
	pdf.Text(margin+4, y+49.5, d.text("con la tua app di pagamento"))

	x := margin + 40
	d.fields(x, y+13, []field{
		{"Destinatario", n.Debtor.FullName},
		{"Ente Creditore", n.Creditor.Name},
		{"Oggetto del pagamento", cut(n.Subject, 90)},
	}, 95)
	d.fields(x, y+37, []field{
		{"Codice CBILL", n.Creditor.CBILL},
		{"Codice Avviso", groupNAV(p.NAV)},
		{"Cod. Fiscale Ente Creditore", n.Creditor.FiscalCode},
	}, 50)
	d.slipAmount(y, p.Amount)

	if n.Creditor.PostalAccount != "" {
		d.posteSlip(y+bankSlipH, p)
	}
}

type field struct{ label, value string }

// fields draws label/value pairs in a column of width w; values of the second column start at x.
func (d *doc) fields(x, y float64, fs []field, w float64) {
	for i, f := range fs {
		if f.value == "" {
			continue
		}
		if i > 0 && w < 60 {
			x += 48
		} else if i > 0 {
			y += 7.5
		}
		d.color(dark)
		d.font("", 7)
		d.pdf.Text(x, y, d.text(f.label))
		d.font("B", 9)
		d.pdf.Text(x, y+4, d.text(cut(f.value, 70)))
	}
}

// posteSlip draws the "Bollettino postale PA" part with its Data Matrix.
func (d *doc) posteSlip(y float64, p labelled) {
	pdf, n := d.pdf, d.n
	d.slipFrame(y, posteSlipH, "BOLLETTINO POSTALE PA", "Poste Italiane – "+p.label)

	d.drawDataMatrix(PosteDataMatrix(n, p.Payment), margin+5, y+13, 28)
	x := margin + 40
	d.fields(x, y+13, []field{
		{"sul C/C n.", n.Creditor.PostalAccount},
		{"Intestato a", n.Creditor.Name},
		{"Destinatario", n.Debtor.FullName},
		{"Oggetto del pagamento", cut(n.Subject, 90)},
	}, 95)
	d.fields(x, y+46, []field{
		{"Codice Avviso", groupNAV(p.NAV)},
		{"Tipo", "P1"},
		{"Cod. Fiscale Ente Creditore", n.Creditor.FiscalCode},
	}, 50)
	d.slipAmount(y, p.Amount)
	d.font("", 7)
	if n.Creditor.PosteAuthorization != "" {
		pdf.Text(margin+4, y+posteSlipH-10, d.text(n.Creditor.PosteAuthorization))
	}
	pdf.Text(margin+4, y+posteSlipH-5, d.text(PosteCodeline(n.Creditor.PostalAccount, p.Payment)))
}

// slipFrame draws a slip's border of height h at y and its header band
// with title on the left and head on the right.
func (d *doc) slipFrame(y, h float64, title, head string) {
	pdf := d.pdf
	pdf.Rect(margin, y, contentW, h, "D")
	pdf.SetFillColor(light[0], light[1], light[2])
	pdf.Rect(margin, y, contentW, 8, "F")
	d.color(blue)
	d.font("B", 10)
	pdf.Text(margin+3, y+5.5, d.text(title))
	pdf.SetXY(margin+70, y+1.5)
	pdf.CellFormat(contentW-73, 5, d.text(head), "", 0, "R", false, 0, "")
}

// slipAmount draws the amount in euro at the top right of the slip at y.
func (d *doc) slipAmount(y float64, a pagopa.Amount) {
	d.color(dark)
	d.font("", 8)
	d.pdf.Text(pageW-margin-40, y+15, d.text("Euro"))
	d.font("B", 16)
	d.pdf.SetXY(pageW-margin-48, y+17)
	d.pdf.CellFormat(45, 8, d.text(euro(a)), "", 0, "R", false, 0, "")
}

func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
