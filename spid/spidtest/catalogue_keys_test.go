package spidtest_test

import (
	"crypto/rsa"
	"crypto/x509"

	"github.com/siopi/siopi/spid"
)

func setKeyPair(cfg *spid.Config, pair [2]any) {
	cfg.Key = pair[0].(*rsa.PrivateKey)
	cfg.Certificate = pair[1].(*x509.Certificate)
}
