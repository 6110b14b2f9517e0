package notice_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/siopi/siopi/pagopa/notice"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// pdftotext extracts the text of pdf, normalised (one space between words, no blank lines).
func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	cmd := exec.CommandContext(t.Context(), "pdftotext", "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	var lines []string
	for l := range strings.SplitSeq(string(out), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines = append(lines, strings.Join(f, " "))
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

func TestTextGolden(t *testing.T) {
	t.Parallel()
	cases := map[string]func(*notice.Notice){
		"single": func(*notice.Notice) {},
		"reduced": func(n *notice.Notice) {
			n.Subject = "Verbale n. 123/2026 - Codice della Strada"
			n.Discounted = &notice.Payment{NAV: "301000000000000576", Amount: 2940, DueDate: n.Single.DueDate.AddDate(0, 0, -25)}
			n.Reduced = &notice.Payment{NAV: "301000000000000673", Amount: 4200, DueDate: n.Single.DueDate.AddDate(0, 0, -10)}
		},
		"poste": func(n *notice.Notice) {
			n.Creditor.PostalAccount = "12345678"
			n.Creditor.PosteAuthorization = "Aut. n. 1234 del 01/01/2026"
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			n := sample()
			mutate(n)
			got := pdftotext(t, render(t, n, notice.Config{}))
			golden := filepath.Join("testdata", name+".txt")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("text of %s differs from %s:\n%s", name, golden, got)
			}
			for _, s := range []string{"AVVISO DI PAGAMENTO", "ENTE CREDITORE", "DESTINATARIO AVVISO", "QUANTO E QUANDO PAGARE?",
				"DOVE PAGARE?", "BANCHE E ALTRI CANALI", "3010 0000 0001 2345 19", "120,50", "01/05/2026", "Comune di Prova", "Codice CBILL"} {
				if !strings.Contains(got, s) {
					t.Errorf("text lacks %q", s)
				}
			}
		})
	}
}

func TestCoreFonts(t *testing.T) {
	t.Parallel()
	n := sample()
	n.Subject = "Tassa città – 2026"
	got := pdftotext(t, render(t, n, notice.Config{CoreFonts: true}))
	if !strings.Contains(got, "Tassa città - 2026") && !strings.Contains(got, "Tassa città – 2026") {
		t.Errorf("core-font text lost accents:\n%s", got)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, b := render(t, sample(), notice.Config{}), render(t, sample(), notice.Config{})
	if !bytes.Equal(a, b) {
		t.Error("same notice and clock gave different PDFs")
	}
}

func TestWinAnsiMatchesUnicode(t *testing.T) {
	t.Parallel()
	n := sample()
	n.Subject = "Tassa città – 2026, più € 2 di diritti"
	uni := pdftotext(t, render(t, n, notice.Config{}))
	win := pdftotext(t, render(t, n, notice.Config{WinAnsi: true}))
	if uni != win {
		t.Errorf("WinAnsi text differs from Unicode text:\n%s\n---\n%s", win, uni)
	}
	if !strings.Contains(win, "Tassa città – 2026, più € 2 di diritti") {
		t.Errorf("accents or euro sign lost:\n%s", win)
	}
}
