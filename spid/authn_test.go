package spid

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"html"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// checkAuthnRequestXML asserts checklist B items 16–26 on a request.
func checkAuthnRequestXML(t *testing.T, sp *SP, el *etree.Element, level Level, cmp Comparison, set int) {
	t.Helper()
	check := checklist(t)
	id := el.SelectAttrValue("ID", "")
	check("16 ID NCName", regexp.MustCompile(`^[A-Za-z_][\w.-]*$`).MatchString(id) && el.SelectAttrValue("Version", "") == "2.0")
	check("17 IssueInstant UTC Z", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`).MatchString(el.SelectAttrValue("IssueInstant", "")))
	check("18 Destination", strings.HasPrefix(el.SelectAttrValue("Destination", ""), idpEntityID+"/sso"))
	check("19 no IsPassive", el.SelectAttr("IsPassive") == nil)
	check("20 ForceAuthn for L2/L3", (el.SelectAttrValue("ForceAuthn", "") == "true") == (level >= L2))
	check("21 ACS index only", el.SelectAttrValue("AssertionConsumerServiceIndex", "") == "0" &&
		el.SelectAttr("AssertionConsumerServiceURL") == nil && el.SelectAttr("ProtocolBinding") == nil)
	check("22 AttributeConsumingServiceIndex", el.SelectAttrValue("AttributeConsumingServiceIndex", "") == itoa(set))
	is := child(el, nsSAML, "Issuer")
	check("23 Issuer", is != nil && textOf(is) == sp.EntityID() && is.SelectAttrValue("Format", "") == formatEntity &&
		is.SelectAttrValue("NameQualifier", "") == sp.EntityID())
	nip := child(el, nsSAMLP, "NameIDPolicy")
	check("24 NameIDPolicy transient, no AllowCreate", nip != nil && nip.SelectAttrValue("Format", "") == formatTransient && nip.SelectAttr("AllowCreate") == nil)
	rac := children(el, nsSAMLP, "RequestedAuthnContext")
	check("25 RequestedAuthnContext", len(rac) == 1 && rac[0].SelectAttrValue("Comparison", "") == string(cmp) &&
		len(children(rac[0], nsSAML, "AuthnContextClassRef")) == 1 && textOf(child(rac[0], nsSAML, "AuthnContextClassRef")) == level.URI())
	check("26 no Scoping", child(el, nsSAMLP, "Scoping") == nil)
}

func TestAuthnRequestRedirect(t *testing.T) {
	t.Parallel()
	sp, _ := newTestSP(t)
	for _, tt := range []struct {
		level Level
		cmp   Comparison
		set   int
	}{{L1, ComparisonExact, 0}, {L2, ComparisonMinimum, 1}, {L3, ComparisonMaximum, 0}, {L2, ComparisonBetter, 0}} {
		req, err := sp.NewAuthnRequest(t.Context(), LoginOptions{IdP: idpEntityID, Level: tt.level, Comparison: tt.cmp, AttributeSet: tt.set})
		if err != nil {
			t.Fatal(err)
		}
		q := req.URL.RawQuery
		// 27: the query string is signed as SAMLRequest=…&RelayState=…&SigAlg=…
		m := regexp.MustCompile(`^(SAMLRequest=[^&]+&RelayState=[^&]+&SigAlg=[^&]+)&Signature=([^&]+)$`).FindStringSubmatch(q)
		if m == nil {
			t.Fatalf("27: query %q lacks SAMLRequest, RelayState, SigAlg, Signature in order", q)
		}
		vals, _ := url.ParseQuery(q)
		if vals.Get("SigAlg") != dsig.RSASHA256SignatureMethod {
			t.Errorf("27: SigAlg %q", vals.Get("SigAlg"))
		}
		sig, _ := base64.StdEncoding.DecodeString(vals.Get("Signature"))
		h := sha256.Sum256([]byte(m[1]))
		if err := rsa.VerifyPKCS1v15(sp.cfg.Certificate.PublicKey.(*rsa.PublicKey), crypto.SHA256, h[:], sig); err != nil {
			t.Errorf("27: query signature: %v", err)
		}
		// 29: RelayState opaque.
		if rs := vals.Get("RelayState"); rs == "" || len(rs) > 80 || strings.Contains(rs, "http") {
			t.Errorf("29: RelayState %q", rs)
		}
		deflated, _ := base64.StdEncoding.DecodeString(vals.Get("SAMLRequest"))
		inflated, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
		if err != nil {
			t.Fatal(err)
		}
		doc := readDoc(t, inflated)
		if child(doc.Root(), nsDS, "Signature") != nil {
			t.Error("27: Redirect request must not carry an XML signature")
		}
		checkAuthnRequestXML(t, sp, doc.Root(), tt.level, tt.cmp, tt.set)
		// 30: stored server-side.
		stored, err := sp.cfg.RequestStore.Take(t.Context(), req.ID)
		if err != nil || stored.Level != tt.level || stored.Comparison != tt.cmp || stored.IdP != idpEntityID || !stored.IssueInstant.Equal(req.IssueInstant) {
			t.Errorf("30: stored request %+v, %v", stored, err)
		}
	}
}

func TestAuthnRequestPOST(t *testing.T) {
	t.Parallel()
	sp, _ := newTestSP(t)
	req, err := sp.NewAuthnRequest(t.Context(), LoginOptions{IdP: idpEntityID, Level: L2, Binding: BindingPOST})
	if err != nil {
		t.Fatal(err)
	}
	form := string(req.Form)
	if !strings.Contains(form, `action="`+idpEntityID+`/sso-post"`) {
		t.Errorf("28: form action: %s", form)
	}
	m := regexp.MustCompile(`name="SAMLRequest" value="([^"]+)"`).FindStringSubmatch(form)
	if m == nil {
		t.Fatal("no SAMLRequest in form")
	}
	raw, err := base64.StdEncoding.DecodeString(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	doc := readDoc(t, raw)
	root := doc.Root()
	kids := root.ChildElements()
	if len(kids) < 2 || !isElem(kids[0], nsSAML, "Issuer") || !isElem(kids[1], nsDS, "Signature") {
		t.Error("27: POST signature must follow Issuer")
	}
	vctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{sp.cfg.Certificate}})
	vctx.Clock = dsig.NewFakeClockAt(t0)
	if _, err := vctx.Validate(root); err != nil {
		t.Errorf("27: POST signature: %v", err)
	}
	checkAuthnRequestXML(t, sp, root, L2, ComparisonMinimum, 0)
}

