package spid

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzParseResponse feeds arbitrary bytes to the ACS validator: it must
// never panic, and must never accept anything but a correctly signed
// Response to a pending request.
func FuzzParseResponse(f *testing.F) {
	sp, clk := newTestSP(f)
	req, err := sp.NewAuthnRequest(f.Context(), LoginOptions{IdP: idpEntityID})
	if err != nil {
		f.Fatal(err)
	}
	good := defaultParams(req.ID, clk.Now()).build(f)
	f.Add(good)
	f.Add([]byte(strings.Replace(string(good), "Mario", "Maria", 1)))
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&a;</samlp:Response>`))
	f.Add([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_1" Version="2.0"/>`))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		id, err := sp.ParseResponseXML(t.Context(), data)
		if err == nil && (id == nil || id.IdP != idpEntityID) {
			t.Fatalf("accepted without a valid identity: %+v", id)
		}
		if err != nil && id != nil {
			t.Fatal("identity returned with an error")
		}
	})
}

// FuzzLogout feeds arbitrary query strings (Redirect binding) and form
// bodies (POST binding) to the SLO endpoint.
func FuzzLogout(f *testing.F) {
	sp, _ := newTestSP(f)
	_, idpKP, _ := testKeys(f)
	req := `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_f1" Version="2.0" IssueInstant="2026-05-04T10:00:00Z" Destination="https://comune.example.it/spid/slo"><saml:Issuer>` + idpEntityID + `</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">_n</saml:NameID></samlp:LogoutRequest>`
	f.Add(idpRedirect(f, idpKP, "SAMLRequest", req, "rs"), "")
	f.Add("SAMLRequest=%%%&SigAlg=x&Signature=y", "")
	f.Add("", "SAMLRequest=PHNhbWxwOkxvZ291dFJlcXVlc3QvPg==")
	f.Add("", "SAMLResponse=!!!")
	f.Fuzz(func(t *testing.T, query, body string) {
		var r *http.Request
		if body == "" {
			r = httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo", nil)
			r.URL.RawQuery = query
		} else {
			r = httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/slo", strings.NewReader(body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		res, err := sp.ParseLogout(t.Context(), r)
		if err == nil && res == nil {
			t.Fatal("nil result without error")
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
	})
}
