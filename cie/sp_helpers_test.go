package cie

import (
	"crypto/rsa"
	"crypto/x509"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
)

const testEntityID = "https://servizi.comune.example.it"

// testNow is the fixed clock of the tests.
var testNow = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

// testKey generates the SP's key and certificate once for the whole package.
var testKey = sync.OnceValues(func() (*rsa.PrivateKey, *x509.Certificate) {
	key, cert, err := spid.NewSelfSignedCertificate(spid.CertificateRequest{
		EntityID: testEntityID, CommonName: "Servizi online", OrganizationName: "Comune di Esempio",
		Locality: "Roma", Public: true, IPACode: "c_h501", KeyBits: 2048, Now: testNow.Add(-time.Hour),
	})
	if err != nil {
		panic(err)
	}
	return key, cert
})

// testConfig is a valid configuration of a public SP (a Comune) on the
// pre-production CieID server.
func testConfig(t testing.TB) Config {
	t.Helper()
	key, cert := testKey()
	return Config{
		Config: spid.Config{
			EntityID: testEntityID, Key: key, Certificate: cert,
			BaseURL:                  "https://servizi.comune.example.it/cie",
			OrganizationNames:        map[string]string{"it": "Comune di Esempio"},
			OrganizationDisplayNames: map[string]string{"it": "Comune di Esempio"},
			OrganizationURLs:         map[string]string{"it": "https://www.comune.example.it"},
			AttributeSets:            [][]spid.Attribute{{spid.AttrName, spid.AttrFamilyName, spid.AttrDateOfBirth, spid.AttrFiscalNumber}},
			AttributeSetNames:        []string{"Servizi online del Comune"},
			Register:                 &spid.MemoryRegister{},
			Now:                      func() time.Time { return testNow },
			Logger:                   slog.New(slog.DiscardHandler),
		},
		Environment:    PreProduction,
		Administrative: validPublic(),
	}
}

// newTestSP builds an SP from testConfig after edit.
func newTestSP(t testing.TB, edit func(*Config)) *spid.SP {
	t.Helper()
	cfg := testConfig(t)
	if edit != nil {
		edit(&cfg)
	}
	sp, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}
