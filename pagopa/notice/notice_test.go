package notice_test

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/datamatrix"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/notice"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }

func sample() *notice.Notice {
	return &notice.Notice{
		Subject: "TARI 2026 - Tassa sui rifiuti, utenza domestica di via Roma 1",
		Creditor: notice.Creditor{
			FiscalCode: "01234567897", Name: "Comune di Prova", Sector: "Settore Tributi",
			Info: "www.comune.prova.it - tributi@comune.prova.it", Website: "www.comune.prova.it", CBILL: "A1B2C",
		},
		Debtor: notice.Debtor{FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi", Address: "Via Roma 1",
			PostalCode: "00100", City: "Roma", Province: "RM"},
		Single: &notice.Payment{NAV: "301000000001234519", Amount: 12050, DueDate: time.Date(2026, 4, 30, 22, 0, 0, 0, time.UTC)},
	}
}

func render(t testing.TB, n *notice.Notice, cfg notice.Config) []byte {
	t.Helper()
	cfg.Now = fixedNow
	r, err := notice.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.RenderBytes(n)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestQRPayload(t *testing.T) {
	t.Parallel()
	got := notice.QRPayload("301000000001234519", "01234567890", 12050)
	if want := "PAGOPA|002|301000000001234519|01234567890|12050"; got != want {
		t.Fatalf("QRPayload = %q, want %q", got, want)
	}
}

func TestPosteDataMatrix(t *testing.T) {
	t.Parallel()
	n := sample()
	n.Creditor.PostalAccount = "12345678"
	got := notice.PosteDataMatrix(n, *n.Single)
	want := "codfase=NBPA;18301000000001234519" + "12000012345678" + "100000012050" + "3896" + "1P1" +
		"01234567897" + "RSSMRA80A01H501U" + "Mario Rossi" + strings.Repeat(" ", 29)
	if !strings.HasPrefix(got, want) {
		t.Fatalf("data matrix\n got %q\nwant prefix %q", got, want)
	}
	if len(got) != len("codfase=NBPA;")+20+14+12+4+3+11+16+40+110+12+1 || !strings.HasSuffix(got, strings.Repeat(" ", 12)+"A") {
		t.Fatalf("data matrix has length %d: %q", len(got), got)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := map[string]func(*notice.Notice){
		"no subject":      func(n *notice.Notice) { n.Subject = "" },
		"bad creditor cf": func(n *notice.Notice) { n.Creditor.FiscalCode = "123" },
		"no payment":      func(n *notice.Notice) { n.Single = nil },
		"bad nav":         func(n *notice.Notice) { n.Single.NAV = "12345" },
		"zero amount":     func(n *notice.Notice) { n.Single.Amount = 0 },
		"one instalment":  func(n *notice.Notice) { n.Instalments = []notice.Payment{*n.Single} },
		"bad postal":      func(n *notice.Notice) { n.Creditor.PostalAccount = "CC12" },
		"no debtor":       func(n *notice.Notice) { n.Debtor.FullName = " " },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n := sample()
			mutate(n)
			r, _ := notice.New(notice.Config{})
			if _, err := r.RenderBytes(n); !errors.Is(err, notice.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// pdftoppm renders page (1-based) of pdf to a PNG image, or skips when the tool is absent.
func pdftoppm(t *testing.T, pdf []byte, page int) image.Image {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "n.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	p := itoa(page)
	out, err := exec.CommandContext(t.Context(), "pdftoppm", "-png", "-r", "200", "-f", p, "-l", p, "-singlefile", in, filepath.Join(dir, "page")).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	f, err := os.Open(filepath.Join(dir, "page.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func itoa(i int) string { return string(rune('0' + i)) }

// decodeQR decodes the QR code in the square (in mm on an A4 page) of img.
func decodeQR(t *testing.T, img image.Image, xmm, ymm, wmm float64) string {
	return decode(t, qrcode.NewQRCodeReader(), img, xmm, ymm, wmm)
}

func decode(t *testing.T, reader gozxing.Reader, img image.Image, xmm, ymm, wmm float64) string {
	t.Helper()
	b := img.Bounds()
	px := float64(b.Dx()) / 210
	rect := image.Rect(int(xmm*px), int(ymm*px), int((xmm+wmm)*px), int((ymm+wmm)*px))
	sub := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(rect)
	bmp, err := gozxing.NewBinaryBitmapFromImage(sub)
	if err != nil {
		t.Fatal(err)
	}
	res, err := reader.Decode(bmp, nil)
	if err != nil {
		t.Fatalf("decode at %.0f,%.0f mm: %v", xmm, ymm, err)
	}
	return res.GetText()
}

func TestQRInRenderedPDFDecodes(t *testing.T) {
	t.Parallel()
	n := sample()
	pdf := render(t, n, notice.Config{})
	img := pdftoppm(t, pdf, 1)
	// The first slip starts right below the header block (see render_blocks.go).
	got := decodeQR(t, img, 12, 170, 34)
	if want := "PAGOPA|002|301000000001234519|01234567897|12050"; got != want {
		t.Fatalf("QR decodes to %q, want %q", got, want)
	}
}

func TestInstalmentsQRs(t *testing.T) {
	t.Parallel()
	n := sample()
	n.Single.Amount = 30000
	for i := range 4 {
		nav, _ := pagopa.NewNoticeNumber(1, int64(100+i))
		n.Instalments = append(n.Instalments, notice.Payment{NAV: nav, Amount: 7500, DueDate: time.Date(2026, time.Month(4+i), 30, 12, 0, 0, 0, time.UTC)})
	}
	pdf := render(t, n, notice.Config{})
	if pages := bytes.Count(pdf, []byte("/Type /Page\n")); pages != 2 {
		t.Errorf("%d pages, want 2 (header + 2 slips, then 3 slips per page)", pages)
	}
	img := pdftoppm(t, pdf, 2)
	got := decodeQR(t, img, 12, 35, 34)
	want := notice.QRPayload(n.Instalments[1].NAV, "01234567897", 7500)
	if got != want {
		t.Fatalf("page 2 first QR = %q, want %q", got, want)
	}
}

func TestPosteDataMatrixInRenderedPDFDecodes(t *testing.T) {
	t.Parallel()
	n := sample()
	n.Creditor.PostalAccount = "12345678"
	n.Creditor.PosteAuthorization = "Aut. n. 1234 del 01/01/2026"
	pdf := render(t, n, notice.Config{})
	img := pdftoppm(t, pdf, 1)
	got := decode(t, datamatrix.NewDataMatrixReader(), img, 12, 228, 34)
	if want := notice.PosteDataMatrix(n, *n.Single); got != want {
		t.Fatalf("Data Matrix decodes to\n%q, want\n%q", got, want)
	}
	if got := decodeQR(t, img, 12, 170, 34); !strings.HasPrefix(got, "PAGOPA|002|301000000001234519|") {
		t.Fatalf("QR = %q", got)
	}
}

func TestFromPosition(t *testing.T) {
	t.Parallel()
	due := time.Date(2026, 4, 30, 12, 0, 0, 0, time.UTC)
	p := &pagopa.Position{
		OrganizationFiscalCode: "01234567897", CompanyName: "Comune di Prova",
		Debtor: pagopa.Debtor{FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi", StreetName: "Via Roma", CivicNumber: "1"},
		Options: []pagopa.PaymentOption{
			{NoticeNumber: "301000000001234519", Amount: 10000, Description: "TARI 2026", DueDate: due},
			{NoticeNumber: "301000000000001861", Amount: 5000, Installment: true, DueDate: due.AddDate(0, 2, 0)},
			{NoticeNumber: "301000000000002972", Amount: 5000, Installment: true, DueDate: due.AddDate(0, 1, 0)},
		},
	}
	n := notice.FromPosition(p, "", notice.Creditor{CBILL: "A1B2C"})
	if n.Subject != "TARI 2026" || n.Creditor.Name != "Comune di Prova" || n.Debtor.Address != "Via Roma 1" ||
		n.Single == nil || len(n.Instalments) != 2 || n.Instalments[0].NAV != "301000000000002972" {
		t.Fatalf("notice %+v", n)
	}
	if err := n.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestLogo(t *testing.T) {
	t.Parallel()
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	for i := range img.Pix {
		img.Pix[i] = 0x80
	}
	var logo bytes.Buffer
	if err := png.Encode(&logo, img); err != nil {
		t.Fatal(err)
	}
	n := sample()
	n.Creditor.Logo = logo.Bytes()
	if pdf := render(t, n, notice.Config{}); !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("logo not embedded")
	}
	n.Creditor.Logo = []byte("not an image")
	if pdf := render(t, n, notice.Config{}); bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("a broken logo was embedded")
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		postal      bool
		instalments int
		pages       int
	}{
		{"single", false, 0, 1},
		{"2 rate", false, 2, 2},       // page 1: single + rata 1; page 2: rata 2
		{"4 rate", false, 4, 2},       // 2 + 3
		{"7 rate", false, 7, 3},       // 2 + 3 + 3
		{"postal single", true, 0, 1}, // bank + postal slip fill page 1
		{"postal 4 rate", true, 4, 3}, // 1 + 2 + 2
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			n := sample()
			if tc.postal {
				n.Creditor.PostalAccount = "12345678"
			}
			for i := range tc.instalments {
				nav, _ := pagopa.NewNoticeNumber(1, int64(200+i))
				n.Instalments = append(n.Instalments, notice.Payment{NAV: nav, Amount: 1000, DueDate: time.Date(2026, time.Month(4+i), 30, 12, 0, 0, 0, time.UTC)})
			}
			if got := bytes.Count(render(t, n, notice.Config{WinAnsi: true}), []byte("/Type /Page\n")); got != tc.pages {
				t.Errorf("%d pages, want %d", got, tc.pages)
			}
		})
	}
}
