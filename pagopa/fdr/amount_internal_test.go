package fdr

import (
	"encoding/json"
	"testing"
)

func TestAmountOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"10": 1000, "10.5": 1050, "10.50": 1050, "0.01": 1, "1e2": 10000, "130.5": 13050} {
		got, err := amountOf(json.Number(in))
		if err != nil || got.Cents() != want {
			t.Errorf("amountOf(%s) = %d, %v; want %d", in, got.Cents(), err, want)
		}
	}
	for _, in := range []string{"10.505", "-1", "abc", "1.2.3"} {
		if _, err := amountOf(json.Number(in)); err == nil {
			t.Errorf("amountOf(%s) accepted", in)
		}
	}
}

func FuzzAmountOf(f *testing.F) {
	for _, s := range []string{"10", "10.5", "1e3", "0.001", "-0", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := amountOf(json.Number(s))
		if err == nil && a < 0 {
			t.Fatalf("negative amount %d from %q", a, s)
		}
	})
}
