package spidtest_test

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/siopi/siopi/spid/spidtest"
)

// fakeSP is a minimal hand-written SP for testing the IdP without package spid.
type fakeSP struct {
	key      *rsa.PrivateKey
	cert     *x509.Certificate
	metadata []byte
}

var fakeSPOnce = sync.OnceValue(func() *fakeSP {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "fake sp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		panic(err)
	}
	cert, _ := x509.ParseCertificate(der)
	md := fmt.Sprintf(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="%[1]s">
 <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">
  <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>%[2]s</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
  <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%[1]s/spid/slo"/>
  <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:transient</md:NameIDFormat>
  <md:AssertionConsumerService index="0" isDefault="true" Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="%[3]s"/>
  <md:AttributeConsumingService index="0"><md:ServiceName xml:lang="it">Servizi</md:ServiceName>
   <md:RequestedAttribute Name="name"/><md:RequestedAttribute Name="familyName"/><md:RequestedAttribute Name="fiscalNumber"/>
  </md:AttributeConsumingService>
 </md:SPSSODescriptor>
</md:EntityDescriptor>`, testSP, base64.StdEncoding.EncodeToString(der), testACS)
	return &fakeSP{key: key, cert: cert, metadata: []byte(md)}
})

func (sp *fakeSP) authnRequest(id, destination string) string {
	return fmt.Sprintf(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="%s" Version="2.0" IssueInstant="%s" Destination="%s" ForceAuthn="true" AssertionConsumerServiceIndex="0" AttributeConsumingServiceIndex="0"><saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity" NameQualifier="%s">%[4]s</saml:Issuer><samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient"/><samlp:RequestedAuthnContext Comparison="minimum"><saml:AuthnContextClassRef>https://www.spid.gov.it/SpidL2</saml:AuthnContextClassRef></samlp:RequestedAuthnContext></samlp:AuthnRequest>`,
		id, time.Now().UTC().Format("2006-01-02T15:04:05.000Z"), destination, testSP)
}

// redirectURL encodes and signs xml for the HTTP-Redirect binding.
func (sp *fakeSP) redirectURL(t testing.TB, endpoint, param, xml, relay string) string {
	t.Helper()
	var buf bytes.Buffer
	w, _ := flate.NewWriter(&buf, flate.DefaultCompression)
	w.Write([]byte(xml))
	w.Close()
	q := param + "=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes())) +
		"&RelayState=" + url.QueryEscape(relay) +
		"&SigAlg=" + url.QueryEscape("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
	sum := sha256.Sum256([]byte(q))
	sig, err := rsa.SignPKCS1v15(nil, sp.key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return endpoint + "?" + q + "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
}

// postSigned signs xml with an enveloped signature for the HTTP-POST binding.
func (sp *fakeSP) postSigned(t testing.TB, xml string) string {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromString(xml); err != nil {
		t.Fatal(err)
	}
	ctx, _ := dsig.NewSigningContext(sp.key, [][]byte{sp.cert.Raw})
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	signed, err := ctx.SignEnveloped(doc.Root())
	if err != nil {
		t.Fatal(err)
	}
	doc.SetRoot(signed)
	out, _ := doc.WriteToString()
	return base64.StdEncoding.EncodeToString([]byte(out))
}

func startIdP(t *testing.T, cfg spidtest.Config) (*spidtest.IdP, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(nil)
	t.Cleanup(srv.Close)
	cfg.BaseURL = srv.URL
	idp := newTestIdP(t, cfg)
	srv.Config.Handler = idp
	if err := idp.RegisterSP(fakeSPOnce().metadata); err != nil {
		t.Fatal(err)
	}
	return idp, srv
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestMetadataSignatureVerifies(t *testing.T) {
	t.Parallel()
	for _, p := range []spidtest.Profile{spidtest.SPID, spidtest.CIE} {
		idp := newTestIdP(t, spidtest.Config{Profile: p, GenerateKey: true})
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(idp.Metadata()); err != nil {
			t.Fatal(err)
		}
		ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{idp.Certificate()}})
		if _, err := ctx.Validate(doc.Root()); err != nil {
			t.Errorf("%s: metadata signature: %v", p, err)
		}
		sso := doc.FindElements("//IDPSSODescriptor/SingleSignOnService")
		slo := doc.FindElements("//IDPSSODescriptor/SingleLogoutService")
		wantSLO := 2
		if p == spidtest.CIE {
			wantSLO = 0 // CIE has no SAML SLO (domain file §4)
			if !strings.HasSuffix(idp.EntityID(), "/idp/profile/SAML2/POST/SSO") {
				t.Errorf("CIE entityID %q", idp.EntityID())
			}
		}
		if len(sso) != 2 || len(slo) != wantSLO {
			t.Errorf("%s: %d SSO, %d SLO endpoints", p, len(sso), len(slo))
		}
		// Tampering breaks it.
		doc.Root().CreateAttr("entityID", "https://evil.example")
		if _, err := ctx.Validate(doc.Root()); err == nil {
			t.Errorf("%s: tampered metadata verifies", p)
		}
	}
}

func TestRedirectRequestSignature(t *testing.T) {
	t.Parallel()
	idp, srv := startIdP(t, spidtest.Config{})
	sp := fakeSPOnce()
	good := sp.redirectURL(t, idp.SSOURL(spidtest.BindingRedirect), "SAMLRequest", sp.authnRequest("_r1", idp.SSOURL(spidtest.BindingRedirect)), "opaque")
	tampered := strings.Replace(good, "RelayState=opaque", "RelayState=opaqu3", 1)
	unsigned, _, _ := strings.Cut(good, "&Signature=")
	for _, tc := range []struct {
		name, url string
		status    int
	}{
		{"good", good, http.StatusOK},
		{"tampered", tampered, http.StatusForbidden},
		{"unsigned", unsigned, http.StatusForbidden},
		{"garbage", idp.SSOURL(spidtest.BindingRedirect) + "?SAMLRequest=%%%", http.StatusBadRequest},
	} {
		resp, err := noRedirect.Get(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, resp.StatusCode, tc.status)
		}
	}
	_ = srv
}

