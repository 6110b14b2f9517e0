package cie

import "github.com/siopi/siopi/spid"

// Namespace is the XML namespace of CIE's SAML metadata extensions, bound
// to the prefix "cie" in the SP metadata (cie-eid-saml-docs federazione.rst).
const Namespace = "https://www.cartaidentita.interno.gov.it/saml-extensions"

// The contactType values CIE uses; SPID's "other" and "billing" are not
// part of the CIE profile.
const (
	contactAdministrative = "administrative"
	contactTechnical      = "technical"
)

// extensions returns the contact's cie: elements in metadata order.
//
// The order follows the CIE examples: the kind first, then the identifiers,
// then Municipality, Province and Country, which the CIE schema requires
// last and in that order. Public entities list IPACode, IPACategory,
// NACE2Code, VATNumber, FiscalCode (the public example of
// cie-eid-saml-docs); private ones VATNumber, FiscalCode, NACE2Code (both
// private examples).
func (c Contact) extensions() []spid.Extension {
	kind, ids := "Private", []string{"VATNumber", "FiscalCode", "NACE2Code"}
	if c.Kind == Public {
		kind, ids = "Public", []string{"IPACode", "IPACategory", "NACE2Code", "VATNumber", "FiscalCode"}
	}
	values := map[string][]string{
		"IPACode": {c.IPACode}, "IPACategory": {c.IPACategory}, "NACE2Code": c.NACE2Codes,
		"VATNumber": {c.VATNumber}, "FiscalCode": {c.FiscalCode},
		"Municipality": {c.Municipality}, "Province": {c.Province}, "Country": {c.Country},
	}
	out := []spid.Extension{{Name: kind, Empty: true}}
	for _, name := range append(ids, "Municipality", "Province", "Country") {
		for _, v := range values[name] {
			if v != "" {
				out = append(out, spid.Extension{Name: name, Value: v})
			}
		}
	}
	return out
}

// contact returns the md:ContactPerson of the given contactType; company
// fills md:Company when the contact's own is empty.
func (c Contact) contact(contactType, company string) spid.Contact {
	if c.Company != "" {
		company = c.Company
	}
	return spid.Contact{
		Type:       contactType,
		Extensions: c.extensions(),
		Company:    company,
		Email:      c.EmailAddress,
		Telephone:  c.TelephoneNumber,
	}
}

// contacts returns the administrative contact and, when set, the technical
// one, in the order of the CIE examples. organizationName is the Italian
// OrganizationName, the administrative contact's Company.
func contacts(admin Contact, technical *Contact, organizationName string) []spid.Contact {
	out := []spid.Contact{admin.contact(contactAdministrative, organizationName)}
	if technical != nil {
		out = append(out, technical.contact(contactTechnical, ""))
	}
	return out
}
