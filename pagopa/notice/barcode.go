package notice

import (
	"image/color"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/datamatrix"
	"github.com/boombuler/barcode/qr"
	"github.com/go-pdf/fpdf"
)

var fpdf0 = fpdf.ImageOptions{}

// drawQR draws payload as a QR code (ECC level M) of side size mm at (x, y), as vector squares.
func (d *doc) drawQR(payload string, x, y, size float64) {
	code, err := qr.Encode(payload, qr.M, qr.Auto)
	if err != nil {
		d.pdf.SetErrorf("notice: qr code: %v", err)
		return
	}
	d.drawMatrix(code, x, y, size, 4)
}

// drawDataMatrix draws payload as an ECC 200 Data Matrix of side size mm at (x, y).
func (d *doc) drawDataMatrix(payload string, x, y, size float64) {
	code, err := datamatrix.Encode(payload)
	if err != nil {
		d.pdf.SetErrorf("notice: data matrix: %v", err)
		return
	}
	d.drawMatrix(code, x, y, size, 1)
}

// drawMatrix draws the dark modules of code, merging horizontal runs into one rectangle, inside
// a white quiet zone of quiet modules.
func (d *doc) drawMatrix(code barcode.Barcode, x, y, size float64, quiet int) {
	b := code.Bounds()
	cols, rows := b.Dx(), b.Dy()
	side := max(cols, rows) + 2*quiet
	m := size / float64(side)
	d.pdf.SetFillColor(255, 255, 255)
	d.pdf.Rect(x, y, size, size, "F")
	d.pdf.SetFillColor(0, 0, 0)
	ox, oy := x+float64(quiet)*m, y+float64(quiet)*m
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
