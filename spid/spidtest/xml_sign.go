package spidtest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"fmt"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// KeyInfo says what a signature's ds:KeyInfo carries. SPID SPs must verify
// signatures against the IdP certificates of the metadata only, whatever the
// KeyInfo says (checklist 39).
type KeyInfo int

const (
	// KeyInfoCertificate carries the signing certificate (the default).
	KeyInfoCertificate KeyInfo = iota
	// KeyInfoEmptyCertificate carries an empty <ds:X509Certificate/>, as
	// the AgID validator's responses do.
	KeyInfoEmptyCertificate
	// KeyInfoNone omits ds:KeyInfo.
	KeyInfoNone
)

// String names the mode.
func (k KeyInfo) String() string {
	switch k {
	case KeyInfoEmptyCertificate:
		return "empty-certificate"
	case KeyInfoNone:
		return "none"
	}
	return "certificate"
}

// Algorithm identifiers used on the wire.
const (
	algRSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	algExcC14N   = "http://www.w3.org/2001/10/xml-exc-c14n#"
	nsDSig       = "http://www.w3.org/2000/09/xmldsig#"
)

// signer signs one element: key, and what its KeyInfo shows.
type signer struct {
	kp      keyPair
	keyInfo KeyInfo
	// shown, if set, is the certificate KeyInfo shows instead of kp.cert
	// (case 4: a forged signature that names the registered certificate).
	shown *x509.Certificate
}

// sign inserts an enveloped signature (rsa-sha256, sha256, exc-c14n) into el,
// after its saml:Issuer child or as first child if it has none
// (saml-schema-protocol/assertion: Signature follows Issuer).
func (s signer) sign(el *etree.Element) error {
	ctx, err := dsig.NewSigningContext(s.kp.key, [][]byte{s.kp.cert.Raw})
	if err != nil {
		return err
	}
	ctx.Hash = crypto.SHA256
	ctx.Prefix = "ds"
	ctx.IdAttribute = "ID"
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")

	// Canonicalization rewrites its input, and must see the namespaces
	// declared on el's ancestors: sign a detached copy.
	parent, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return err
	}
	detached, err := etreeutils.NSDetatch(parent, el)
	if err != nil {
		return err
	}
	sig, err := ctx.ConstructSignature(detached, true)
	if err != nil {
		return fmt.Errorf("sign %s: %w", el.Tag, err)
	}
	s.setKeyInfo(sig)
	el.InsertChildAt(signatureIndex(el), sig)
	return nil
}

func (s signer) setKeyInfo(sig *etree.Element) {
	ki := sig.FindElement("./KeyInfo")
	if ki == nil {
		return
	}
	switch s.keyInfo {
	case KeyInfoNone:
		sig.RemoveChild(ki)
	case KeyInfoEmptyCertificate:
		if c := ki.FindElement(".//X509Certificate"); c != nil {
			c.SetText("")
		}
	default:
		if s.shown != nil {
			if c := ki.FindElement(".//X509Certificate"); c != nil {
				c.SetText(base64.StdEncoding.EncodeToString(s.shown.Raw))
			}
		}
	}
}

// signatureIndex is the child index right after el's Issuer, counting only
// elements' positions among all tokens.
func signatureIndex(el *etree.Element) int {
	for i, t := range el.Child {
		if c, ok := t.(*etree.Element); ok && c.Tag == "Issuer" {
			return i + 1
		}
	}
	return 0
}

// signQuery signs an HTTP-Redirect query string (saml-bindings §3.4.4.1) with
// rsa-sha256.
func signQuery(key *rsa.PrivateKey, query string) (string, error) {
	sum := sha256.Sum256([]byte(query))
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}
