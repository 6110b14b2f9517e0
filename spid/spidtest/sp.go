package spidtest

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/crewjam/saml"
)

// SAML binding URIs.
const (
	BindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	BindingPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
)

// ServiceProvider is what the IdP knows about a registered SP, read from its
// metadata.
type ServiceProvider struct {
	EntityID string
	// ACS are the AssertionConsumerServices in metadata order.
	ACS []Endpoint
	// SLO are the SingleLogoutServices.
	SLO []Endpoint
	// Certificates are the signing certificates (KeyDescriptor use="signing"
	// or without use).
	Certificates []*x509.Certificate
	// AttributeSets maps AttributeConsumingService index → attribute names.
	AttributeSets map[int][]string
}

// Endpoint is a metadata endpoint. Index and Default are meaningful for ACS
// only.
type Endpoint struct {
	Index    int
	Binding  string
	Location string
	Default  bool
}

// maxMetadataSize bounds the SP metadata the IdP parses.
const maxMetadataSize = 1 << 20

// RegisterSP parses an SP's metadata (one md:EntityDescriptor with an
// SPSSODescriptor) and trusts it: AuthnRequests and LogoutRequests from that
// entityID are verified against its signing certificates and answered at its
// endpoints. Registering the same entityID again replaces it.
func (idp *IdP) RegisterSP(metadataXML []byte) error {
	sp, err := ParseSPMetadata(metadataXML)
	if err != nil {
		return fmt.Errorf("spidtest: register sp: %w", err)
	}
	idp.mu.Lock()
	idp.sps[sp.EntityID] = sp
	idp.mu.Unlock()
	return nil
}

// ServiceProvider returns the registered SP with this entityID.
func (idp *IdP) ServiceProvider(entityID string) (*ServiceProvider, bool) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	sp, ok := idp.sps[entityID]
	return sp, ok
}

// ParseSPMetadata reads an SP's metadata. It does not verify the metadata's
// signature: in SPID, AgID's registry vouches for it.
func ParseSPMetadata(metadataXML []byte) (*ServiceProvider, error) {
	if len(metadataXML) > maxMetadataSize {
		return nil, errors.New("metadata too large")
	}
	var ed saml.EntityDescriptor
	if err := xml.Unmarshal(metadataXML, &ed); err != nil {
		return nil, fmt.Errorf("parse metadata: %w", err)
	}
	if ed.EntityID == "" {
		return nil, errors.New("metadata has no entityID")
	}
	if len(ed.SPSSODescriptors) != 1 {
		return nil, fmt.Errorf("metadata has %d SPSSODescriptors, want 1", len(ed.SPSSODescriptors))
	}
	d := ed.SPSSODescriptors[0]
	sp := &ServiceProvider{EntityID: ed.EntityID, AttributeSets: map[int][]string{}}
	for _, acs := range d.AssertionConsumerServices {
		sp.ACS = append(sp.ACS, Endpoint{Index: acs.Index, Binding: acs.Binding, Location: acs.Location,
			Default: acs.IsDefault != nil && *acs.IsDefault})
	}
	for _, slo := range d.SingleLogoutServices {
		sp.SLO = append(sp.SLO, Endpoint{Binding: slo.Binding, Location: slo.Location})
	}
	for _, kd := range d.KeyDescriptors {
		if kd.Use != "" && kd.Use != "signing" {
			continue
		}
		for _, xc := range kd.KeyInfo.X509Data.X509Certificates {
			der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(xc.Data), ""))
			if err != nil {
				return nil, fmt.Errorf("signing certificate: %w", err)
			}
			cert, err := x509.ParseCertificate(der)
			if err != nil {
				return nil, fmt.Errorf("signing certificate: %w", err)
			}
			sp.Certificates = append(sp.Certificates, cert)
		}
	}
	for _, acs := range d.AttributeConsumingServices {
		var names []string
		for _, ra := range acs.RequestedAttributes {
			names = append(names, ra.Name)
		}
		sp.AttributeSets[acs.Index] = names
	}
	if len(sp.ACS) == 0 {
		return nil, errors.New("metadata has no AssertionConsumerService")
	}
	if len(sp.Certificates) == 0 {
		return nil, errors.New("metadata has no signing certificate")
	}
	return sp, nil
}

// acs resolves the ACS of an AuthnRequest: by index, by URL (which must be
// in the metadata), or the default.
func (sp *ServiceProvider) acs(index *int, url string) (string, error) {
	switch {
	case index != nil && url != "":
		return "", errors.New("both AssertionConsumerServiceIndex and URL (nr16)")
	case index != nil:
		for _, e := range sp.ACS {
			if e.Index == *index {
				return e.Location, nil
			}
		}
		return "", fmt.Errorf("no AssertionConsumerService with index %d (nr16)", *index)
	case url != "":
		if slices.ContainsFunc(sp.ACS, func(e Endpoint) bool { return e.Location == url }) {
			return url, nil
		}
		return "", fmt.Errorf("AssertionConsumerServiceURL %q is not in the metadata (nr16)", url)
	}
	for _, e := range sp.ACS {
		if e.Default {
			return e.Location, nil
		}
	}
	return sp.ACS[0].Location, nil
}

// slo returns the SP's SingleLogoutService, preferring HTTP-POST.
func (sp *ServiceProvider) slo() (Endpoint, bool) {
	for _, b := range []string{BindingPOST, BindingRedirect} {
		for _, e := range sp.SLO {
			if e.Binding == b {
				return e, true
			}
		}
	}
	return Endpoint{}, false
}
