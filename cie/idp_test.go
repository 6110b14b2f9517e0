package cie

import (
	"encoding/xml"
	"errors"
	"testing"

	"github.com/crewjam/saml"
)

func TestEnvironmentEndpoints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env                                Environment
		entityID, post, redirect, metadata string
	}{
		{Production,
			"https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO",
			"https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO",
			"https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/Redirect/SSO",
			"https://idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata"},
		{PreProduction,
			"https://preproduzione.idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO",
			"https://preproduzione.idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO",
			"https://preproduzione.idserver.servizicie.interno.gov.it/idp/profile/SAML2/Redirect/SSO",
			"https://preproduzione.idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata"},
		{Environment(0), "", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.env.String(), func(t *testing.T) {
			t.Parallel()
			if got := tt.env.EntityID(); got != tt.entityID {
				t.Errorf("EntityID = %q, want %q", got, tt.entityID)
			}
			if got := tt.env.SSOLocation(true); got != tt.post {
				t.Errorf("SSOLocation(POST) = %q, want %q", got, tt.post)
			}
			if got := tt.env.SSOLocation(false); got != tt.redirect {
				t.Errorf("SSOLocation(Redirect) = %q, want %q", got, tt.redirect)
			}
			if got := tt.env.MetadataURL(); got != tt.metadata {
				t.Errorf("MetadataURL = %q, want %q", got, tt.metadata)
			}
		})
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
