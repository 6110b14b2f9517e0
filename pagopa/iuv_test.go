package pagopa_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/siopi/siopi/internal/cputime"
	"github.com/siopi/siopi/pagopa"
)

// Worked examples of the domain file §3.1.
func TestNoticeNumberWorkedExamples(t *testing.T) {
	t.Parallel()
	n, err := pagopa.NewNoticeNumber(1, 12345)
	if err != nil {
		t.Fatal(err)
	}
	if n != "301000000001234519" || n.IUV() != "01000000001234519" || n.Printed() != "3010 0000 0001 2345 19" {
		t.Errorf("aux 3: got %s / %s / %q", n, n.IUV(), n.Printed())
	}
	if seg, ok := n.SegregationCode(); !ok || seg != 1 {
		t.Errorf("SegregationCode = %d, %v", seg, ok)
	}
	tests := []struct {
		nav     string
		aux     int
		iuv     pagopa.IUV
		wantErr error
	}{
		{"301000000001234519", 3, "01000000001234519", nil},
		{"001000000001234516", 0, "000000001234516", nil},
		{"200000000001234571", 2, "00000000001234571", nil},
		{"112345678901234567", 1, "12345678901234567", nil},
		{"311111111112222222", 3, "", pagopa.ErrCheckDigit}, // SANP's example NAV
		{"301000000001234518", 3, "", pagopa.ErrCheckDigit},
		{"401000000001234519", 0, "", pagopa.ErrNoticeNumber},
		{"30100000000123451", 0, "", pagopa.ErrNoticeNumber},
		{"3010000000012345190", 0, "", pagopa.ErrNoticeNumber},
		{"30100000000123451a", 0, "", pagopa.ErrNoticeNumber},
	}
	for _, tt := range tests {
		t.Run(tt.nav, func(t *testing.T) {
			t.Parallel()
			n, err := pagopa.ParseNoticeNumber(tt.nav)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr != nil && err == nil) {
				t.Fatalf("ParseNoticeNumber(%q) error = %v, want %v", tt.nav, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if n.AuxDigit() != tt.aux || n.IUV() != tt.iuv {
				t.Errorf("aux %d iuv %s, want %d %s", n.AuxDigit(), n.IUV(), tt.aux, tt.iuv)
			}
			code := ""
			if tt.aux == 0 {
				code = tt.nav[1:3]
			}
			back, err := pagopa.NoticeNumberOf(tt.aux, code, n.IUV())
			if err != nil || string(back) != tt.nav {
				t.Errorf("NoticeNumberOf = %s, %v", back, err)
			}
		})
	}
	if _, err := pagopa.ParseNoticeNumberUnchecked("311111111112222222"); err != nil {
		t.Errorf("unchecked parse of SANP's example: %v", err)
	}
}

func TestNewNoticeNumberLimits(t *testing.T) {
	t.Parallel()
	if _, err := pagopa.NewNoticeNumber(100, 1); !errors.Is(err, pagopa.ErrSegregationCode) {
		t.Errorf("segregation 100: %v", err)
	}
	if _, err := pagopa.NewNoticeNumber(1, pagopa.MaxIUVBase+1); !errors.Is(err, pagopa.ErrIUV) {
		t.Errorf("base overflow: %v", err)
	}
	n, err := pagopa.NewNoticeNumber(99, pagopa.MaxIUVBase)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pagopa.ParseNoticeNumber(string(n)); err != nil {
		t.Errorf("max notice number %s does not parse: %v", n, err)
	}
}

func TestMemorySequence(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	seq := &pagopa.MemorySequence{}
	const workers, each = 8, 2000
	var mu sync.Mutex
	seen := make(map[pagopa.NoticeNumber]bool, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				n, err := pagopa.NextNoticeNumber(ctx, seq, "01234567890", 1)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[n] {
					t.Errorf("duplicate %s", n)
				}
				seen[n] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(seen) != workers*each {
		t.Errorf("%d unique, want %d", len(seen), workers*each)
	}
	// Another segregation code is an independent sequence.
	n, _ := pagopa.NextNoticeNumber(ctx, seq, "01234567890", 2)
	if want, _ := pagopa.NewNoticeNumber(2, 1); n != want {
		t.Errorf("first of seg 02 = %s, want %s", n, want)
	}
	full := &pagopa.MemorySequence{Start: pagopa.MaxIUVBase}
	if _, err := full.Next(ctx, "01234567890", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := full.Next(ctx, "01234567890", 1); !errors.Is(err, pagopa.ErrSequenceExhausted) {
		t.Errorf("after MaxIUVBase: %v", err)
	}
}

func BenchmarkNextNoticeNumber(b *testing.B) {
	ctx := b.Context()
	seq := &pagopa.MemorySequence{}
	for b.Loop() {
		if _, err := pagopa.NextNoticeNumber(ctx, seq, "01234567890", 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMillionIUVs generates 1,000,000 notice numbers per iteration and
// checks they are all unique (the target: under 1 s in memory).
func BenchmarkMillionIUVs(b *testing.B) {
	ctx := b.Context()
	cpu0 := cputime.Process()
	for b.Loop() {
		seq := &pagopa.MemorySequence{}
		seen := make(map[pagopa.IUV]struct{}, 1_000_000)
		for range 1_000_000 {
			n, err := pagopa.NextNoticeNumber(ctx, seq, "01234567890", 1)
			if err != nil {
				b.Fatal(err)
			}
			seen[n.IUV()] = struct{}{}
		}
		if len(seen) != 1_000_000 {
			b.Fatalf("%d unique", len(seen))
		}
	}
	b.ReportMetric(float64((cputime.Process()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
}

func FuzzParseNoticeNumber(f *testing.F) {
	for _, s := range []string{"301000000001234519", "001000000001234516", "311111111112222222", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := pagopa.ParseNoticeNumber(s)
		if err != nil {
			return
		}
		code := ""
		if n.AuxDigit() == 0 {
			code = s[1:3]
		}
		back, err := pagopa.NoticeNumberOf(n.AuxDigit(), code, n.IUV())
		if err != nil || back != n {
			t.Fatalf("round trip %s: %s %v", s, back, err)
		}
	})
}
