package spidtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// keyPair is a signing key and its certificate.
type keyPair struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
}

func (k keyPair) check() error {
	if k.key.N.BitLen() < 2048 {
		return fmt.Errorf("key has %d bits, SPID needs at least 2048", k.key.N.BitLen())
	}
	pub, ok := k.cert.PublicKey.(*rsa.PublicKey)
	if !ok || !pub.Equal(&k.key.PublicKey) {
		return errors.New("certificate does not match the key")
	}
	return nil
}

// FixedKeyPair returns the package's fixed test key and its self-signed
// certificate (valid 2025–2125), the default of [Config]. The key is public:
// use it for tests and demos only.
func FixedKeyPair() (*rsa.PrivateKey, *x509.Certificate) {
	k := fixedIdPKey()
	return k.key, k.cert
}

var fixedKeys = sync.OnceValues(func() (keyPair, keyPair) {
	return mustParsePair(idpKeyPEM, idpCertPEM), mustParsePair(otherKeyPEM, otherCertPEM)
})

func fixedIdPKey() keyPair   { k, _ := fixedKeys(); return k }
func fixedOtherKey() keyPair { _, k := fixedKeys(); return k }

// mustParsePair parses the constants of keys_fixed.go; a failure is a bug in
// this package, caught by its tests.
func mustParsePair(keyPEM, certPEM string) keyPair {
	kb, _ := pem.Decode([]byte(keyPEM))
	cb, _ := pem.Decode([]byte(certPEM))
	if kb == nil || cb == nil {
		panic("spidtest: bad fixed key PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		panic("spidtest: bad fixed key: " + err.Error())
	}
	c, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		panic("spidtest: bad fixed certificate: " + err.Error())
	}
	return keyPair{key: k.(*rsa.PrivateKey), cert: c}
}

// generateKeyPair makes a fresh RSA-2048 key and a self-signed certificate
// valid for ten years from now.
func generateKeyPair(cn string, now time.Time) (keyPair, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return keyPair{}, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return keyPair{}, fmt.Errorf("serial: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"siopi test IdP"}, Country: []string{"IT"}, Locality: []string{"Roma"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(10, 0, 0),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return keyPair{}, fmt.Errorf("certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return keyPair{}, fmt.Errorf("certificate: %w", err)
	}
	return keyPair{key: key, cert: cert}, nil
}

// fingerprint is a short, stable identifier of the certificate.
func (k keyPair) fingerprint() string {
	sum := sha256.Sum256(k.cert.Raw)
	return hex.EncodeToString(sum[:8])
}
