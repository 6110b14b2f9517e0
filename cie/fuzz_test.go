package cie

import (
	"errors"
	"testing"
)

// FuzzIdPMetadata feeds arbitrary bytes as the CieID server's metadata, which
// in production is fetched over the network: New must refuse what is not the
// environment's IdP with ErrConfig, and never panic.
func FuzzIdPMetadata(f *testing.F) {
	pre, err := PreProduction.Metadata()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(pre)
	f.Add([]byte(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>`))
	f.Add([]byte(`<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>`))
	f.Add([]byte{})
	cfg := testConfig(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		c := cfg
		c.IdPMetadata = data
		if _, err := c.identityProvider(); err != nil && !errors.Is(err, ErrConfig) {
			t.Fatalf("error without ErrConfig: %v", err)
		}
	})
}
