package spid

import (
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fixturesDir returns ../shared/domain/fixtures relative to the module
// root, skipping the test when it is absent.
func fixturesDir(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the package")
		}
		dir = parent
	}
	fx := filepath.Join(dir, "..", "shared", "domain", "fixtures")
	if _, err := os.Stat(fx); err != nil {
		t.Skip("fixtures absent")
	}
	return fx
}

func TestParseIdPMetadataFixtures(t *testing.T) {
	t.Parallel()
	fx := fixturesDir(t)
	files, _ := filepath.Glob(filepath.Join(fx, "idp-metadata-from-spid-go", "*.xml"))
	files = append(files, filepath.Join(fx, "idp-spid-saml-check-validator_localhost8443_UNSIGNED.xml"),
		filepath.Join(fx, "idp-cie-preproduzione_from-spid-express-mock.xml"))
	if len(files) < 10 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			idp, err := ParseIdPMetadata(data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(idp.EntityID, "http") || len(idp.Certificates) == 0 || idp.Name == "" {
				t.Errorf("%+v", idp)
			}
			if idp.SSO[BindingRedirect] == "" && idp.SSO[BindingPOST] == "" {
				t.Error("no SSO endpoint")
			}
		})
	}
}

func TestParseIdPMetadataRejects(t *testing.T) {
	t.Parallel()
	for name, doc := range map[string]string{
		"DTD":       `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">&e;</md:EntityDescriptor>`,
		"not md":    `<foo/>`,
		"no IdP":    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://x"/>`,
		"no cert":   `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://x"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://x/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`,
		"malformed": `<md:EntityDescriptor`,
	} {
		if _, err := ParseIdPMetadata([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestRegistry(t *testing.T) {
	t.Parallel()
	fx := fixturesDir(t)
	validator, err := os.ReadFile(filepath.Join(fx, "idp-spid-saml-check-validator_localhost8443_UNSIGNED.xml"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(validator)
	}))
	defer srv.Close()
	files, _ := filepath.Glob(filepath.Join(fx, "idp-metadata-from-spid-go", "[a-s]*.xml"))
	test := testIdP(t)
	test.Test = true
	reg, err := NewRegistry(RegistryConfig{Sources: append(files, srv.URL), Extra: []*IdP{test}, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	list := reg.List()
	if len(list) != len(files)+1 {
		t.Fatalf("%d IdPs, want %d", len(list), len(files)+1)
	}
	if _, ok := reg.Lookup(idpEntityID); ok {
		t.Error("test IdP listed without IncludeTest")
	}
	if _, ok := reg.Lookup("https://localhost:8443"); !ok {
		t.Error("validator metadata from URL not loaded")
	}
	// Random order: over many listings the first IdP changes.
	firsts := map[string]bool{}
	for range 50 {
		firsts[reg.List()[0].EntityID] = true
	}
	if len(firsts) < 2 {
		t.Error("List is not shuffled")
	}
	// A failing source keeps the previous set.
	bad, _ := NewRegistry(RegistryConfig{Sources: []string{filepath.Join(fx, "missing.xml")}})
	if err := bad.Load(t.Context()); err == nil {
		t.Error("missing file loaded")
	}
}

func TestIdentityLogValueRedacts(t *testing.T) {
	t.Parallel()
	id := &Identity{Provider: "spid", IdP: idpEntityID, Level: L2, FiscalNumber: "RSSMRA80A01H501U", Name: "Mario"}
	s := id.LogValue().String() + id.String()
	if strings.Contains(s, "RSSMRA80A01H501U") || strings.Contains(s, "Mario") {
		t.Errorf("personal data in %s", s)
	}
}

func TestRegistrySignedSource(t *testing.T) {
	t.Parallel()
	_, idpKP, evil := testKeys(t)
	md := `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_agg"><md:EntityDescriptor entityID="https://idp.example.org"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>` +
		b64(idpKP.cert.Raw) + `</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.org/sso"/></md:IDPSSODescriptor></md:EntityDescriptor></md:EntitiesDescriptor>`
	doc := readDoc(t, []byte(md))
	signTestElement(t, doc.Root(), idpKP, nil)
	signed, _ := doc.WriteToBytes()
	dir := t.TempDir()
	good, plain := filepath.Join(dir, "signed.xml"), filepath.Join(dir, "plain.xml")
	_ = os.WriteFile(good, signed, 0o644)
	_ = os.WriteFile(plain, []byte(md), 0o644)
	for _, tt := range []struct {
		src  string
		cert keyPair
		ok   bool
	}{{good, idpKP, true}, {good, evil, false}, {plain, idpKP, false}} {
		reg, _ := NewRegistry(RegistryConfig{Sources: []string{tt.src}, SigningCertificates: []*x509.Certificate{tt.cert.cert}, Now: func() time.Time { return t0 }})
		if err := reg.Load(t.Context()); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", filepath.Base(tt.src), err)
		}
	}
}
