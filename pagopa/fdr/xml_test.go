package fdr_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa/fdr"
)

func readFlow(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/flow.xml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseXML(t *testing.T) {
	t.Parallel()
	f, err := fdr.ParseXML(bytes.NewReader(readFlow(t)))
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != "2026-03-02PSPITMMXXX-0001" || f.PSP != "PSPITMMXXX" || f.Receiver != "01234567897" ||
		f.TotalPayments != 3 || f.TotalAmount != 13050 || f.Regulation != "TRN-0000000123" {
		t.Errorf("header = %+v", f)
	}
	if want := time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC); !f.Date.Equal(want) {
		t.Errorf("date %v, want %v (Europe/Rome local time)", f.Date, want)
	}
	if len(f.Lines) != 3 {
		t.Fatalf("%d lines", len(f.Lines))
	}
	l := f.Lines[2]
	if l.IUV != "01000000000000188" || l.Index != 1 || l.Amount != 1000 || l.Outcome != fdr.NoRPT || l.IUR != "rcpt-2" {
		t.Errorf("line 3 = %+v", l)
	}
	if f.Sum() != 13050 {
		t.Errorf("sum %d", f.Sum())
	}
}

func TestParseXMLRefuses(t *testing.T) {
	t.Parallel()
	good := string(readFlow(t))
	cases := []struct {
		name string
		doc  string
		want error
	}{
		{"doctype", strings.Replace(good, "<FlussoRiversamento", `<!DOCTYPE x [<!ENTITY a "aaaa">]><FlussoRiversamento`, 1), fdr.ErrDoctype},
		{"entity", strings.Replace(good, "Banca di Prova", "&xxe;", 1), fdr.ErrSyntax},
		{"bad amount", strings.Replace(good, "110.00", "110,00", 1), fdr.ErrSyntax},
		{"bad index", strings.Replace(good, "<indiceDatiSingoloPagamento>2<", "<indiceDatiSingoloPagamento>6<", 1), fdr.ErrSyntax},
		{"bad outcome", strings.Replace(good, "<codiceEsitoSingoloPagamento>9<", "<codiceEsitoSingoloPagamento>1<", 1), fdr.ErrSyntax},
		{"bad flow id", strings.Replace(good, "2026-03-02PSPITMMXXX-0001", "bad id!", 1), fdr.ErrSyntax},
		{"wrong root", "<Other/>", fdr.ErrSyntax},
		{"truncated", good[:len(good)/2], fdr.ErrSyntax},
		{"empty", "", fdr.ErrSyntax},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := fdr.ParseXML(strings.NewReader(tc.doc)); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestParseXMLSizeLimit(t *testing.T) {
	t.Parallel()
	// An endless stream of whitespace inside the root: the parser stops at the limit.
	r := io.MultiReader(strings.NewReader("<FlussoRiversamento>"), endless{})
	if _, err := fdr.ParseXMLLimit(r, 1<<20); !errors.Is(err, fdr.ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	return len(p), nil
}

func FuzzParseXML(f *testing.F) {
	f.Add(readFlow(f))
	f.Add([]byte(`<FlussoRiversamento><datiSingoliPagamenti/></FlussoRiversamento>`))
	f.Add([]byte(`<!DOCTYPE a><a/>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		fl, err := fdr.ParseXMLLimit(bytes.NewReader(b), 1<<16)
		if err != nil {
			return
		}
		if fl.ID == "" || len(fl.Lines) == 0 {
			t.Fatalf("accepted a flow without id or lines: %+v", fl)
		}
		for _, l := range fl.Lines {
			if l.Index < 1 || l.Index > 5 || l.Amount <= 0 {
				t.Fatalf("accepted line %+v", l)
			}
		}
	})
}

func TestParseXMLBase64(t *testing.T) {
	t.Parallel()
	enc := base64.StdEncoding.EncodeToString(readFlow(t))
	var wrapped strings.Builder
	for i := 0; i < len(enc); i += 76 {
		wrapped.WriteString(enc[i:min(i+76, len(enc))] + "\r\n")
	}
	f, err := fdr.ParseXMLBase64(strings.NewReader(wrapped.String()))
	if err != nil || len(f.Lines) != 3 {
		t.Fatalf("ParseXMLBase64 = %v, %v", f, err)
	}
	if _, err := fdr.ParseXMLBase64(strings.NewReader("!!!not base64")); !errors.Is(err, fdr.ErrSyntax) {
		t.Fatalf("bad base64: %v", err)
	}
}
