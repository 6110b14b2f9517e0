package cie

import "github.com/beevik/etree"

// Namespace is the XML namespace of CIE's SAML metadata extensions, bound
// to the prefix "cie" in the SP metadata (cie-eid-saml-docs federazione.rst).
const Namespace = "https://www.cartaidentita.interno.gov.it/saml-extensions"

// nsMetadata is the SAML 2.0 metadata namespace, bound to the prefix "md".
const nsMetadata = "urn:oasis:names:tc:SAML:2.0:metadata"

// The contactType values CIE uses; SPID's "other" and "billing" are not
// part of the CIE profile.
const (
	contactAdministrative = "administrative"
	contactTechnical      = "technical"
)

// declareNamespaces binds the "md" and "cie" prefixes on root (the
// md:EntityDescriptor), where the CIE examples declare them.
func declareNamespaces(root *etree.Element) {
	if root.SelectAttr("xmlns:md") == nil {
		root.CreateAttr("xmlns:md", nsMetadata)
	}
	if root.SelectAttr("xmlns:cie") == nil {
		root.CreateAttr("xmlns:cie", Namespace)
	}
}

// element builds the md:ContactPerson of the given contactType with its
// md:Extensions, md:Company (company when the contact's own is empty),
// md:EmailAddress and md:TelephoneNumber. The element uses the "md" and
// "cie" prefixes, which [declareNamespaces] binds on the document root.
//
// The order of the cie: elements follows the CIE examples: the kind first,
// then the identifiers, then Municipality, Province and Country, which the
// CIE schema requires last in that order. Public entities list
// IPACode, IPACategory, NACE2Code, VATNumber, FiscalCode (the public example
// of cie-eid-saml-docs); private ones VATNumber, FiscalCode, NACE2Code (both
// private examples).
func (c Contact) element(contactType, company string) *etree.Element {
	cp := etree.NewElement("md:ContactPerson")
	cp.CreateAttr("contactType", contactType)
	ext := cp.CreateElement("md:Extensions")
	text := func(tag, value string) {
		if value != "" {
			ext.CreateElement("cie:" + tag).SetText(value)
		}
	}
	nace := func() {
		for _, code := range c.NACE2Codes {
			text("NACE2Code", code)
		}
	}
	if c.Kind == Public {
		ext.CreateElement("cie:Public")
		text("IPACode", c.IPACode)
		text("IPACategory", c.IPACategory)
		nace()
		text("VATNumber", c.VATNumber)
		text("FiscalCode", c.FiscalCode)
	} else {
		ext.CreateElement("cie:Private")
		text("VATNumber", c.VATNumber)
		text("FiscalCode", c.FiscalCode)
		nace()
	}
	text("Municipality", c.Municipality)
	text("Province", c.Province)
	text("Country", c.Country)

	if c.Company != "" {
		company = c.Company
	}
	cp.CreateElement("md:Company").SetText(company)
	cp.CreateElement("md:EmailAddress").SetText(c.EmailAddress)
	if c.TelephoneNumber != "" {
		cp.CreateElement("md:TelephoneNumber").SetText(c.TelephoneNumber)
	}
	return cp
}

// contactElements returns the administrative contact and, when set, the
// technical one, in the order the CIE examples use.
func contactElements(admin Contact, technical *Contact, organizationName string) []*etree.Element {
	out := []*etree.Element{admin.element(contactAdministrative, organizationName)}
	if technical != nil {
		out = append(out, technical.element(contactTechnical, ""))
	}
	return out
}
