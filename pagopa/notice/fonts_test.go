package notice_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-pdf/fpdf"
)

// TestWinAnsiFontsUpToDate regenerates the Windows-1252 font definitions (fonts/*.json, *.z) from
// the TTFs with fpdf.MakeFont and fonts/cp1252.map (fpdf's encoding table), and compares them with
// the committed files. Run with -update to rewrite them.
func TestWinAnsiFontsUpToDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"TitilliumWeb_400Regular", "TitilliumWeb_600SemiBold", "TitilliumWeb_700Bold"} {
		if err := fpdf.MakeFont(filepath.Join("fonts", name+".ttf"), filepath.Join("fonts", "cp1252.map"), dir, nil, true); err != nil {
			t.Fatal(err)
		}
		for _, ext := range []string{".json", ".z"} {
			got, err := os.ReadFile(filepath.Join(dir, name+ext))
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				if err := os.WriteFile(filepath.Join("fonts", name+ext), got, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if want, err := os.ReadFile(filepath.Join("fonts", name+ext)); err != nil || !bytes.Equal(got, want) {
				t.Errorf("fonts/%s%s is stale (run go test -run WinAnsiFonts -update)", name, ext)
			}
		}
	}
}
