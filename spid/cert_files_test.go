package spid

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLoadOrCreateKeyPair(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	keyPath, certPath := filepath.Join(dir, "sp.key"), filepath.Join(dir, "sp.crt")
	req := CertificateRequest{EntityID: "https://comune.example.it", CommonName: "Servizi", OrganizationName: "Comune di Esempio",
		Locality: "Roma", Public: true, IPACode: "c_h501", KeyBits: 2048}
	key, cert, err := LoadOrCreateKeyPair(keyPath, certPath, req)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if fi, err := os.Stat(keyPath); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("key file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	key2, cert2, err := LoadOrCreateKeyPair(keyPath, certPath, req)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !key.Equal(key2) || !cert.Equal(cert2) {
		t.Error("the second call did not load the pair the first one wrote")
	}
	// With only one of the two files present, nothing is overwritten.
	if err := os.Remove(certPath); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadOrCreateKeyPair(keyPath, certPath, req); err == nil {
		t.Error("a missing certificate next to an existing key was silently replaced")
	}
	if err := os.WriteFile(certPath, []byte("not PEM"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadKeyPair(keyPath, certPath); err == nil {
		t.Error("LoadKeyPair accepted a certificate that is not PEM")
	}
}
