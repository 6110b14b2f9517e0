package spidtest

// Paths of the elements the Response-level cases edit.
const (
	pResp       = ""
	pIssuer     = "saml:Issuer"
	pStatus     = "samlp:Status"
	pStatusCode = "samlp:Status/samlp:StatusCode"
	pAssertion  = "saml:Assertion"
)

// responseCases are the signature, wrapping and Response cases 1–32.
func responseCases() []Case {
	return []Case{
		sst(1, "Correct", "correct response: Response and Assertion signed by the IdP key", Accept, nil),
		reject(2, "NotSigned", "neither the Response nor the Assertion is signed", func(b *builder) {
			b.respSigner, b.assertSigner = nil, nil
		}),
		reject(3, "AssertionNotSigned", "the Response is signed, the Assertion is not (it must always be)", func(b *builder) {
			b.assertSigner = nil
		}),
		reject(4, "SignedWithOtherKey", "Response and Assertion signed with a key other than the registered one; KeyInfo shows the registered certificate", func(b *builder) {
			cert := b.idp.signer.cert
			b.respSigner = &signer{kp: b.idp.other, keyInfo: b.respSigner.keyInfo, shown: cert}
			b.assertSigner = &signer{kp: b.idp.other, keyInfo: b.assertSigner.keyInfo, shown: cert}
		}),
		reject(5, "SignedWithOtherKeyInKeyInfo", "Response and Assertion signed with a key other than the metadata one, whose certificate is in KeyInfo", func(b *builder) {
			b.respSigner = &signer{kp: b.idp.other}
			b.assertSigner = &signer{kp: b.idp.other}
		}),
		xsw("xsw1", "XSW1: a forged unsigned Response (new ID, forged Assertion) whose Signature holds the original signed Response", xsw1),
		xsw("xsw2", "XSW2: a forged unsigned Response whose forged Assertion sits next to a copy of the original signed Response, detached Signature", xsw2),
		xsw("xsw3", "XSW3: a forged unsigned Assertion (new ID) inserted before the original signed Assertion", xsw3),
		xsw("xsw4", "XSW4: a forged unsigned Assertion (new ID) that wraps the original signed Assertion", xsw4),
		xsw("xsw5", "XSW5: a forged Assertion keeping the original Signature (new ID), with an unsigned copy of the original after it", xsw5),
		xsw("xsw6", "XSW6: a forged Assertion keeping the original Signature (new ID), with a copy of the original inside that Signature", xsw6),
		xsw("xsw7", "XSW7: a forged Assertion keeping the original ID and Signature, with a copy of the original in a samlp:Extensions", xsw7),
		xsw("xsw8", "XSW8: a forged Assertion keeping the original ID and Signature, with a copy of the original in a ds:Object inside that Signature", xsw8),
		wrap("xslt", "XSLT transform (a stylesheet fetching a URL) added to the Transforms of the signatures", xslt),

		reject(8, "ResponseIDEmpty", "Response ID present but empty", func(b *builder) { b.setAttr(pResp, "ID", "") }),
		reject(9, "ResponseIDMissing", "Response ID missing", func(b *builder) { b.delAttr(pResp, "ID") }),
		reject(10, "ResponseVersionNot20", "Response Version is not 2.0", func(b *builder) { b.setAttr(pResp, "Version", "1.0") }),
		reject(11, "ResponseIssueInstantEmpty", "Response IssueInstant present but empty", func(b *builder) { b.setAttr(pResp, "IssueInstant", "") }),
		reject(12, "ResponseIssueInstantMissing", "Response IssueInstant missing", func(b *builder) { b.delAttr(pResp, "IssueInstant") }),
		reject(13, "ResponseIssueInstantMalformed", "Response IssueInstant malformed ("+badInstant+")", func(b *builder) {
			b.setAttr(pResp, "IssueInstant", badInstant)
		}),
		reject(14, "ResponseIssueInstantBeforeRequest", "Response IssueInstant earlier than the request's IssueInstant", func(b *builder) {
			b.setAttr(pResp, "IssueInstant", pastInstant)
		}),
		reject(15, "ResponseIssueInstantInFuture", "Response IssueInstant later than the time of receipt", func(b *builder) {
			b.setAttr(pResp, "IssueInstant", futureInstant)
		}),
		reject(16, "InResponseToEmpty", "Response InResponseTo present but empty", func(b *builder) { b.setAttr(pResp, "InResponseTo", "") }),
		reject(17, "InResponseToMissing", "Response InResponseTo missing", func(b *builder) { b.delAttr(pResp, "InResponseTo") }),
		reject(18, "InResponseToWrong", "Response InResponseTo differs from the request ID (SubjectConfirmationData keeps the right one)", func(b *builder) {
			b.setAttr(pResp, "InResponseTo", otherRequestID)
		}),
		reject(19, "DestinationEmpty", "Response Destination present but empty", func(b *builder) { b.setAttr(pResp, "Destination", "") }),
		reject(20, "DestinationMissing", "Response Destination missing", func(b *builder) { b.delAttr(pResp, "Destination") }),
		reject(21, "DestinationWrong", "Response Destination differs from the ACS URL (Recipient keeps the right one)", func(b *builder) {
			b.setAttr(pResp, "Destination", otherURL)
		}),
		reject(22, "StatusEmpty", "Status present but empty", func(b *builder) { b.empty(pStatus) }),
		reject(23, "StatusMissing", "Status missing", func(b *builder) { b.remove(pStatus) }),
		reject(24, "StatusCodeEmpty", "StatusCode present with an empty Value", func(b *builder) { b.setAttr(pStatusCode, "Value", "") }),
		reject(26, "StatusCodeInvalid", "StatusCode is not Success (invalid value) though an Assertion follows; the SP must show an error page", func(b *builder) {
			b.setAttr(pStatusCode, "Value", "urn:oasis:names:tc:SAML:2.0:status:statuscodenonvalido")
		}),
		reject(27, "IssuerEmpty", "Response Issuer present but empty", func(b *builder) { b.setText(pIssuer, "") }),
		reject(28, "IssuerMissing", "Response Issuer missing", func(b *builder) { b.remove(pIssuer) }),
		reject(29, "IssuerWrong", "Response Issuer differs from the IdP entityID", func(b *builder) { b.setText(pIssuer, otherEntityID) }),
		reject(30, "IssuerFormatWrong", "Response Issuer Format is neither omitted nor nameid-format:entity", func(b *builder) {
			b.setAttr(pIssuer, "Format", otherNameFormat)
		}),
		sst(31, "IssuerFormatOmitted", "Response Issuer Format omitted (allowed)", Accept, func(b *builder) { b.delAttr(pIssuer, "Format") }),
		reject(32, "AssertionMissing", "no Assertion although Status is Success", func(b *builder) { b.remove(pAssertion) }),
	}
}
