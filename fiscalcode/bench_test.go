package fiscalcode_test

import (
	"testing"

	"github.com/siopi/siopi/fiscalcode"
)

func BenchmarkValidate(b *testing.B) {
	codes := []string{"RSSMRA79B11C566R", "FRNSST75D50A717N", "RSSMRATVBMMCRSSH", " bnclra85t45h501i "}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if err := fiscalcode.Validate(codes[i%len(codes)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fiscalcode.Parse("RSSMRA79B11C566R"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateOrganization(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if err := fiscalcode.ValidateOrganization("02438750586"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestValidateDoesNotAllocate pins the zero-allocation property the benchmark
// reports, so that a regression fails the suite (allocation counts, unlike
// timings, are deterministic).
func TestValidateDoesNotAllocate(t *testing.T) {
	if testing.CoverMode() != "" {
		t.Skip("coverage instrumentation allocates")
	}
	for _, code := range []string{"RSSMRA79B11C566R", " rssmratvbmmcrssh "} {
		if n := testing.AllocsPerRun(100, func() { _ = fiscalcode.Validate(code) }); n != 0 {
			t.Errorf("Validate(%q) allocates %v times per call", code, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { _ = fiscalcode.ValidateOrganization("02438750586") }); n != 0 {
		t.Errorf("ValidateOrganization allocates %v times per call", n)
	}
}
