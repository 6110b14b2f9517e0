package spid

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// LoadKeyPair reads the SP's RSA private key (PEM, PKCS #8 or PKCS #1) and
// certificate (PEM) from files.
func LoadKeyPair(keyPath, certPath string) (*rsa.PrivateKey, *x509.Certificate, error) {
	keyPEM, kerr := os.ReadFile(keyPath)
	certPEM, cerr := os.ReadFile(certPath)
	if err := errors.Join(kerr, cerr); err != nil {
		return nil, nil, fmt.Errorf("spid: read key pair: %w", err)
	}
	return parseKeyPair(keyPEM, certPEM)
}

// LoadOrCreateKeyPair reads the SP's key and certificate like [LoadKeyPair]
// or, when neither file exists, creates them with [NewSelfSignedCertificate]
// and writes them (the key readable only by its owner). When only one of the
// two exists it fails rather than overwrite it.
func LoadOrCreateKeyPair(keyPath, certPath string, req CertificateRequest) (*rsa.PrivateKey, *x509.Certificate, error) {
	_, kerr := os.Stat(keyPath)
	_, cerr := os.Stat(certPath)
	if !errors.Is(kerr, fs.ErrNotExist) || !errors.Is(cerr, fs.ErrNotExist) {
		return LoadKeyPair(keyPath, certPath)
	}
	key, cert, err := NewSelfSignedCertificate(req)
	if err != nil {
		return nil, nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("spid: encode key: %w", err)
	}
	if err := os.WriteFile(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return nil, nil, fmt.Errorf("spid: write key: %w", err)
	}
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644); err != nil {
		return nil, nil, fmt.Errorf("spid: write certificate: %w", err)
	}
	return key, cert, nil
}

func parseKeyPair(keyPEM, certPEM []byte) (*rsa.PrivateKey, *x509.Certificate, error) {
	kb, _ := pem.Decode(keyPEM)
	cb, _ := pem.Decode(certPEM)
	if kb == nil || cb == nil {
		return nil, nil, errors.New("spid: key or certificate is not PEM")
	}
	k, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		if k, err = x509.ParsePKCS1PrivateKey(kb.Bytes); err != nil {
			return nil, nil, fmt.Errorf("spid: parse key: %w", err)
		}
	}
	key, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil, nil, errors.New("spid: the key is not RSA")
	}
	cert, err := x509.ParseCertificate(cb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("spid: parse certificate: %w", err)
	}
	return key, cert, nil
}
