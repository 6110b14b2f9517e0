package cie

import (
	"testing"

	"github.com/beevik/etree"
	"github.com/siopi/siopi/spid"
)

// The CIE examples use placeholders that no valid configuration can hold
// ("codiceISTAT_SP", a 10-digit fiscal code); the comparison substitutes
// valid values for them in the fixture, and configures the SP with the same.
var fixtureValues = map[string]string{
	"https://entityidsp":                 testEntityID,
	"https://sp.example.it":              testEntityID,
	"9876543210":                         "02438750586",
	"IT01234567890":                      "IT02438750586",
	"CODICE_ATECO":                       "62.01",
	"CODICE_ISTAT":                       "H501",
	"codiceATECO_SP":                     "84.11.10",
	"codiceISTAT_SP":                     "058091",
	"sigla_provincia_SP":                 "RM",
	"codiceATECO_partnerTecnologico":     "62.01",
	"codiceISTAT_partnerTecnologico":     "H501",
	"sigla_provincia_partnerTecnologico": "MI",
	// spid-sp-test's public example gives Company "Public Administration"
	// for OrganizationName "Public Service", which breaks CIE's rule
	// Company = OrganizationName; New refuses that configuration.
	"Public Administration": "Public Service",
}

// tolerated removes, from both documents, what the comparison does not
// hold against the SP, each for the reason given.
func tolerated(root *etree.Element, fixture bool) {
	// The signature and the certificates: other keys.
	for _, e := range root.FindElements("//X509Certificate") {
		e.SetText("")
	}
	// The ID the signature references; absent from two examples.
	root.RemoveAttr("ID")
	for _, e := range root.FindElements("//RequestedAttribute") {
		// NameFormat basic, which the engine writes, is allowed (checklist
		// 9); the examples omit it.
		e.RemoveAttr("NameFormat")
	}
	for _, e := range root.FindElements("//ServiceName") {
		// The engine writes ServiceName xml:lang="it"; the examples use "".
		e.RemoveAttr("xml:lang")
	}
	if !fixture {
		return
	}
	sso := root.SelectElement("SPSSODescriptor")
	if sso.FindElement("./SingleLogoutService[@Binding='"+string(spid.BindingRedirect)+"']") == nil {
		// spid-sp-test's public example publishes only a POST SLO endpoint;
		// CIE requires HTTP-Redirect, so expect that endpoint with Redirect.
		if slo := sso.SelectElement("SingleLogoutService"); slo != nil {
			slo.CreateAttr("Binding", string(spid.BindingRedirect))
		}
	}
	for _, e := range sso.ChildElements() {
		switch {
		// No encryption key: CIE assertions are signed, not encrypted.
		case e.Tag == "KeyDescriptor" && e.SelectAttrValue("use", "") == "encryption",
			// The CIE profile publishes one SLO endpoint, HTTP-Redirect.
			e.Tag == "SingleLogoutService" && e.SelectAttrValue("Binding", "") != string(spid.BindingRedirect),
			// The engine offers one ACS, HTTP-POST, index 0.
			e.Tag == "AssertionConsumerService" && e.SelectAttrValue("index", "") != "0":
			sso.RemoveChild(e)
		}
	}
	for _, e := range root.FindElements("//ServiceDescription") {
		e.Parent().RemoveChild(e) // not configurable in the engine
	}
}

// substitute replaces placeholder texts and attribute values.
func substitute(e *etree.Element) {
	if v, ok := fixtureValues[e.Text()]; ok {
		e.SetText(v)
	}
	for i, a := range e.Attr {
		if v, ok := fixtureValues[a.Value]; ok {
			e.Attr[i].Value = v
		}
	}
	for _, c := range e.ChildElements() {
		substitute(c)
	}
}

