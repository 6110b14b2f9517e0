package spidtest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

// BenchmarkResponse builds one correct response: 23 attributes, Assertion
// and Response signed (RSA-2048, exc-c14n), serialized.
func BenchmarkResponse(b *testing.B) {
	idp := newTestIdP(b, spidtest.Config{})
	req := testRequest(time.Now(), 2, "minimum")
	for b.Loop() {
		if _, err := idp.Response(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatalogue builds every response of the catalogue and the extras.
func BenchmarkCatalogue(b *testing.B) {
	idp := newTestIdP(b, spidtest.Config{})
	req := testRequest(time.Now(), 2, "minimum")
	cases := append(spidtest.Catalogue(), spidtest.Extras()...)
	for b.Loop() {
		for _, c := range cases {
			if _, err := idp.CaseResponse(c.ID, req); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkReadAuthnRequest reads and verifies a signed HTTP-Redirect
// AuthnRequest.
func BenchmarkReadAuthnRequest(b *testing.B) {
	idp := newTestIdP(b, spidtest.Config{})
	sp := fakeSPOnce()
	if err := idp.RegisterSP(sp.metadata); err != nil {
		b.Fatal(err)
	}
	dest := idp.SSOURL(spidtest.BindingRedirect)
	u := sp.redirectURL(b, dest, "SAMLRequest", sp.authnRequest("_bench", dest), "rs")
	for b.Loop() {
		if _, err := idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, u, nil)); err != nil {
			b.Fatal(err)
		}
	}
}
