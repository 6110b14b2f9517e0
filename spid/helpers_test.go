package spid

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

var t0 = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

type keyPair struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
}

var (
	keysOnce sync.Once
	spKeys   keyPair
	idpKeys  keyPair
	evilKeys keyPair
)

func testKeys(t testing.TB) (sp, idp, evil keyPair) {
	t.Helper()
	keysOnce.Do(func() {
		k, c, err := NewSelfSignedCertificate(CertificateRequest{
			EntityID: "https://comune.example.it", CommonName: "Comune di Esempio", OrganizationName: "Comune di Esempio",
			Locality: "Roma", Public: true, IPACode: "c_x000", KeyBits: 2048, Now: t0.Add(-24 * time.Hour),
		})
		if err != nil {
			panic(err)
		}
		spKeys = keyPair{k, c}
		idpKeys = plainKeys("https://idp.example.org")
		evilKeys = plainKeys("https://idp.example.org")
	})
	return spKeys, idpKeys, evilKeys
}

func plainKeys(cn string) keyPair {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    t0.Add(-365 * 24 * time.Hour),
		NotAfter:     t0.Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		panic(err)
	}
	c, _ := x509.ParseCertificate(der)
	return keyPair{k, c}
}

const idpEntityID = "https://idp.example.org"

func testIdP(t testing.TB) *IdP {
	_, idp, _ := testKeys(t)
	return &IdP{
		EntityID: idpEntityID, Name: "Test IdP",
		SSO:          map[Binding]string{BindingRedirect: idpEntityID + "/sso", BindingPOST: idpEntityID + "/sso-post"},
		SLO:          map[Binding]string{BindingRedirect: idpEntityID + "/slo", BindingPOST: idpEntityID + "/slo-post"},
		Certificates: []*x509.Certificate{idp.cert},
	}
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

func testConfig(t testing.TB, clk *clock) Config {
	sp, _, _ := testKeys(t)
	return Config{
		EntityID:                 "https://comune.example.it",
		Key:                      sp.key,
		Certificate:              sp.cert,
		BaseURL:                  "https://comune.example.it/spid",
		OrganizationNames:        map[string]string{"it": "Comune di Esempio", "en": "Municipality of Esempio"},
		OrganizationDisplayNames: map[string]string{"it": "Comune di Esempio", "en": "Esempio"},
		OrganizationURLs:         map[string]string{"it": "https://comune.example.it", "en": "https://comune.example.it/en"},
		Public:                   true,
		IPACode:                  "c_x000",
		Contact:                  ContactInfo{Email: "protocollo@comune.example.it", Telephone: "+390612345678", Company: "Comune di Esempio"},
		AttributeSets: [][]Attribute{
			{AttrName, AttrFamilyName, AttrFiscalNumber, AttrDateOfBirth},
			{AttrSPIDCode, AttrName, AttrFamilyName, AttrFiscalNumber, AttrEmail, AttrMobilePhone, AttrPlaceOfBirth, AttrGender},
		},
		IdPs:     []*IdP{testIdP(t)},
		Register: &MemoryRegister{},
		Now:      clk.Now,
		Logger:   slog.New(slog.DiscardHandler),
	}
}

// privateConfig is testConfig for a private SP: a VAT number instead of the
// IPA code, and a billing contact (checklist 11–12).
func privateConfig(t testing.TB) Config {
	cfg := testConfig(t, &clock{now: t0})
	cfg.Public, cfg.IPACode = false, ""
	cfg.VATNumber = "IT12345678903"
	cfg.Billing = &Billing{VATNumber: "12345678903", Name: "Esempio S.p.A.", Address: "Via Roma", StreetNumber: "1",
		PostalCode: "00100", Municipality: "Roma", Province: "RM", Email: "fatture@example.it", Company: "Comune di Esempio"}
	return cfg
}

// metadataOf returns the metadata of the SP that cfg configures.
func metadataOf(t testing.TB, cfg Config) []byte {
	t.Helper()
	sp, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	md, err := sp.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// checklist returns an assertion of one checklist item: it fails the test,
// naming the item, when ok is false.
func checklist(t testing.TB) func(item string, ok bool) {
	return func(item string, ok bool) {
		t.Helper()
		if !ok {
			t.Errorf("checklist %s failed", item)
		}
	}
}

// readDoc parses data as XML, failing the test if it is not.
func readDoc(t testing.TB, data []byte) *etree.Document {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatal(err)
	}
	return doc
}

func newTestSP(t testing.TB) (*SP, *clock) {
	t.Helper()
	clk := &clock{now: t0}
	sp, err := New(testConfig(t, clk))
	if err != nil {
		t.Fatal(err)
	}
	return sp, clk
}

// respParams are the fields of a test Response; tests change them to build
// each defect.
type respParams struct {
	RespID, AssertionID, InResponseTo, SCDInResponseTo string
	IssueInstant, AssertionIssueInstant                string
	Destination, Recipient, Audience                   string
	Issuer, AssertionIssuer, Level                     string
	NotBefore, NotOnOrAfter, SCDNotOnOrAfter           string
	NameQualifier                                      string
	Status                                             string // raw Status element
	Attributes                                         string // raw AttributeStatement
	SignResponse, SignAssertion                        bool
	NoAssertion                                        bool
	SignKey                                            *keyPair
	KeyInfoCert                                        *string             // nil: the signing cert; "" empty element
	Edit                                               func(string) string // changes the XML before signing
}

func defaultParams(reqID string, now time.Time) *respParams {
	f := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
	return &respParams{
		RespID: "_resp1", AssertionID: "_assert1", InResponseTo: reqID, SCDInResponseTo: reqID,
		IssueInstant: f(now), AssertionIssueInstant: f(now),
		Destination: "https://comune.example.it/spid/acs", Recipient: "https://comune.example.it/spid/acs",
		Audience: "https://comune.example.it", Issuer: idpEntityID, AssertionIssuer: idpEntityID,
		Level:     L2.URI(),
		NotBefore: f(now.Add(-time.Minute)), NotOnOrAfter: f(now.Add(5 * time.Minute)), SCDNotOnOrAfter: f(now.Add(5 * time.Minute)),
		NameQualifier: idpEntityID,
		Status:        `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`,
		Attributes: `<saml:AttributeStatement>` +
			attrXML("name", "Mario") + attrXML("familyName", "Rossi") + attrXML("fiscalNumber", "TINIT-RSSMRA80A01H501U") +
			attrXML("dateOfBirth", "1980-01-01") + attrXML("spidCode", "TEST1234567890") + attrXML("email", "mario@example.org") +
			attrXML("mobilePhone", "3331234567") + attrXML("gender", "M") + `</saml:AttributeStatement>`,
		SignResponse: true, SignAssertion: true,
	}
}

func attrXML(name, value string) string {
	return fmt.Sprintf(`<saml:Attribute Name="%s" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"><saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">%s</saml:AttributeValue></saml:Attribute>`, name, value)
}

const responseTemplate = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{{RespID}}" Version="2.0" IssueInstant="{{IssueInstant}}" Destination="{{Destination}}" InResponseTo="{{InResponseTo}}">` +
	`<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{{Issuer}}</saml:Issuer>{{Status}}` +
	`<saml:Assertion ID="{{AssertionID}}" Version="2.0" IssueInstant="{{AssertionIssueInstant}}">` +
	`<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">{{AssertionIssuer}}</saml:Issuer>` +
	`<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" NameQualifier="{{NameQualifier}}">_nameid1</saml:NameID>` +
	`<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="{{SCDInResponseTo}}" NotOnOrAfter="{{SCDNotOnOrAfter}}" Recipient="{{Recipient}}"/></saml:SubjectConfirmation></saml:Subject>` +
	`<saml:Conditions NotBefore="{{NotBefore}}" NotOnOrAfter="{{NotOnOrAfter}}"><saml:AudienceRestriction><saml:Audience>{{Audience}}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
	`<saml:AuthnStatement AuthnInstant="{{IssueInstant}}" SessionIndex="_session1"><saml:AuthnContext><saml:AuthnContextClassRef>{{Level}}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
	`{{Attributes}}</saml:Assertion></samlp:Response>`

// build renders and signs the Response.
func (p *respParams) build(t testing.TB) []byte {
	t.Helper()
	_, idp, _ := testKeys(t)
	key := idp
	if p.SignKey != nil {
		key = *p.SignKey
	}
	s := responseTemplate
	for k, v := range map[string]string{
		"RespID": p.RespID, "AssertionID": p.AssertionID, "InResponseTo": p.InResponseTo, "SCDInResponseTo": p.SCDInResponseTo,
		"IssueInstant": p.IssueInstant, "AssertionIssueInstant": p.AssertionIssueInstant, "Destination": p.Destination,
		"Recipient": p.Recipient, "Audience": p.Audience, "Issuer": p.Issuer, "AssertionIssuer": p.AssertionIssuer,
		"Level": p.Level, "NotBefore": p.NotBefore, "NotOnOrAfter": p.NotOnOrAfter, "SCDNotOnOrAfter": p.SCDNotOnOrAfter,
		"NameQualifier": p.NameQualifier, "Status": p.Status, "Attributes": p.Attributes,
	} {
		s = strings.ReplaceAll(s, "{{"+k+"}}", v)
	}
	if p.Edit != nil {
		s = p.Edit(s)
	}
	doc := readDoc(t, []byte(s))
	root := doc.Root()
	if p.NoAssertion {
		root.RemoveChild(root.FindElement("./Assertion"))
	}
	if p.SignAssertion {
		if as := root.FindElement("./Assertion"); as != nil {
			signTestElement(t, as, key, p.KeyInfoCert)
		}
	}
	if p.SignResponse {
		signTestElement(t, root, key, p.KeyInfoCert)
	}
	out, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// signTestElement signs el (exc-c14n, rsa-sha256) and puts the signature
// after its Issuer, as SAML requires.
func signTestElement(t testing.TB, el *etree.Element, kp keyPair, keyInfoCert *string) {
	t.Helper()
	ctx, err := dsig.NewSigningContext(kp.key, [][]byte{kp.cert.Raw})
	if err != nil {
		t.Fatal(err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		t.Fatal(err)
	}
	// Sign a detached copy carrying the inherited namespace declarations,
	// as a real IdP signing the assertion in its own document would.
	sig, err := ctx.ConstructSignature(withNS(el), true)
	if err != nil {
		t.Fatal(err)
	}
	if keyInfoCert != nil {
		if c := sig.FindElement(".//X509Certificate"); c != nil {
			c.SetText(*keyInfoCert)
		}
	}
	idx := 0
	for i, c := range el.ChildElements() {
		if c.Tag == "Issuer" {
			idx = i + 1
			break
		}
	}
	el.InsertChildAt(childIndex(el, idx), sig)
}

func withNS(el *etree.Element) *etree.Element {
	cp := el.Copy()
	for p := el.Parent(); p != nil; p = p.Parent() {
		for _, a := range p.Attr {
			if a.Space == "xmlns" && cp.SelectAttr("xmlns:"+a.Key) == nil {
				cp.CreateAttr("xmlns:"+a.Key, a.Value)
			}
		}
	}
	return cp
}

// childIndex maps an index among child elements to an index among all tokens.
func childIndex(el *etree.Element, elemIdx int) int {
	n := 0
	for i, tok := range el.Child {
		if _, ok := tok.(*etree.Element); ok {
			if n == elemIdx {
				return i
			}
			n++
		}
	}
	return len(el.Child)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
