package notice

import (
	"image/color"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/datamatrix"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

var fpdf0 = fpdf.ImageOptions{}

// qrSide is the printed side of the QR symbol (Allegato 2: 25×25 mm), quiet zone excluded.
const qrSide = 25.0

// encodeQR encodes payload at error correction level M; a payment payload fits version 4
// (33×33 modules), as the specification expects.
func encodeQR(payload string) (barcode.Barcode, error) { return qr.Encode(payload, qr.M, qr.Auto) }

// drawQR draws payload as a QR code whose symbol is qrSide mm wide, with its top-left corner at
// (x, y) and a 4-module quiet zone around it, as vector squares.
func (d *doc) drawQR(payload string, x, y float64) {
	code, err := encodeQR(payload)
	if err != nil {
		d.pdf.SetErrorf("notice: qr code: %v", err)
		return
	}
	d.drawMatrix(code, x, y, qrSide, 4)
}

// drawDataMatrix draws payload as an ECC 200 Data Matrix size mm wide at (x, y).
func (d *doc) drawDataMatrix(payload string, x, y, size float64) {
	code, err := datamatrix.Encode(payload)
	if err != nil {
		d.pdf.SetErrorf("notice: data matrix: %v", err)
		return
	}
	d.drawMatrix(code, x, y, size, 1)
}

// drawMatrix draws the dark modules of code, the symbol size mm wide with its top-left corner at
// (x, y), merging horizontal runs into one rectangle, on a white quiet zone of quiet modules.
func (d *doc) drawMatrix(code barcode.Barcode, x, y, size float64, quiet int) {
	b := code.Bounds()
	cols, rows := b.Dx(), b.Dy()
	m := size / float64(cols)
	q := float64(quiet) * m
	d.pdf.SetFillColor(255, 255, 255)
	d.pdf.Rect(x-q, y-q, size+2*q, float64(rows)*m+2*q, "F")
	d.pdf.SetFillColor(0, 0, 0)
	ox, oy := x, y
	for r := range rows {
		run := -1
		for c := 0; c <= cols; c++ {
			dark := c < cols && isDark(code.At(b.Min.X+c, b.Min.Y+r))
			switch {
			case dark && run < 0:
				run = c
			case !dark && run >= 0:
				// A hair of overlap avoids seams between adjacent rows in some viewers.
				d.pdf.Rect(ox+float64(run)*m, oy+float64(r)*m, float64(c-run)*m, m+0.01, "F")
				run = -1
			}
		}
	}
}

func isDark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return r+g+b < 3*0x8000
}
