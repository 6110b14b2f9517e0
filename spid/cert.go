package spid

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"time"
)

// CertificateRequest describes the SP's signing certificate ("sigillo
// elettronico", Avviso 29 v3; italia/spid-compliant-certificates).
type CertificateRequest struct {
	EntityID         string // becomes the subject's uri (2.5.4.83)
	CommonName       string // e.g. the service's short name
	OrganizationName string // full legal name, as in OrganizationName it
	Locality         string // e.g. "Roma"
	Country          string // default "IT"
	Public           bool
	IPACode          string        // public SPs: organizationIdentifier PA:IT-<IPACode>
	VATNumber        string        // private SPs: VATIT-<VATNumber> (digits only)
	FiscalCode       string        // private SPs without VAT: CF:IT-<FiscalCode>
	Validity         time.Duration // default 2 years
	KeyBits          int           // default 3072; at least 2048
	Now              time.Time     // default time.Now()
}

// Certificate policy OIDs of Avviso 29.
var (
	oidAgIDRoot      = asn1.ObjectIdentifier{1, 3, 76, 16}
	oidAgIDCert      = asn1.ObjectIdentifier{1, 3, 76, 16, 6}
	oidSPPublic      = asn1.ObjectIdentifier{1, 3, 76, 16, 4, 2, 1}
	oidSPPrivate     = asn1.ObjectIdentifier{1, 3, 76, 16, 4, 3, 1}
	oidOrgIdentifier = asn1.ObjectIdentifier{2, 5, 4, 97}
)

// NewSelfSignedCertificate generates an RSA key and a self-signed certificate
// with the subject and policies of Avviso 29: commonName, organizationName,
// uri = entityID, organizationIdentifier, countryName, localityName, and the
// policy 1.3.76.16.4.2.1 (public) or 1.3.76.16.4.3.1 (private). Public SPs
// may use it in production; private SPs need an AgID federation certificate.
func NewSelfSignedCertificate(req CertificateRequest) (*rsa.PrivateKey, *x509.Certificate, error) {
	if err := checkEntityID(req.EntityID); err != nil {
		return nil, nil, err
	}
	if req.CommonName == "" || req.OrganizationName == "" || req.Locality == "" {
		return nil, nil, errors.New("spid: certificate: CommonName, OrganizationName and Locality are required")
	}
	var orgID string
	policy := oidSPPrivate
	switch {
	case req.Public && req.IPACode != "":
		orgID, policy = "PA:IT-"+req.IPACode, oidSPPublic
	case req.Public:
		return nil, nil, errors.New("spid: certificate: a public SP needs its IPACode")
	case req.VATNumber != "":
		orgID = "VATIT-" + req.VATNumber
	case req.FiscalCode != "":
		orgID = "CF:IT-" + req.FiscalCode
	default:
		return nil, nil, errors.New("spid: certificate: a private SP needs a VATNumber or FiscalCode")
	}
	if req.Country == "" {
		req.Country = "IT"
	}
	if req.Validity <= 0 {
		req.Validity = 2 * 365 * 24 * time.Hour
	}
	if req.KeyBits == 0 {
		req.KeyBits = 3072
	}
	if req.KeyBits < 2048 {
		return nil, nil, errors.New("spid: certificate: at least 2048 bits")
	}
	if req.Now.IsZero() {
		req.Now = time.Now()
	}
	key, err := rsa.GenerateKey(rand.Reader, req.KeyBits)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, nil, err
	}
	var policies []x509.OID
	for _, oid := range []asn1.ObjectIdentifier{oidAgIDRoot, oidAgIDCert, policy} {
		ints := make([]uint64, len(oid))
		for i, v := range oid {
			ints[i] = uint64(v)
		}
		o, err := x509.OIDFromInts(ints)
		if err != nil {
			return nil, nil, err
		}
		policies = append(policies, o)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			CommonName:   req.CommonName,
			Organization: []string{req.OrganizationName},
			Country:      []string{req.Country},
			Locality:     []string{req.Locality},
			ExtraNames: []pkix.AttributeTypeAndValue{
				{Type: oidURI, Value: req.EntityID},
				{Type: oidOrgIdentifier, Value: orgID},
			},
		},
		NotBefore:             req.Now.Add(-time.Minute),
		NotAfter:              req.Now.Add(req.Validity),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		// Policies, not PolicyIdentifiers: since Go 1.24 (x509usepolicies)
		// CreateCertificate writes only Policies.
		Policies:           policies,
		SignatureAlgorithm: x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return key, cert, nil
}
