package spidtest_test

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid/spidtest"
)

// FuzzReadAuthnRequest feeds arbitrary SAMLRequest payloads to both bindings:
// the IdP must refuse them with an error, never panic.
func FuzzReadAuthnRequest(f *testing.F) {
	idp := newTestIdP(f, spidtest.Config{})
	if err := idp.RegisterSP(fakeSPOnce().metadata); err != nil {
		f.Fatal(err)
	}
	sp := fakeSPOnce()
	f.Add([]byte(sp.authnRequest("_f1", idp.SSOURL(spidtest.BindingPOST))), "sig")
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>`), "")
	f.Add([]byte(`<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">https://sp.example.it</saml:Issuer></samlp:AuthnRequest>`), "AAAA")
	f.Fuzz(func(t *testing.T, xml []byte, sig string) {
		form := url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(xml)}}
		r := httptest.NewRequest(http.MethodPost, "/sso", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if _, err := idp.ReadAuthnRequest(r); err == nil {
			t.Fatalf("unsigned POST request accepted: %q", xml)
		}
		var buf bytes.Buffer
		w, _ := flate.NewWriter(&buf, flate.BestSpeed)
		w.Write(xml)
		w.Close()
		q := "SAMLRequest=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes())) +
			"&SigAlg=" + url.QueryEscape("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256") + "&Signature=" + url.QueryEscape(sig)
		if _, err := idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, "/sso?"+q, nil)); err == nil {
			t.Fatalf("request with a forged signature accepted: %q", xml)
		}
	})
}

// FuzzParseSPMetadata: arbitrary metadata gets an error or a usable SP.
func FuzzParseSPMetadata(f *testing.F) {
	f.Add(fakeSPOnce().metadata)
	f.Add([]byte(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>`))
	f.Fuzz(func(t *testing.T, md []byte) {
		sp, err := spidtest.ParseSPMetadata(md)
		if err == nil && (sp.EntityID == "" || len(sp.ACS) == 0 || len(sp.Certificates) == 0) {
			t.Fatalf("incomplete SP accepted: %+v", sp)
		}
	})
}