func TestAuthnRequestOptions(t *testing.T) {
	t.Parallel()
	sp, _ := newTestSP(t)
	for name, opts := range map[string]LoginOptions{
		"unknown IdP":        {IdP: "https://nobody.example.org"},
		"bad level":          {IdP: idpEntityID, Level: 4},
		"bad comparison":     {IdP: idpEntityID, Comparison: "most"},
		"bad attribute set":  {IdP: idpEntityID, AttributeSet: 7},
		"URL in RelayState":  {IdP: idpEntityID, RelayState: "https://comune.example.it/back"},
		"RelayState too big": {IdP: idpEntityID, RelayState: strings.Repeat("a", 81)},
	} {
		if _, err := sp.NewAuthnRequest(t.Context(), opts); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Every call is a fresh flow with its own ID.
	a, _ := sp.NewAuthnRequest(t.Context(), LoginOptions{})
	b, _ := sp.NewAuthnRequest(t.Context(), LoginOptions{})
	if a == nil || b == nil || a.ID == b.ID {
		t.Error("requests must have distinct IDs")
	}
	if _, err := sp.NewAuthnRequest(t.Context(), LoginOptions{IdP: "x"}); !errors.Is(err, ErrUnknownIdP) {
		t.Errorf("err = %v", err)
	}
}
