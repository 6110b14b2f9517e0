package spid

import (
	"crypto/x509"
	"testing"
)

// TestNewSelfSignedCertificate checks the Avviso 29 fields (checklist 3).
func TestNewSelfSignedCertificate(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		req    CertificateRequest
		orgID  string
		policy string
	}{
		{CertificateRequest{Public: true, IPACode: "c_h501"}, "PA:IT-c_h501", "1.3.76.16.4.2.1"},
		{CertificateRequest{VATNumber: "12345678903"}, "VATIT-12345678903", "1.3.76.16.4.3.1"},
		{CertificateRequest{FiscalCode: "RSSMRA80A01H501U"}, "CF:IT-RSSMRA80A01H501U", "1.3.76.16.4.3.1"},
	} {
		r := tt.req
		r.EntityID, r.CommonName, r.OrganizationName, r.Locality, r.KeyBits, r.Now = "https://comune.example.it", "SP", "Comune di Esempio", "Roma", 2048, t0
		key, cert, err := NewSelfSignedCertificate(r)
		if err != nil {
			t.Fatal(err)
		}
		if uri, _ := subjectAttr(cert.Subject, oidURI); uri != r.EntityID {
			t.Errorf("uri = %q", uri)
		}
		if org, _ := subjectAttr(cert.Subject, oidOrgIdentifier); org != tt.orgID {
			t.Errorf("organizationIdentifier = %q, want %q", org, tt.orgID)
		}
		if cert.Subject.CommonName != "SP" || cert.Subject.Organization[0] != "Comune di Esempio" ||
			cert.Subject.Country[0] != "IT" || cert.Subject.Locality[0] != "Roma" {
			t.Errorf("subject %v", cert.Subject)
		}
		found := false
		for _, p := range cert.Policies {
			found = found || p.String() == tt.policy
		}
		if !found || cert.SignatureAlgorithm != x509.SHA256WithRSA || key.N.BitLen() != 2048 {
			t.Errorf("policies %v, alg %v", cert.Policies, cert.SignatureAlgorithm)
		}
	}
	if _, _, err := NewSelfSignedCertificate(CertificateRequest{EntityID: "https://x.it", CommonName: "a", OrganizationName: "b", Locality: "c", Public: true}); err == nil {
		t.Error("public SP without IPA code accepted")
	}
}
