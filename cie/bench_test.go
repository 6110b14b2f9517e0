package cie

import (
	"testing"

	"github.com/siopi/siopi/spid"
)

// BenchmarkMetadata measures the signed CIE metadata (RSA-2048).
func BenchmarkMetadata(b *testing.B) {
	sp := newTestSP(b, nil)
	for b.Loop() {
		if _, err := sp.Metadata(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthnRequest measures a signed HTTP-Redirect AuthnRequest with
// the CIE profile, stored in the in-memory RequestStore.
func BenchmarkAuthnRequest(b *testing.B) {
	sp := newTestSP(b, nil)
	ctx := b.Context()
	for b.Loop() {
		if _, err := sp.NewAuthnRequest(ctx, spid.LoginOptions{Level: spid.L2, Comparison: spid.ComparisonMinimum}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkButton measures rendering the "Entra con CIE" button.
func BenchmarkButton(b *testing.B) {
	for b.Loop() {
		if _, err := Button(ButtonOptions{URL: "/cie/login"}); err != nil {
			b.Fatal(err)
		}
	}
}
