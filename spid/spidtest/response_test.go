package spidtest_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

func TestResponseOptions(t *testing.T) {
	t.Parallel()
	idp := newTestIdP(t, spidtest.Config{})
	now := time.Now()
	req := testRequest(now, 1, "")
	check := func(xml []byte) error {
		return refCheck{idpEntityID: idp.EntityID(), idpCert: idp.Certificate(), spEntityID: testSP, req: req, now: now}.check(xml)
	}
	xml, err := idp.Response(req, spidtest.WithLevel(3), spidtest.WithAttributes(map[string]string{"fiscalNumber": "TINIT-XYZ"}))
	if err != nil || check(xml) != nil {
		t.Fatalf("%v / %v", err, check(xml))
	}
	if !bytes.Contains(xml, []byte(spidtest.LevelURI(3))) || bytes.Count(xml, []byte("<saml:Attribute ")) != 1 {
		t.Errorf("level or attributes not applied:\n%s", xml)
	}
	xml, err = idp.Response(req, spidtest.WithErrorCode(30))
	var an errAnomaly
	if err != nil || !errors.As(check(xml), &an) || an.code != 30 || bytes.Contains(xml, []byte("Assertion")) {
		t.Errorf("error code 30: %v / %v\n%s", err, check(xml), xml)
	}
	for _, kind := range []spidtest.KeyInfo{spidtest.KeyInfoCertificate, spidtest.KeyInfoEmptyCertificate, spidtest.KeyInfoNone} {
		xml, err := idp.Response(req, spidtest.WithKeyInfo(kind))
		if err != nil || check(xml) != nil {
			t.Errorf("%s: %v / %v", kind, err, check(xml))
		}
		if n := bytes.Count(xml, []byte("<ds:KeyInfo>")); (n == 0) != (kind == spidtest.KeyInfoNone) {
			t.Errorf("%s: %d KeyInfo", kind, n)
		}
		if kind == spidtest.KeyInfoEmptyCertificate && bytes.Count(xml, []byte("<ds:X509Certificate/>")) != 2 {
			t.Errorf("empty certificate not written as <ds:X509Certificate/>")
		}
	}
	for _, bad := range [][]spidtest.Option{
		{spidtest.WithUser("nobody")},
		{spidtest.WithErrorCode(25), spidtest.WithCase(spidtest.Catalogue()[3])},
	} {
		if _, err := idp.Response(req, bad...); err == nil {
			t.Errorf("options %d accepted", len(bad))
		}
	}
	if _, err := idp.Response(spidtest.AuthnRequestInfo{}); err == nil {
		t.Error("empty request accepted")
	}
	if _, err := idp.CaseResponse("6", req); err == nil || !strings.Contains(err.Error(), "unknown case") {
		t.Errorf("case 6: %v", err)
	}
}

func TestCIEReleasesOnlyEIDASMinimum(t *testing.T) {
	t.Parallel()
	idp := newTestIdP(t, spidtest.Config{Profile: spidtest.CIE})
	xml, err := idp.Response(testRequest(time.Now(), 2, "minimum"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(xml, []byte("<saml:Attribute ")); n != 4 {
		t.Errorf("%d attributes, want name, familyName, dateOfBirth, fiscalNumber", n)
	}
	for _, a := range []string{"name", "familyName", "dateOfBirth", "fiscalNumber"} {
		if !bytes.Contains(xml, []byte(`Name="`+a+`"`)) {
			t.Errorf("missing %s", a)
		}
	}
}

func TestNewValidates(t *testing.T) {
	t.Parallel()
	key, cert := spidtest.FixedKeyPair()
	for _, cfg := range []spidtest.Config{
		{},
		{BaseURL: "idp.example.test"},
		{BaseURL: "ftp://idp.example.test"},
		{BaseURL: "https://idp.example.test", Profile: 7},
		{BaseURL: "https://idp.example.test", Key: key},
		{BaseURL: "https://idp.example.test", Certificate: cert},
		{BaseURL: "https://idp.example.test", Users: []spidtest.User{{Username: "a"}, {Username: "a"}}},
	} {
		if _, err := spidtest.New(cfg); err == nil {
			t.Errorf("New(%+v) accepted", cfg)
		}
	}
	if _, err := spidtest.New(spidtest.Config{BaseURL: "https://idp.example.test", Key: key, Certificate: cert}); err != nil {
		t.Error(err)
	}
}
