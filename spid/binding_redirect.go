package spid

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/url"
	"strings"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// redirectMessage is a message received with the HTTP-Redirect binding.
type redirectMessage struct {
	param      string // "SAMLRequest" or "SAMLResponse"
	xml        []byte // inflated
	relayState string
	sigAlg     string
	signature  []byte
	signed     string // the exact octets the signature covers (bindings §3.4.4.1)
}

// readRedirect parses the raw query of a Redirect binding message. The
// inflated message is capped at MaxInflatedSize (deflate bombs).
func readRedirect(rawQuery string) (*redirectMessage, error) {
	if len(rawQuery) > MaxBodySize {
		return nil, errorf("binding.size", ErrTooLarge, "query over %d bytes", MaxBodySize)
	}
	raw := map[string]string{}
	for _, part := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(part, "=")
		if _, dup := raw[k]; dup {
			return nil, errorf("binding.query", ErrMalformed, "parameter %s twice", k)
		}
		raw[k] = v
	}
	m := &redirectMessage{}
	for _, p := range []string{"SAMLRequest", "SAMLResponse"} {
		if _, ok := raw[p]; ok {
			if m.param != "" {
				return nil, errorf("binding.query", ErrMalformed, "both SAMLRequest and SAMLResponse")
			}
			m.param = p
		}
	}
	if m.param == "" {
		return nil, errorf("binding.query", ErrMalformed, "no SAML message")
	}
	m.signed = m.param + "=" + raw[m.param]
	if rs, ok := raw["RelayState"]; ok {
		m.signed += "&RelayState=" + rs
		m.relayState, _ = url.QueryUnescape(rs)
	}
	sigAlg, okAlg := raw["SigAlg"]
	sig, okSig := raw["Signature"]
	if !okAlg || !okSig {
		return nil, errorf("binding.signature", ErrSignature, "SigAlg and Signature are required")
	}
	m.signed += "&SigAlg=" + sigAlg
	var err error
	if m.sigAlg, err = url.QueryUnescape(sigAlg); err != nil {
		return nil, newError("binding.signature", ErrMalformed, err)
	}
	sigText, err := url.QueryUnescape(sig)
	if err != nil {
		return nil, newError("binding.signature", ErrMalformed, err)
	}
	if m.signature, err = base64.StdEncoding.DecodeString(sigText); err != nil {
		return nil, newError("binding.signature", ErrMalformed, err)
	}
	msg, err := url.QueryUnescape(raw[m.param])
	if err != nil {
		return nil, newError("binding.query", ErrMalformed, err)
	}
	deflated, err := base64.StdEncoding.DecodeString(msg)
	if err != nil {
		return nil, newError("binding.base64", ErrMalformed, err)
	}
	fr := flate.NewReader(bytes.NewReader(deflated))
	defer fr.Close()
	m.xml, err = io.ReadAll(io.LimitReader(fr, MaxInflatedSize+1))
	if err != nil {
		return nil, newError("binding.inflate", ErrMalformed, err)
	}
	if len(m.xml) > MaxInflatedSize {
		return nil, errorf("binding.inflate", ErrTooLarge, "inflated message over %d bytes", MaxInflatedSize)
	}
	return m, nil
}

// verify checks the query-string signature against the IdP certificates.
func (m *redirectMessage) verify(certs []*x509.Certificate) error {
	var hash crypto.Hash
	var ecdsaSig bool
	switch m.sigAlg {
	case dsig.RSASHA256SignatureMethod:
		hash = crypto.SHA256
	case dsig.RSASHA384SignatureMethod:
		hash = crypto.SHA384
	case dsig.RSASHA512SignatureMethod:
		hash = crypto.SHA512
	case dsig.ECDSASHA256SignatureMethod:
		hash, ecdsaSig = crypto.SHA256, true
	case dsig.ECDSASHA384SignatureMethod:
		hash, ecdsaSig = crypto.SHA384, true
	case dsig.ECDSASHA512SignatureMethod:
		hash, ecdsaSig = crypto.SHA512, true
	default:
		return errorf("binding.signature", ErrSignature, "SigAlg %q not allowed", m.sigAlg)
	}
	var digest []byte
	switch hash {
	case crypto.SHA256:
		d := sha256.Sum256([]byte(m.signed))
		digest = d[:]
	case crypto.SHA384:
		d := sha512.Sum384([]byte(m.signed))
		digest = d[:]
	default:
		d := sha512.Sum512([]byte(m.signed))
		digest = d[:]
	}
	for _, c := range certs {
		switch pub := c.PublicKey.(type) {
		case *rsa.PublicKey:
			if !ecdsaSig && rsa.VerifyPKCS1v15(pub, hash, digest, m.signature) == nil {
				return nil
			}
		case *ecdsa.PublicKey:
			if ecdsaSig && ecdsa.VerifyASN1(pub, digest, m.signature) {
				return nil
			}
		}
	}
	return errorf("binding.signature", ErrSignature, "query signature does not verify with the IdP certificates")
}

// redirectURL deflates el and returns dest with the signed Redirect binding
// parameters (SAMLRequest or SAMLResponse, RelayState, SigAlg, Signature).
func (sp *SP) redirectURL(dest, param string, el *etree.Element, relayState string) (*url.URL, error) {
	doc := etree.NewDocument()
	doc.SetRoot(el)
	var buf bytes.Buffer
	b64 := base64.NewEncoder(base64.StdEncoding, &buf)
	fw, err := flate.NewWriter(b64, flate.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := doc.WriteTo(fw); err != nil {
		return nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	if err := b64.Close(); err != nil {
		return nil, err
	}
	q := param + "=" + url.QueryEscape(buf.String())
	if relayState != "" {
		q += "&RelayState=" + url.QueryEscape(relayState)
	}
	q += "&SigAlg=" + url.QueryEscape(sp.signatureMethod())
	ctx, err := sp.signingContext()
	if err != nil {
		return nil, err
	}
	sig, err := ctx.SignString(q)
	if err != nil {
		return nil, err
	}
	q += "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
	u, err := url.Parse(dest)
	if err != nil {
		return nil, err
	}
	if u.RawQuery != "" {
		u.RawQuery += "&" + q
	} else {
		u.RawQuery = q
	}
	return u, nil
}
