package cie

import (
	"bytes"
	"crypto/x509"
	"slices"
	"testing"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/siopi/siopi/spid"
)

const (
	nsMD = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsDS = "http://www.w3.org/2000/09/xmldsig#"
)

// metadataOf returns the SP's metadata bytes and parsed document.
func metadataOf(t *testing.T, sp *spid.SP) ([]byte, *etree.Document) {
	t.Helper()
	doc := etree.NewDocument()
	b, err := sp.Metadata()
	if err == nil {
		err = doc.ReadFromBytes(b)
	}
	if err != nil {
		t.Fatalf("metadata: %v", err)
	}
	return b, doc
}

// children returns the child elements of e with namespace ns and local name.
func children(e *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	for _, c := range e.ChildElements() {
		if c.NamespaceURI() == ns && c.Tag == local {
			out = append(out, c)
		}
	}
	return out
}

func one(t *testing.T, e *etree.Element, ns, local string) *etree.Element {
	t.Helper()
	cs := children(e, ns, local)
	if len(cs) != 1 {
		t.Fatalf("%s has %d %s, want 1", e.Tag, len(cs), local)
	}
	return cs[0]
}

// TestMetadataRules asserts each CIE metadata rule of the domain file (§4,
// "Metadata differences from SPID", plus the SPID rules CIE inherits) on
// the metadata the SP produces, for a public and a private SP.
func TestMetadataRules(t *testing.T) {
	t.Parallel()
	private := func(c *Config) {
		c.Administrative = Contact{
			Kind: Private, VATNumber: "IT02438750586", FiscalCode: "02438750586", NACE2Codes: []string{"62.01"},
			Municipality: "H501", EmailAddress: "cie@ente.example.it",
		}
		tech := validPrivate()
		c.Technical = &tech
	}
	for name, edit := range map[string]func(*Config){"public": nil, "private": private} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			raw, doc := metadataOf(t, newTestSP(t, edit))
			if !bytes.HasPrefix(raw, []byte("<?xml")) {
				t.Error("metadata must start with <?xml, no leading whitespace")
			}
			ed := doc.Root()
			if ed.NamespaceURI() != nsMD || ed.Tag != "EntityDescriptor" || ed.SelectAttrValue("entityID", "") != testEntityID {
				t.Fatalf("root %s entityID %q", qname(ed), ed.SelectAttrValue("entityID", ""))
			}
			if first := ed.ChildElements()[0]; first.NamespaceURI() != nsDS || first.Tag != "Signature" {
				t.Error("the enveloped ds:Signature must be the first child")
			}

			sso := one(t, ed, nsMD, "SPSSODescriptor")
			for attr, want := range map[string]string{
				"AuthnRequestsSigned": "true", "WantAssertionsSigned": "true",
				"protocolSupportEnumeration": "urn:oasis:names:tc:SAML:2.0:protocol",
			} {
				if got := sso.SelectAttrValue(attr, ""); got != want {
					t.Errorf("SPSSODescriptor@%s = %q, want %q", attr, got, want)
				}
			}
			if kd := children(sso, nsMD, "KeyDescriptor"); len(kd) == 0 || kd[0].SelectAttrValue("use", "") != "signing" ||
				kd[0].FindElement(".//X509Certificate") == nil {
				t.Error("a signing KeyDescriptor with a certificate is required")
			}
			var redirect bool
			for _, slo := range children(sso, nsMD, "SingleLogoutService") {
				redirect = redirect || slo.SelectAttrValue("Binding", "") == string(spid.BindingRedirect)
			}
			if !redirect {
				t.Error("CIE requires a SingleLogoutService with HTTP-Redirect")
			}
			if got := one(t, sso, nsMD, "NameIDFormat").Text(); got != "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" {
				t.Errorf("NameIDFormat %q", got)
			}
			var defaults []string
			for _, acs := range children(sso, nsMD, "AssertionConsumerService") {
				if acs.SelectAttrValue("isDefault", "") == "true" {
					defaults = append(defaults, acs.SelectAttrValue("index", ""))
				}
				if b := acs.SelectAttrValue("Binding", ""); b != string(spid.BindingPOST) && b != string(spid.BindingRedirect) {
					t.Errorf("ACS binding %q: CIE allows POST or Redirect", b)
				}
			}
			if !slices.Equal(defaults, []string{"0"}) {
				t.Errorf("default ACS indexes %v, want exactly one, index 0", defaults)
			}
			for _, acs := range children(sso, nsMD, "AttributeConsumingService") {
				for _, ra := range children(acs, nsMD, "RequestedAttribute") {
					if n := ra.SelectAttrValue("Name", ""); !slices.Contains(EIDASAttributes(), spid.Attribute(n)) {
						t.Errorf("RequestedAttribute %q is outside the eIDAS minimum set", n)
					}
				}
			}

			org := one(t, ed, nsMD, "Organization")
			orgName := one(t, org, nsMD, "OrganizationName").Text()
			contacts := children(ed, nsMD, "ContactPerson")
			if len(contacts) == 0 || contacts[0].SelectAttrValue("contactType", "") != "administrative" {
				t.Fatal("the first ContactPerson must be administrative")
			}
			for _, cp := range contacts {
				ct := cp.SelectAttrValue("contactType", "")
				if ct != "administrative" && ct != "technical" {
					t.Errorf("contactType %q: CIE uses administrative and technical", ct)
				}
				ext := one(t, cp, nsMD, "Extensions")
				var names []string
				for _, e := range ext.ChildElements() {
					if e.NamespaceURI() != Namespace {
						t.Errorf("extension %s is not in the cie namespace", qname(e))
					}
					names = append(names, e.Tag)
				}
				if !slices.Contains(names, "Municipality") {
					t.Errorf("%s contact lacks cie:Municipality", ct)
				}
				public := slices.Contains(names, "Public")
				if public == slices.Contains(names, "Private") {
					t.Errorf("%s contact needs exactly one of cie:Public, cie:Private: %v", ct, names)
				}
				if public != slices.Contains(names, "IPACode") {
					t.Errorf("%s contact: cie:IPACode goes with cie:Public only: %v", ct, names)
				}
				if !public && !slices.Contains(names, "VATNumber") && !slices.Contains(names, "FiscalCode") {
					t.Errorf("%s contact: a private entity needs cie:VATNumber or cie:FiscalCode", ct)
				}
				company := one(t, cp, nsMD, "Company").Text()
				if ct == "administrative" && company != orgName {
					t.Errorf("Company %q must equal OrganizationName %q", company, orgName)
				}
				if one(t, cp, nsMD, "EmailAddress").Text() == "" {
					t.Error("EmailAddress is required")
				}
			}
		})
	}
}

// TestMetadataSignature verifies the enveloped signature with the SP's
// certificate, as the CIE federation portal does on upload.
func TestMetadataSignature(t *testing.T) {
	t.Parallel()
	_, doc := metadataOf(t, newTestSP(t, nil))
	_, cert := testKey()
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
	ctx.Clock = dsig.NewFakeClockAt(testNow)
	if _, err := ctx.Validate(doc.Root()); err != nil {
		t.Fatalf("metadata signature: %v", err)
	}
	sig := doc.Root().FindElement("./Signature/SignedInfo")
	if got := sig.FindElement("./SignatureMethod").SelectAttrValue("Algorithm", ""); got != dsig.RSASHA256SignatureMethod {
		t.Errorf("SignatureMethod %q", got)
	}
	if got := sig.FindElement("./CanonicalizationMethod").SelectAttrValue("Algorithm", ""); got != string(dsig.CanonicalXML10ExclusiveAlgorithmId) {
		t.Errorf("CanonicalizationMethod %q", got)
	}
}