func TestReadAuthnRequest(t *testing.T) {
	t.Parallel()
	idp, _ := startIdP(t, spidtest.Config{})
	sp := fakeSPOnce()
	dest := idp.SSOURL(spidtest.BindingRedirect)
	r := httptest.NewRequest(http.MethodGet, sp.redirectURL(t, dest, "SAMLRequest", sp.authnRequest("_r2", dest), "rs"), nil)
	info, err := idp.ReadAuthnRequest(r)
	if err != nil {
		t.Fatal(err)
	}
	if info.ID != "_r2" || info.ACSURL != testACS || info.Level != 2 || info.Comparison != "minimum" ||
		info.RelayState != "rs" || !info.ForceAuthn || len(info.AttributeSet) != 3 {
		t.Errorf("info = %+v", info)
	}
	// POST binding, enveloped signature; then a tampered one.
	form := url.Values{"SAMLRequest": {sp.postSigned(t, sp.authnRequest("_r3", dest))}, "RelayState": {"x"}}
	r = httptest.NewRequest(http.MethodPost, dest, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if info, err = idp.ReadAuthnRequest(r); err != nil || info.ID != "_r3" {
		t.Fatalf("POST: %+v, %v", info, err)
	}
	raw, _ := base64.StdEncoding.DecodeString(form.Get("SAMLRequest"))
	form.Set("SAMLRequest", base64.StdEncoding.EncodeToString(bytes.Replace(raw, []byte("SpidL2"), []byte("SpidL1"), 1)))
	r = httptest.NewRequest(http.MethodPost, dest, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if _, err = idp.ReadAuthnRequest(r); !errors.Is(err, spidtest.ErrSignature) {
		t.Errorf("tampered POST: %v, want ErrSignature", err)
	}
}

var (
	hiddenRE = regexp.MustCompile(`type="hidden" name="(\w+)" value="([^"]*)"`)
	actionRE = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)

// TestBrowserFlow walks the chooser page as a browser would: AuthnRequest,
// user choice, auto-submitting form to the ACS.
func TestBrowserFlow(t *testing.T) {
	t.Parallel()
	idp, _ := startIdP(t, spidtest.Config{})
	sp := fakeSPOnce()
	dest := idp.SSOURL(spidtest.BindingRedirect)
	resp, err := http.Get(sp.redirectURL(t, dest, "SAMLRequest", sp.authnRequest("_r4", dest), "relay-4"))
	if err != nil {
		t.Fatal(err)
	}
	page := readBody(t, resp)
	for _, want := range []string{"Mario Rossi", "RSSMRA80A01H501U", "SpidL2", `value="cancel"`, `<option value="xsw1">`} {
		if !strings.Contains(page, want) {
			t.Errorf("chooser page lacks %q", want)
		}
	}
	action := html(actionRE.FindStringSubmatch(page)[1])
	token := ""
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		if m[1] == "token" {
			token = m[2]
		}
	}
	for _, tc := range []struct {
		action, user string
		code         string
	}{{"login", "giulia.bianchi", ""}} {
		resp, err := http.PostForm(action, url.Values{"token": {token}, "user": {tc.user}, "action": {tc.action}})
		if err != nil {
			t.Fatal(err)
		}
		post := readBody(t, resp)
		fields := map[string]string{}
		for _, m := range hiddenRE.FindAllStringSubmatch(post, -1) {
			fields[m[1]] = html(m[2])
		}
		if got := html(actionRE.FindStringSubmatch(post)[1]); got != testACS {
			t.Errorf("form posts to %q", got)
		}
		if fields["RelayState"] != "relay-4" {
			t.Errorf("RelayState %q", fields["RelayState"])
		}
		xml, _ := base64.StdEncoding.DecodeString(fields["SAMLResponse"])
		rc := refCheck{idpEntityID: idp.EntityID(), idpCert: idp.Certificate(), spEntityID: testSP,
			req: spidtest.AuthnRequestInfo{ID: "_r4", ACSURL: testACS, Level: 2, Comparison: "minimum"}, now: time.Now()}
		if err := rc.check(xml); err != nil {
			t.Errorf("response: %v", err)
		}
		if !bytes.Contains(xml, []byte("TINIT-BNCGLI85M45F205O")) || bytes.Contains(xml, []byte("email")) {
			t.Errorf("response does not release exactly the requested attributes of giulia.bianchi")
		}
	}
	// The token is single use.
	resp, err = http.PostForm(action, url.Values{"token": {token}, "action": {"login"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("reused token: status %d", resp.StatusCode)
	}
}

func html(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#61;", "=", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">")
	return r.Replace(s)
}

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, b.String())
	}
	return b.String()
}

