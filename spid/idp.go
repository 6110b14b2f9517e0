package spid

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// IdP is an identity provider, as read from its metadata.
type IdP struct {
	EntityID string
	// Name is the OrganizationDisplayName (Italian if present), for the button.
	Name string
	// SSO and SLO map a binding to the endpoint Location.
	SSO map[Binding]string
	SLO map[Binding]string
	// Certificates are the signing certificates of the IDPSSODescriptor;
	// several during a key rotation. Responses must be signed by one of them.
	Certificates []*x509.Certificate
	// Test marks the AgID validator and demo IdPs, listed only when the
	// registry is configured to include them (checklist 56).
	Test bool
}

// Well-known entityIDs.
const (
	ValidatorEntityID = "https://validator.spid.gov.it"
	DemoEntityID      = "https://demo.spid.gov.it"
	// AgIDRegistryURL is the AgID aggregate of the accredited SPID IdPs' metadata.
	AgIDRegistryURL = "https://registry.spid.gov.it/metadata/idp/spid-entities-idps.xml"
)

// Metadata namespaces.
const (
	nsMD    = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsSAML  = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsSAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsDS    = "http://www.w3.org/2000/09/xmldsig#"
)

// maxMetadataSize caps IdP metadata (the AgID aggregate is ~200 KB).
const maxMetadataSize = 8 << 20

// ParseIdPMetadata parses the metadata of one IdP (an md:EntityDescriptor
// with an IDPSSODescriptor). DTDs are refused. The metadata signature, if
// any, is not verified here: trust comes from where the file was obtained.
func ParseIdPMetadata(data []byte) (*IdP, error) {
	idps, err := ParseIdPMetadataAggregate(data)
	if err != nil {
		return nil, err
	}
	if len(idps) != 1 {
		return nil, fmt.Errorf("spid: idp metadata: %d IdPs, want 1", len(idps))
	}
	return idps[0], nil
}

// ParseIdPMetadataAggregate parses an md:EntitiesDescriptor (such as the AgID
// registry's aggregate) or a single md:EntityDescriptor, returning every
// entity with an IDPSSODescriptor.
func ParseIdPMetadataAggregate(data []byte) ([]*IdP, error) {
	if len(data) > maxMetadataSize {
		return nil, fmt.Errorf("spid: idp metadata: %w", ErrTooLarge)
	}
	doc, err := parseXML(data)
	if err != nil {
		return nil, fmt.Errorf("spid: idp metadata: %w", err)
	}
	root := doc.Root()
	var entities []*etree.Element
	switch {
	case isElem(root, nsMD, "EntityDescriptor"):
		entities = []*etree.Element{root}
	case isElem(root, nsMD, "EntitiesDescriptor"):
		entities = descendants(root, nsMD, "EntityDescriptor")
	default:
		return nil, fmt.Errorf("spid: idp metadata: root is %s, not md:EntityDescriptor", root.Tag)
	}
	var idps []*IdP
	for _, ed := range entities {
		idp, err := idpFromEntity(ed)
		if err != nil {
			return nil, err
		}
		if idp != nil {
			idps = append(idps, idp)
		}
	}
	if len(idps) == 0 {
		return nil, fmt.Errorf("spid: idp metadata: no IDPSSODescriptor")
	}
	return idps, nil
}

func idpFromEntity(ed *etree.Element) (*IdP, error) {
	desc := child(ed, nsMD, "IDPSSODescriptor")
	if desc == nil {
		return nil, nil
	}
	idp := &IdP{
		EntityID: ed.SelectAttrValue("entityID", ""),
		SSO:      map[Binding]string{},
		SLO:      map[Binding]string{},
	}
	if idp.EntityID == "" {
		return nil, fmt.Errorf("spid: idp metadata: EntityDescriptor without entityID")
	}
	idp.Test = idp.EntityID == ValidatorEntityID || idp.EntityID == DemoEntityID
	for _, kd := range children(desc, nsMD, "KeyDescriptor") {
		if use := kd.SelectAttrValue("use", ""); use != "" && use != "signing" {
			continue
		}
		for _, c := range descendants(kd, nsDS, "X509Certificate") {
			raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(c.Text()), ""))
			if err != nil {
				return nil, fmt.Errorf("spid: idp metadata %s: certificate: %w", idp.EntityID, err)
			}
			cert, err := x509.ParseCertificate(raw)
			if err != nil {
				return nil, fmt.Errorf("spid: idp metadata %s: certificate: %w", idp.EntityID, err)
			}
			if !containsCert(idp.Certificates, cert) {
				idp.Certificates = append(idp.Certificates, cert)
			}
		}
	}
	if len(idp.Certificates) == 0 {
		return nil, fmt.Errorf("spid: idp metadata %s: no signing certificate", idp.EntityID)
	}
	for _, s := range children(desc, nsMD, "SingleSignOnService") {
		b := Binding(s.SelectAttrValue("Binding", ""))
		if _, dup := idp.SSO[b]; !dup {
			idp.SSO[b] = s.SelectAttrValue("Location", "")
		}
	}
	for _, s := range children(desc, nsMD, "SingleLogoutService") {
		b := Binding(s.SelectAttrValue("Binding", ""))
		if _, dup := idp.SLO[b]; !dup {
			idp.SLO[b] = s.SelectAttrValue("Location", "")
		}
	}
	if len(idp.SSO) == 0 {
		return nil, fmt.Errorf("spid: idp metadata %s: no SingleSignOnService", idp.EntityID)
	}
	if org := child(ed, nsMD, "Organization"); org != nil {
		for _, n := range children(org, nsMD, "OrganizationDisplayName") {
			if idp.Name == "" || n.SelectAttrValue("xml:lang", "") == "it" {
				idp.Name = strings.TrimSpace(n.Text())
			}
		}
	}
	if idp.Name == "" {
		idp.Name = idp.EntityID
	}
	return idp, nil
}

func containsCert(certs []*x509.Certificate, c *x509.Certificate) bool {
	for _, have := range certs {
		if bytes.Equal(have.Raw, c.Raw) {
			return true
		}
	}
	return false
}

func encodeCert(der []byte) string { return base64.StdEncoding.EncodeToString(der) }
