package pagopa_test

import (
	"errors"
	"testing"

	"github.com/siopi/siopi/pagopa"
)

func TestParseAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want pagopa.Amount
		ok   bool
	}{
		{"0.01", 1, true},
		{"12.34", 1234, true},
		{"0.00", 0, true},
		{"100.50", 10050, true},
		{"999999999.99", pagopa.MaxAmount, true},
		{"1000000000.00", 0, false},
		{"12.3", 0, false},
		{"12", 0, false},
		{"12.345", 0, false},
		{".12", 0, false},
		{"-1.00", 0, false},
		{"+1.00", 0, false},
		{"1,00", 0, false},
		{"1e2.00", 0, false},
		{" 1.00", 0, false},
		{"", 0, false},
		{"99999999999999999999999.99", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := pagopa.ParseAmount(tt.in)
			if tt.ok != (err == nil) {
				t.Fatalf("ParseAmount(%q) error = %v, want ok=%v", tt.in, err, tt.ok)
			}
			if err != nil && !errors.Is(err, pagopa.ErrAmount) {
				t.Errorf("error %v does not match ErrAmount", err)
			}
			if got != tt.want {
				t.Errorf("ParseAmount(%q) = %d, want %d", tt.in, got, tt.want)
			}
			if tt.ok && got.String() != tt.in {
				t.Errorf("round trip %q → %q", tt.in, got.String())
			}
		})
	}
}

func TestAmountString(t *testing.T) {
	t.Parallel()
	for a, want := range map[pagopa.Amount]string{0: "0.00", 1: "0.01", 10: "0.10", 1234: "12.34", 100000: "1000.00", -5: "-0.05"} {
		if got := a.String(); got != want {
			t.Errorf("Amount(%d).String() = %q, want %q", int64(a), got, want)
		}
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"0.01", "12.34", "999999999.99", "1.2", "abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := pagopa.ParseAmount(s)
		if err != nil {
			return
		}
		if a < 0 || a > pagopa.MaxAmount {
			t.Fatalf("ParseAmount(%q) = %d out of range", s, a)
		}
		b, err := pagopa.ParseAmount(a.String())
		if err != nil || b != a {
			t.Fatalf("round trip of %q: %v %v", s, b, err)
		}
	})
}