// TestRequestRules: the IdP refuses requests that break the SPID or CIE
// AuthnRequest rules, with the RT error number.
func TestRequestRules(t *testing.T) {
	t.Parallel()
	sp := fakeSPOnce()
	for _, tc := range []struct {
		name    string
		profile spidtest.Profile
		edit    func(xml, dest string) string
		want    string // "" = accepted
	}{
		{"good", spidtest.SPID, nil, ""},
		{"good cie", spidtest.CIE, nil, ""},
		{"AllowCreate", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, `<samlp:NameIDPolicy `, `<samlp:NameIDPolicy AllowCreate="true" `, 1)
		}, "nr17"},
		{"no NameQualifier", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, ` NameQualifier="`+testSP+`"`, "", 1)
		}, "nr10"},
		{"IsPassive", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, `ForceAuthn="true"`, `ForceAuthn="true" IsPassive="false"`, 1)
		}, "nr15"},
		{"wrong Destination", spidtest.SPID, func(x, d string) string { return strings.Replace(x, d, d+"/x", 1) }, "nr14"},
		{"no attribute set", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, ` AttributeConsumingServiceIndex="0"`, "", 1)
		}, "nr18"},
		{"L2 without ForceAuthn", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, ` ForceAuthn="true"`, "", 1)
		}, "ForceAuthn"},
		{"cie maximum", spidtest.CIE, func(x, _ string) string {
			return strings.Replace(x, `Comparison="minimum"`, `Comparison="maximum"`, 1)
		}, "Comparison"},
		{"legacy level", spidtest.SPID, func(x, _ string) string {
			return strings.Replace(x, "https://www.spid.gov.it/SpidL2", "urn:oasis:names:tc:SAML:2.0:ac:classes:SpidL2", 1)
		}, "nr12"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			idp := newTestIdP(t, spidtest.Config{Profile: tc.profile})
			if err := idp.RegisterSP(sp.metadata); err != nil {
				t.Fatal(err)
			}
			dest := idp.SSOURL(spidtest.BindingRedirect)
			x := sp.authnRequest("_rule", dest)
			if tc.edit != nil {
				x = tc.edit(x, dest)
			}
			_, err := idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, sp.redirectURL(t, dest, "SAMLRequest", x, "r"), nil))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, spidtest.ErrMalformed)):
				t.Errorf("got %v, want an ErrMalformed mentioning %s", err, tc.want)
			}
		})
	}
}

// TestMountedUnderPrefix: a portal mounts the IdPs below a path (demo mode).
func TestMountedUnderPrefix(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, p := range []spidtest.Profile{spidtest.SPID, spidtest.CIE} {
		prefix := "/demo-idp/" + p.String()
		idp := newTestIdP(t, spidtest.Config{BaseURL: srv.URL + prefix, Profile: p})
		mux.Handle(prefix+"/", idp)
		if err := idp.RegisterSP(fakeSPOnce().metadata); err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(idp.MetadataURL())
		if err != nil {
			t.Fatal(err)
		}
		readBody(t, resp)
		sp := fakeSPOnce()
		dest := idp.SSOURL(spidtest.BindingRedirect)
		if !strings.HasPrefix(dest, srv.URL+prefix+"/") {
			t.Errorf("SSO %q outside the prefix", dest)
		}
		resp, err = http.Get(sp.redirectURL(t, dest, "SAMLRequest", sp.authnRequest("_p", dest), "r"))
		if err != nil {
			t.Fatal(err)
		}
		if page := readBody(t, resp); !strings.Contains(page, `action="`+srv.URL+prefix+`/login"`) {
			t.Errorf("%s: chooser posts elsewhere", p)
		}
		resp, err = http.Get(srv.URL + "/demo-idp/nothing")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("status %d outside the IdPs", resp.StatusCode)
		}
	}
}
