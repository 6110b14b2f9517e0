package cie

import (
	"slices"
	"testing"
)

// The contacts of the CIE examples, as Contact values.
var (
	fullPublicAdmin = Contact{
		Kind: Public, IPACode: "codiceIPA_SP", IPACategory: "categoriaIPA_SP",
		NACE2Codes: []string{"codiceATECO_SP"}, VATNumber: "IT01234567890", FiscalCode: "9876543210",
		Municipality: "codiceISTAT_SP", Province: "sigla_provincia_SP", Country: "IT",
		EmailAddress: "info@isp.gov.it", TelephoneNumber: "+390011223344",
	}
	fullPrivateTechnical = Contact{
		Kind: Private, VATNumber: "IT01234567890", FiscalCode: "9876543210",
		NACE2Codes:   []string{"codiceATECO_partnerTecnologico"},
		Municipality: "codiceISTAT_partnerTecnologico", Province: "sigla_provincia_partnerTecnologico", Country: "IT",
		Company:      "Partner Tecnologico per Soluzioni di Identità Federata s.r.l.",
		EmailAddress: "info.cie@partnertecnologicoidfederata.com", TelephoneNumber: "+390999135792",
	}
	strictPrivateAdmin = Contact{
		Kind: Private, VATNumber: "IT01234567890", FiscalCode: "9876543210",
		NACE2Codes: []string{"CODICE_ATECO"}, Municipality: "CODICE_ISTAT",
		EmailAddress: "esempio_sp_privato@spp.it", TelephoneNumber: "+39061234567",
	}
	sstPublicAdmin = Contact{
		Kind: Public, IPACode: "abcd_000", Municipality: "C351", Province: "CT",
		Company: "Public Administration", EmailAddress: "first.last@public-sp.it",
	}
)

// TestContactElementsMatchFixtures builds the md:ContactPerson elements of
// each CIE example from the example's values and compares them element by
// element: names, namespaces, order, attributes and text.
func TestContactElementsMatchFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture   string
		orgName   string
		admin     Contact
		technical *Contact
	}{
		{"cie-sp-example-metadata_full_sp_pubblico_tp_private.xml", "Istituto Service Provider", fullPublicAdmin, &fullPrivateTechnical},
		{"cie-sp-example-metadata_strict_sp_private.xml", "Service Provider Privato s.r.l.", strictPrivateAdmin, nil},
		{"sp-example-private-sp-cie.xml", "Service Provider Privato s.r.l.", strictPrivateAdmin, nil},
		// spid-sp-test's public example has Company "Public Administration"
		// against OrganizationName "Public Service"; New refuses that, the
		// builder reproduces it when told.
		{"sp-example-public-sp-cie.xml", "Public Service", sstPublicAdmin, nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			want := readFixture(t, tt.fixture).Root().SelectElements("ContactPerson")
			got := wrap(contactElements(tt.admin, tt.technical, tt.orgName)...).ChildElements()
			if len(got) != len(want) {
				t.Fatalf("got %d contacts, want %d", len(got), len(want))
			}
			for i := range want {
				compareElements(t, "", got[i], want[i])
			}
		})
	}
}

func TestContactElementNamespaces(t *testing.T) {
	t.Parallel()
	root := wrap(contactElements(fullPublicAdmin, &fullPrivateTechnical, "Istituto Service Provider")...)
	for _, e := range root.FindElements("//Extensions/*") {
		if e.NamespaceURI() != Namespace || e.Space != "cie" {
			t.Errorf("%s: namespace %q prefix %q, want %q prefix cie", e.Tag, e.NamespaceURI(), e.Space, Namespace)
		}
	}
	for _, e := range root.FindElements("//ContactPerson") {
		if e.NamespaceURI() != nsMetadata {
			t.Errorf("ContactPerson namespace %q", e.NamespaceURI())
		}
		if ct := e.SelectAttrValue("contactType", ""); ct != "administrative" && ct != "technical" {
			t.Errorf("contactType %q: CIE uses administrative and technical only", ct)
		}
	}
	// Municipality, Province, Country close the extensions in that order.
	for _, ext := range root.FindElements("//Extensions") {
		kids := ext.ChildElements()
		tail := []string{kids[len(kids)-3].Tag, kids[len(kids)-2].Tag, kids[len(kids)-1].Tag}
		if !slices.Equal(tail, []string{"Municipality", "Province", "Country"}) {
			t.Errorf("extensions end with %v", tail)
		}
	}
}

func TestContactElementAdministrativeCompany(t *testing.T) {
	t.Parallel()
	c := fullPublicAdmin
	e := c.element(contactAdministrative, "Comune di Roma")
	if got := e.SelectElement("Company").Text(); got != "Comune di Roma" {
		t.Errorf("Company = %q, want the organisation name", got)
	}
}
