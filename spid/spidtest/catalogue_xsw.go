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

// xsw builds an XML Signature Wrapping case. Every wrapping starts the same
// way: the Response's signature is taken off the Response and handed to
// attack with the signed assertion, and attack rearranges the document.
func xsw(id, desc string, attack func(b *builder, respSig, assertion *etree.Element)) Case {
	return wrap(id, desc, func(b *builder) error {
		sig, a, err := b.signedParts()
		if err != nil {
			return err
		}
		b.resp.RemoveChild(sig)
		attack(b, sig, a)
		return nil
	})
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

// renew gives el a new ID, so that it does not collide with the original.
func (b *builder) renew(el *etree.Element) { el.CreateAttr("ID", b.idp.newID()) }

// forgedCopy returns an unsigned copy of the assertion a, under a new ID,
// claiming another identity.
func (b *builder) forgedCopy(a *etree.Element) *etree.Element {
	evil := unsignedCopy(a)
	b.renew(evil)
	forge(evil)
	return evil
}

// forgeResponse finishes XSW1 and XSW2 once the original Response has been
// hidden: the assertion a loses its signature and is forged, and the Response
// takes a new ID.
func (b *builder) forgeResponse(a *etree.Element) {
	a.RemoveChild(signatureOf(a))
	forge(a)
	b.renew(b.resp)
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

// wrapIn returns a new element tag holding child.
func wrapIn(tag string, child *etree.Element) *etree.Element {
	el := etree.NewElement(tag)
	el.AddChild(child)
	return el
}

// XSW1: Response(new ID){Issuer, Signature{…, Response(original)}, Status,
// Assertion(forged, unsigned)}.
func xsw1(b *builder, sig, a *etree.Element) {
	sig.AddChild(withNS(b.resp))
	insertElementAt(b.resp, 1, sig)
	b.forgeResponse(a)
}

// XSW2: Response(new ID){Issuer, Status, Response(original), Signature,
// Assertion(forged, new ID, unsigned)}.
func xsw2(b *builder, sig, a *etree.Element) {
	insertElementAt(b.resp, 2, withNS(b.resp))
	insertElementAt(b.resp, 3, sig)
	b.renew(a)
	b.forgeResponse(a)
}

// XSW3: Response(unsigned){Issuer, Status, Assertion(forged, new ID),
// Assertion(original, signed)}.
func xsw3(b *builder, _, a *etree.Element) {
	insertElementAt(b.resp, 2, b.forgedCopy(a))
}

// XSW4: Response(unsigned){Issuer, Status, Assertion(forged, new ID){…,
// Assertion(original, signed)}}.
func xsw4(b *builder, _, a *etree.Element) {
	b.resp.RemoveChild(a)
	evil := b.forgedCopy(a)
	evil.AddChild(a)
	b.resp.AddChild(evil)
}

// XSW5: Response(unsigned){Issuer, Status, Assertion(forged, new ID, original
// Signature), Assertion(original, unsigned copy)}.
func xsw5(b *builder, _, a *etree.Element) {
	orig := unsignedCopy(a)
	b.renew(a)
	forge(a)
	b.resp.RemoveChild(a)
	insertElementAt(b.resp, 2, a)
	insertElementAt(b.resp, 3, orig)
}

// XSW6: Response(unsigned){Issuer, Status, Assertion(forged, new ID,
// Signature{…, Assertion(original, unsigned copy)})}.
func xsw6(b *builder, _, a *etree.Element) {
	orig := unsignedCopy(a)
	b.renew(a)
	forge(a)
	signatureOf(a).AddChild(orig)
}

// XSW7: Response(unsigned){Issuer, samlp:Extensions{Assertion(original,
// unsigned copy)}, Status, Assertion(forged, original ID and Signature)}.
func xsw7(b *builder, _, a *etree.Element) {
	insertElementAt(b.resp, 1, wrapIn("samlp:Extensions", unsignedCopy(a)))
	forge(a)
}

// XSW8: Response(unsigned){Issuer, Status, Assertion(forged, original ID,
// Signature{…, ds:Object{Assertion(original, unsigned copy)}})}.
func xsw8(b *builder, _, a *etree.Element) {
	obj := wrapIn("ds:Object", unsignedCopy(a))
	forge(a)
	signatureOf(a).AddChild(obj)
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