// TestMetadataMatchesFixtures configures an SP after each CIE example and
// compares its metadata with the example element by element: names,
// namespaces, order, attributes and text, except what tolerated lists.
func TestMetadataMatchesFixtures(t *testing.T) {
	t.Parallel()
	privateSP := func(c *Config) {
		c.OrganizationNames = map[string]string{"it": "Service Provider Privato s.r.l."}
		c.OrganizationDisplayNames = map[string]string{"it": "SPP"}
		c.OrganizationURLs = map[string]string{"it": "https://www.esempio_sp_privato.it"}
		c.ACSURL, c.SLOURL = "https://url_esempio_POST", "https://url_esempio_SLO_Redirect"
		c.AttributeSetNames = []string{"urn:uuid:86eabbc2-6023-4f8d-a7dc-22401f5ac4fe"}
		c.Administrative = Contact{
			Kind: Private, VATNumber: "IT02438750586", FiscalCode: "02438750586", NACE2Codes: []string{"62.01"},
			Municipality: "H501", EmailAddress: "esempio_sp_privato@spp.it", TelephoneNumber: "+39061234567",
		}
	}
	eidas := []spid.Attribute{spid.AttrName, spid.AttrFamilyName, spid.AttrDateOfBirth, spid.AttrFiscalNumber}
	tests := []struct {
		fixture string
		edit    func(*Config)
	}{
		{"cie-sp-example-metadata_strict_sp_private.xml", privateSP},
		{"sp-example-private-sp-cie.xml", privateSP},
		{"sp-example-public-sp-cie.xml", func(c *Config) {
			c.OrganizationNames = map[string]string{"it": "Public Service"}
			c.OrganizationDisplayNames = map[string]string{"it": "Public Service"}
			c.OrganizationURLs = map[string]string{"it": "https://www.public-sp.it/"}
			c.ACSURL = "https://www.public-sp.it/Shibboleth.sso/SAML2/POST"
			c.SLOURL = "https://www.public-sp.it/Shibboleth.sso/SLO/POST"
			c.AttributeSetNames = []string{"CIE Service for Public Administration"}
			c.Administrative = Contact{
				Kind: Public, IPACode: "abcd_000", Municipality: "C351", Province: "CT",
				EmailAddress: "first.last@public-sp.it",
			}
		}},
		{"cie-sp-example-metadata_full_sp_pubblico_tp_private.xml", func(c *Config) {
			c.OrganizationNames = map[string]string{"it": "Istituto Service Provider", "en": "Service Provider Institute"}
			c.OrganizationDisplayNames = map[string]string{"it": "ISP", "en": "SPI"}
			c.OrganizationURLs = map[string]string{"it": "https://www.isp.it", "en": "https://www.isp.it"}
			c.ACSURL, c.SLOURL = "https://url_esempio_POST", "https://url_esempio_SLO_Redirect"
			c.AttributeSets = [][]spid.Attribute{eidas, eidas, eidas}
			c.AttributeSetNames = []string{
				"urn:uuid:a83e1df8-0dd3-46c0-b4e3-f6c650177056",
				"urn:uuid:bd042d58-d402-4970-83dc-70cd1882bf62",
				"urn:uuid:a16cb8fd-62c6-4ff5-88ea-7dd3bdcb4c4e",
			}
			c.Administrative = Contact{
				Kind: Public, IPACode: "codiceIPA_SP", IPACategory: "categoriaIPA_SP",
				NACE2Codes: []string{"84.11.10"}, VATNumber: "IT02438750586", FiscalCode: "02438750586",
				Municipality: "058091", Province: "RM", Country: "IT",
				EmailAddress: "info@isp.gov.it", TelephoneNumber: "+390011223344",
			}
			c.Technical = &Contact{
				Kind: Private, VATNumber: "IT02438750586", FiscalCode: "02438750586",
				NACE2Codes: []string{"62.01"}, Municipality: "H501", Province: "MI", Country: "IT",
				Company:      "Partner Tecnologico per Soluzioni di Identità Federata s.r.l.",
				EmailAddress: "info.cie@partnertecnologicoidfederata.com", TelephoneNumber: "+390999135792",
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			want := readFixture(t, tt.fixture).Root()
			substitute(want)
			tolerated(want, true)
			_, doc := metadataOf(t, newTestSP(t, tt.edit))
			got := doc.Root()
			tolerated(got, false)
			if want.FindElement("./SPSSODescriptor/NameIDFormat") == nil {
				// NameIDFormat transient is a SPID rule (checklist 6) that the
				// full CIE example follows; the strict examples omit it.
				nif := got.FindElement("./SPSSODescriptor/NameIDFormat")
				nif.Parent().RemoveChild(nif)
			}
			compareElements(t, "", got, want, "{"+nsDS+"}Signature")
		})
	}
}
