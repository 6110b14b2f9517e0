package cie

import (
	"encoding/xml"
	"errors"
	"testing"

	"github.com/crewjam/saml"
)

// TestEnvironmentEndpoints checks the CieID server endpoints of each
// environment: entityID, SSO Locations (POST, Redirect) and metadata URL.
func TestEnvironmentEndpoints(t *testing.T) {
	t.Parallel()
	const prod, pre = "https://idserver.servizicie.interno.gov.it", "https://preproduzione.idserver.servizicie.interno.gov.it"
	want := map[Environment][4]string{
		Production:     {prod + "/idp/profile/SAML2/POST/SSO", prod + "/idp/profile/SAML2/POST/SSO", prod + "/idp/profile/SAML2/Redirect/SSO", prod + "/idp/shibboleth?Metadata"},
		PreProduction:  {pre + "/idp/profile/SAML2/POST/SSO", pre + "/idp/profile/SAML2/POST/SSO", pre + "/idp/profile/SAML2/Redirect/SSO", pre + "/idp/shibboleth?Metadata"},
		Environment(0): {},
		Test:           {},
	}
	for env, w := range want {
		got := [4]string{env.EntityID(), env.SSOLocation(true), env.SSOLocation(false), env.MetadataURL()}
		if got != w {
			t.Errorf("%s: endpoints %q, want %q", env, got, w)
		}
	}
}

// TestPreProductionMetadata checks that the embedded metadata is the
// pre-production IdP's and that its SSO locations are the ones the
// Environment reports.
func TestPreProductionMetadata(t *testing.T) {
	t.Parallel()
	b, err := PreProduction.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	var ed saml.EntityDescriptor
	if err := xml.Unmarshal(b, &ed); err != nil {
		t.Fatal(err)
	}
	if ed.EntityID != PreProduction.EntityID() {
		t.Errorf("entityID %q, want %q", ed.EntityID, PreProduction.EntityID())
	}
	locs := map[string]string{}
	for _, sso := range ed.IDPSSODescriptors[0].SingleSignOnServices {
		locs[sso.Binding] = sso.Location
	}
	if locs[saml.HTTPPostBinding] != PreProduction.SSOLocation(true) || locs[saml.HTTPRedirectBinding] != PreProduction.SSOLocation(false) {
		t.Errorf("SSO locations %v", locs)
	}
	if len(ed.IDPSSODescriptors[0].KeyDescriptors) == 0 {
		t.Error("no signing certificate")
	}
	b[0] = 'x' // a copy: the embedded bytes stay intact
	if again, _ := PreProduction.Metadata(); again[0] == 'x' {
		t.Error("Metadata returned the embedded slice itself")
	}
}

func TestProductionMetadataNotEmbedded(t *testing.T) {
	t.Parallel()
	if _, err := Production.Metadata(); !errors.Is(err, ErrNoEmbeddedMetadata) {
		t.Errorf("err = %v, want ErrNoEmbeddedMetadata", err)
	}
}
