package fdr_test

import (
	"strings"
	"testing"

	"github.com/siopi/siopi/pagopa/fdr"
)

// FuzzFlowIDFromCausale reads arbitrary bank statement text: never a panic, and an ID found is
// 1..35 characters of [A-Za-z0-9-_] that the causale contains.
func FuzzFlowIDFromCausale(f *testing.F) {
	f.Add("/PUR/LGPE-RIVERSAMENTO/URI/2026-03-02PSPITMMXXX-0001")
	f.Add("bonifico /pur/lgpe-riversamento/uri/")
	f.Add("/PUR/LGPE-RIVERSAMENTO/URI/\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := fdr.FlowIDFromCausale(s)
		if !ok {
			return
		}
		if len(id) < 1 || len(id) > 35 || !strings.Contains(s, id) {
			t.Fatalf("id %q from %q", id, s)
		}
		for _, c := range id {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				t.Fatalf("id %q has %q", id, c)
			}
		}
	})
}
