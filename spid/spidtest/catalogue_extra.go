package spidtest

// extraCases are the cases beyond spid-sp-test's catalogue.
func extraCases() []Case {
	return []Case{
		{ID: "112", Number: 112, Name: "AssertionSignatureOverResponse", Source: sourceCheck, Expect: Reject,
			Description: "signature bypass: the Response is signed; the Assertion carries a copy of a Response signature (Reference to the Response ID), not a signature of its own",
			apply: func(b *builder) {
				b.assertSigner = nil
				b.after = append(b.after, borrowResponseSignature)
			}},
		{ID: "113", Number: 113, Name: "AssertionSignatureCorrupted", Source: sourceCheck, Expect: Reject,
			Description: "signature bypass: the Assertion was altered after it was signed (its signature no longer verifies), then the Response was signed correctly over it",
			apply:       func(b *builder) { b.tamperAssertion = true }},
		{ID: "keyinfo-empty", Name: "KeyInfoEmptyCertificate", Source: sourceSiopi, Expect: Accept,
			Description: "correct response whose KeyInfo holds an empty <ds:X509Certificate/>, as the AgID validator sends; the SP verifies against the metadata certificates",
			apply: func(b *builder) {
				b.respSigner.keyInfo = KeyInfoEmptyCertificate
				b.assertSigner.keyInfo = KeyInfoEmptyCertificate
			}},
		{ID: "keyinfo-none", Name: "KeyInfoMissing", Source: sourceSiopi, Expect: Accept,
			Description: "correct response whose signatures have no KeyInfo",
			apply: func(b *builder) {
				b.respSigner.keyInfo = KeyInfoNone
				b.assertSigner.keyInfo = KeyInfoNone
			}},
		{ID: "response-unsigned", Name: "ResponseNotSignedAssertionSigned", Source: sourceSiopi, Expect: Accept,
			Description: "correct response with only the Assertion signed (a Response signature is optional, checklist 39)",
			apply:       func(b *builder) { b.respSigner = nil }},
		{ID: "response-other-key", Name: "ResponseSignedWithOtherKey", Source: sourceSiopi, Expect: Reject,
			Description: "the Assertion is signed by the IdP, the Response by another key: a Response signature is optional but must be valid if present (checklist 39)",
			apply:       func(b *builder) { b.respSigner = &signer{kp: b.idp.other} }},
		{ID: "1-NS", Name: "NoSessionIndex", Source: sourceCheck, Expect: Accept,
			Description: "correct response without SessionIndex in the AuthnStatement",
			apply:       del(pAuthn, "SessionIndex")},
	}
}

// borrowResponseSignature (case 112) signs a copy of the Response, without
// the Assertion signature, and puts that signature into the Assertion; then it
// re-signs the real Response over the result.
func borrowResponseSignature(b *builder) error {
	a := b.find(pAssertion)
	sig := signatureOf(b.resp)
	if a == nil || sig == nil {
		return errNoSignature
	}
	borrowed := sig.Copy()
	b.resp.RemoveChild(sig)
	insertElementAt(a, 1, borrowed)
	return b.respSigner.sign(b.resp)
}
