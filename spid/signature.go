package spid

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

var errNoSignature = errors.New("not signed")

// Allowed algorithms (RT; SST test_xmldsig): no SHA-1, no XSLT or XPath
// transforms.
var (
	allowedSignatureMethods = map[string]bool{
		dsig.RSASHA256SignatureMethod: true, dsig.RSASHA384SignatureMethod: true, dsig.RSASHA512SignatureMethod: true,
		dsig.ECDSASHA256SignatureMethod: true, dsig.ECDSASHA384SignatureMethod: true, dsig.ECDSASHA512SignatureMethod: true,
	}
	allowedDigests = map[string]bool{
		"http://www.w3.org/2001/04/xmlenc#sha256":       true,
		"http://www.w3.org/2001/04/xmldsig-more#sha384": true,
		"http://www.w3.org/2001/04/xmlenc#sha512":       true,
	}
	allowedTransforms = map[string]bool{
		string(dsig.EnvelopedSignatureAltorithmId):                  true,
		string(dsig.CanonicalXML10ExclusiveAlgorithmId):             true,
		string(dsig.CanonicalXML10ExclusiveWithCommentsAlgorithmId): true,
	}
)

// verifySigned checks the enveloped signature of el against certs (from the
// IdP metadata, never from KeyInfo) and returns the element exactly as
// signed: a detached copy with the signature removed. Callers must read the
// message from the returned element only, which defeats signature wrapping.
//
// el must have exactly one ds:Signature child whose single Reference points
// at el's ID. KeyInfo is ignored: an empty <ds:X509Certificate/> or a
// certificate that is not in the metadata does not matter, only the metadata
// certificates can verify.
func verifySigned(el *etree.Element, certs []*x509.Certificate, now time.Time) (*etree.Element, error) {
	sigs := children(el, nsDS, "Signature")
	switch {
	case len(sigs) == 0:
		return nil, errNoSignature
	case len(sigs) > 1:
		return nil, errors.New("more than one signature")
	}
	if err := checkSignatureShape(el, sigs[0]); err != nil {
		return nil, err
	}
	// A nested element is detached with the namespace declarations it
	// inherits; a root element is used as it is (goxmldsig copies it). The
	// KeyInfo removed below is outside SignedInfo and any enclosing signed
	// element has been verified already, so the caller's tree may change.
	detached := el
	if p := el.Parent(); p != nil && p.Tag != "" { // the document node has no tag
		nsCtx, err := etreeutils.NSBuildParentContext(el)
		if err != nil {
			return nil, err
		}
		if detached, err = etreeutils.NSDetatch(nsCtx, el); err != nil {
			return nil, err
		}
	}
	sig := child(detached, nsDS, "Signature")
	var hint []byte
	if ki := child(sig, nsDS, "KeyInfo"); ki != nil {
		if c := descendants(ki, nsDS, "X509Certificate"); len(c) > 0 {
			hint, _ = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(c[0].Text()), ""))
		}
		sig.RemoveChild(ki)
	}
	ordered := make([]*x509.Certificate, 0, len(certs))
	for _, c := range certs { // the KeyInfo certificate first, if it is a metadata one
		if hint != nil && bytes.Equal(c.Raw, hint) {
			ordered = append([]*x509.Certificate{c}, ordered...)
		} else {
			ordered = append(ordered, c)
		}
	}
	clock := dsig.NewFakeClockAt(now)
	var lastErr error = errors.New("no certificate")
	for _, cert := range ordered {
		vctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
		vctx.Clock = clock
		out, err := vctx.Validate(detached)
		if err == nil {
			return out, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

// checkSignatureShape refuses signatures with weak or dangerous algorithms
// and references to anything but el itself.
func checkSignatureShape(el, sig *etree.Element) error {
	si := child(sig, nsDS, "SignedInfo")
	if si == nil {
		return errors.New("no SignedInfo")
	}
	sm := child(si, nsDS, "SignatureMethod")
	if sm == nil || !allowedSignatureMethods[sm.SelectAttrValue("Algorithm", "")] {
		return errors.New("signature method not allowed")
	}
	cm := child(si, nsDS, "CanonicalizationMethod")
	if cm == nil || !allowedTransforms[cm.SelectAttrValue("Algorithm", "")] {
		return errors.New("canonicalization method not allowed")
	}
	refs := children(si, nsDS, "Reference")
	if len(refs) != 1 {
		return fmt.Errorf("%d references, want 1", len(refs))
	}
	id, _ := attr(el, "ID")
	if id == "" || refs[0].SelectAttrValue("URI", "") != "#"+id {
		return errors.New("signature does not reference the signed element")
	}
	dm := child(refs[0], nsDS, "DigestMethod")
	if dm == nil || !allowedDigests[dm.SelectAttrValue("Algorithm", "")] {
		return errors.New("digest method not allowed")
	}
	if ts := child(refs[0], nsDS, "Transforms"); ts != nil {
		for _, t := range ts.ChildElements() {
			if !allowedTransforms[t.SelectAttrValue("Algorithm", "")] {
				return errors.New("transform not allowed")
			}
		}
	}
	return nil
}
