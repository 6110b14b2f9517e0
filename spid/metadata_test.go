package spid

import (
	"bytes"
	"crypto/x509"
	"flag"
	"os"
	"path/filepath"
	"testing"

	dsig "github.com/russellhaering/goxmldsig"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestMetadata parses the metadata the SP produces and asserts checklist A.
func TestMetadata(t *testing.T) {
	t.Parallel()
	cfg := testConfig(t, &clock{now: t0})
	md := metadataOf(t, cfg)
	if !bytes.HasPrefix(md, []byte("<?xml")) {
		t.Error("14: metadata must start with <?xml, no leading whitespace")
	}
	ed := readDoc(t, md).Root()
	check := checklist(t)
	check("1 EntityDescriptor entityID", isElem(ed, nsMD, "EntityDescriptor") && ed.SelectAttrValue("entityID", "") == "https://comune.example.it")

	// 2: enveloped signature, verifiable with the SP certificate, rsa-sha256, exc-c14n, sha256.
	sig := child(ed, nsDS, "Signature")
	check("2 signature is the first child", sig != nil && ed.ChildElements()[0] == sig)
	check("2 rsa-sha256", sig.FindElement("./SignedInfo/SignatureMethod").SelectAttrValue("Algorithm", "") == dsig.RSASHA256SignatureMethod)
	check("2 exc-c14n", sig.FindElement("./SignedInfo/CanonicalizationMethod").SelectAttrValue("Algorithm", "") == string(dsig.CanonicalXML10ExclusiveAlgorithmId))
	check("2 sha256", sig.FindElement(".//DigestMethod").SelectAttrValue("Algorithm", "") == "http://www.w3.org/2001/04/xmlenc#sha256")
	vctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cfg.Certificate}})
	vctx.Clock = dsig.NewFakeClockAt(t0)
	if _, err := vctx.Validate(ed); err != nil {
		t.Errorf("2: signature does not verify: %v", err)
	}

	sso := children(ed, nsMD, "SPSSODescriptor")
	check("4 one SPSSODescriptor", len(sso) == 1)
	d := sso[0]
	check("4 attributes", d.SelectAttrValue("protocolSupportEnumeration", "") == nsSAMLP &&
		d.SelectAttrValue("AuthnRequestsSigned", "") == "true" && d.SelectAttrValue("WantAssertionsSigned", "") == "true")
	kd := children(d, nsMD, "KeyDescriptor")
	check("5 signing KeyDescriptor", len(kd) == 1 && kd[0].SelectAttrValue("use", "") == "signing" && kd[0].FindElement(".//X509Certificate") != nil)
	check("6 NameIDFormat transient", textOf(child(d, nsMD, "NameIDFormat")) == formatTransient)
	slo := children(d, nsMD, "SingleLogoutService")
	check("7 SLO", len(slo) == 2 && slo[0].SelectAttrValue("Location", "") == "https://comune.example.it/spid/slo")
	acs := children(d, nsMD, "AssertionConsumerService")
	check("8 one ACS index 0 default POST", len(acs) == 1 && acs[0].SelectAttrValue("index", "") == "0" &&
		acs[0].SelectAttrValue("isDefault", "") == "true" && acs[0].SelectAttrValue("Binding", "") == string(BindingPOST))
	acss := children(d, nsMD, "AttributeConsumingService")
	check("9 attribute sets", len(acss) == 2 && acss[1].SelectAttrValue("index", "") == "1" && textOf(child(acss[0], nsMD, "ServiceName")) != "")
	for _, s := range acss {
		for _, ra := range children(s, nsMD, "RequestedAttribute") {
			check("9 SPID attribute names", Attribute(ra.SelectAttrValue("Name", "")).Valid())
		}
	}
	org := children(ed, nsMD, "Organization")
	check("10 one Organization", len(org) == 1)
	for _, tag := range []string{"OrganizationName", "OrganizationDisplayName", "OrganizationURL"} {
		els := children(org[0], nsMD, tag)
		check("10 "+tag+" it first, same languages", len(els) == 2 && els[0].SelectAttrValue("xml:lang", "") == "it")
	}
	cps := children(ed, nsMD, "ContactPerson")
	check("11 one ContactPerson other", len(cps) == 1 && cps[0].SelectAttrValue("contactType", "") == "other")
	ext := child(cps[0], nsMD, "Extensions")
	check("11 spid:IPACode", textOf(child(ext, SPIDNamespace, "IPACode")) == "c_x000")
	check("11 spid:Public", child(ext, SPIDNamespace, "Public") != nil && child(ext, SPIDNamespace, "Private") == nil)
	check("11 Company = OrganizationName", textOf(child(cps[0], nsMD, "Company")) == "Comune di Esempio")
	check("11 EmailAddress", textOf(child(cps[0], nsMD, "EmailAddress")) != "")

	golden(t, "metadata_public.golden.xml", normalizeMetadata(t, md))
}

func TestMetadataPrivate(t *testing.T) {
	t.Parallel()
	md := metadataOf(t, privateConfig(t))
	cps := children(readDoc(t, md).Root(), nsMD, "ContactPerson")
	if len(cps) != 2 || cps[0].SelectAttrValue("contactType", "") != "other" || cps[1].SelectAttrValue("contactType", "") != "billing" {
		t.Fatalf("contacts: %d", len(cps))
	}
	ext := child(cps[0], nsMD, "Extensions")
	if textOf(child(ext, SPIDNamespace, "VATNumber")) != "IT12345678903" || child(ext, SPIDNamespace, "Private") == nil || child(ext, SPIDNamespace, "IPACode") != nil {
		t.Error("11: private extensions wrong")
	}
	if child(child(cps[1], nsMD, "Extensions"), SPIDInvoicingNamespace, "CessionarioCommittente") == nil {
		t.Error("12: billing contact without fpa:CessionarioCommittente")
	}
	golden(t, "metadata_private.golden.xml", normalizeMetadata(t, md))
}

// normalizeMetadata removes what changes on every run: the signature, the
// ID and the certificate.
func normalizeMetadata(t *testing.T, md []byte) []byte {
	doc := readDoc(t, md)
	root := doc.Root()
	root.RemoveChild(child(root, nsDS, "Signature"))
	root.RemoveAttr("ID")
	for _, c := range descendants(root, nsDS, "X509Certificate") {
		c.SetText("CERTIFICATE")
	}
	doc.Indent(2)
	out, _ := doc.WriteToBytes()
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from golden file (run go test -update to accept):\n%s", name, got)
	}
}
