package spidtest

// Paths of the elements the Assertion cases edit.
const (
	pAIssuer  = "saml:Assertion/saml:Issuer"
	pSubject  = "saml:Assertion/saml:Subject"
	pNameID   = "saml:Assertion/saml:Subject/saml:NameID"
	pSubjConf = "saml:Assertion/saml:Subject/saml:SubjectConfirmation"
	pSCData   = "saml:Assertion/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData"
	pCond     = "saml:Assertion/saml:Conditions"
	pAudRestr = "saml:Assertion/saml:Conditions/saml:AudienceRestriction"
	pAudience = "saml:Assertion/saml:Conditions/saml:AudienceRestriction/saml:Audience"
	pAuthn    = "saml:Assertion/saml:AuthnStatement"
	pAuthnCtx = "saml:Assertion/saml:AuthnStatement/saml:AuthnContext"
	pACR      = "saml:Assertion/saml:AuthnStatement/saml:AuthnContext/saml:AuthnContextClassRef"
	pAttrSt   = "saml:Assertion/saml:AttributeStatement"
)

func set(path, attr, value string) func(*builder) {
	return func(b *builder) { b.setAttr(path, attr, value) }
}

func del(path, attr string) func(*builder) { return func(b *builder) { b.delAttr(path, attr) } }

func text(path, value string) func(*builder) { return func(b *builder) { b.setText(path, value) } }

func drop(path string) func(*builder) { return func(b *builder) { b.remove(path) } }

func empty(path string) func(*builder) { return func(b *builder) { b.empty(path) } }

// assertionCases are the Assertion cases 33–93.
func assertionCases() []Case {
	return []Case{
		reject(33, "AssertionIDEmpty", "Assertion ID present but empty", set(pAssertion, "ID", "")),
		reject(34, "AssertionIDMissing", "Assertion ID missing", del(pAssertion, "ID")),
		reject(35, "AssertionVersionNot20", "Assertion Version is not 2.0", set(pAssertion, "Version", "1.0")),
		reject(36, "AssertionIssueInstantEmpty", "Assertion IssueInstant present but empty", set(pAssertion, "IssueInstant", "")),
		reject(37, "AssertionIssueInstantMissing", "Assertion IssueInstant missing", del(pAssertion, "IssueInstant")),
		reject(38, "AssertionIssueInstantMalformed", "Assertion IssueInstant malformed ("+badInstant+")", set(pAssertion, "IssueInstant", badInstant)),
		reject(39, "AssertionIssueInstantBeforeRequest", "Assertion IssueInstant earlier than the request's IssueInstant", set(pAssertion, "IssueInstant", pastInstant)),
		reject(40, "AssertionIssueInstantInFuture", "Assertion IssueInstant later than the time of receipt", set(pAssertion, "IssueInstant", futureInstant)),

		reject(41, "SubjectEmpty", "Subject present but empty", empty(pSubject)),
		reject(42, "SubjectMissing", "Subject missing", drop(pSubject)),
		reject(43, "NameIDEmpty", "NameID present but empty", text(pNameID, "")),
		reject(44, "NameIDMissing", "NameID missing", drop(pNameID)),
		reject(45, "NameIDFormatEmpty", "NameID Format present but empty", set(pNameID, "Format", "")),
		reject(46, "NameIDFormatMissing", "NameID Format missing", del(pNameID, "Format")),
		reject(47, "NameIDFormatNotTransient", "NameID Format is not transient", set(pNameID, "Format", otherNameFormat)),
		reject(48, "NameQualifierEmpty", "NameID NameQualifier present but empty", set(pNameID, "NameQualifier", "")),
		reject(49, "NameQualifierMissing", "NameID NameQualifier missing", del(pNameID, "NameQualifier")),

		reject(51, "SubjectConfirmationEmpty", "SubjectConfirmation present but empty", empty(pSubjConf)),
		reject(52, "SubjectConfirmationMissing", "SubjectConfirmation missing", drop(pSubjConf)),
		reject(53, "MethodEmpty", "SubjectConfirmation Method present but empty", set(pSubjConf, "Method", "")),
		reject(54, "MethodMissing", "SubjectConfirmation Method missing", del(pSubjConf, "Method")),
		reject(55, "MethodNotBearer", "SubjectConfirmation Method is not bearer", set(pSubjConf, "Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")),
		reject(56, "SubjectConfirmationDataMissing", "SubjectConfirmationData missing", drop(pSCData)),
		reject(57, "RecipientEmpty", "SubjectConfirmationData Recipient present but empty", set(pSCData, "Recipient", "")),
		reject(58, "RecipientMissing", "SubjectConfirmationData Recipient missing", del(pSCData, "Recipient")),
		reject(59, "RecipientWrong", "SubjectConfirmationData Recipient differs from the ACS URL", set(pSCData, "Recipient", otherURL)),
		reject(60, "SCDInResponseToEmpty", "SubjectConfirmationData InResponseTo present but empty", set(pSCData, "InResponseTo", "")),
		reject(61, "SCDInResponseToMissing", "SubjectConfirmationData InResponseTo missing", del(pSCData, "InResponseTo")),
		reject(62, "SCDInResponseToWrong", "SubjectConfirmationData InResponseTo differs from the request ID", set(pSCData, "InResponseTo", otherRequestID)),
		reject(63, "SCDNotOnOrAfterEmpty", "SubjectConfirmationData NotOnOrAfter present but empty", set(pSCData, "NotOnOrAfter", "")),
		reject(64, "SCDNotOnOrAfterMissing", "SubjectConfirmationData NotOnOrAfter missing", del(pSCData, "NotOnOrAfter")),
		reject(65, "SCDNotOnOrAfterMalformed", "SubjectConfirmationData NotOnOrAfter malformed ("+badInstant+")", set(pSCData, "NotOnOrAfter", badInstant)),
		reject(66, "SCDNotOnOrAfterExpired", "SubjectConfirmationData NotOnOrAfter before the time of receipt", set(pSCData, "NotOnOrAfter", pastInstant)),

		reject(68, "AssertionIssuerMissing", "Assertion Issuer missing", drop(pAIssuer)),
		reject(69, "AssertionIssuerWrong", "Assertion Issuer differs from the IdP entityID", text(pAIssuer, otherEntityID)),
		reject(70, "AssertionIssuerFormatEmpty", "Assertion Issuer Format present but empty", set(pAIssuer, "Format", "")),
		reject(71, "AssertionIssuerFormatMissing", "Assertion Issuer Format missing (it must be present and entity)", del(pAIssuer, "Format")),
		reject(72, "AssertionIssuerFormatWrong", "Assertion Issuer Format is not nameid-format:entity", set(pAIssuer, "Format", otherNameFormat)),

		reject(73, "ConditionsEmpty", "Conditions present but empty", empty(pCond)),
		reject(74, "ConditionsMissing", "Conditions missing", drop(pCond)),
		reject(75, "NotBeforeEmpty", "Conditions NotBefore present but empty", set(pCond, "NotBefore", "")),
		reject(76, "NotBeforeMissing", "Conditions NotBefore missing", del(pCond, "NotBefore")),
		reject(77, "NotBeforeMalformed", "Conditions NotBefore malformed ("+badInstant+")", set(pCond, "NotBefore", badInstant)),
		reject(78, "NotBeforeInFuture", "Conditions NotBefore later than the time of receipt", set(pCond, "NotBefore", futureInstant)),
		reject(79, "ConditionsNotOnOrAfterEmpty", "Conditions NotOnOrAfter present but empty", set(pCond, "NotOnOrAfter", "")),
		reject(80, "ConditionsNotOnOrAfterMissing", "Conditions NotOnOrAfter missing", del(pCond, "NotOnOrAfter")),
		reject(81, "ConditionsNotOnOrAfterMalformed", "Conditions NotOnOrAfter malformed ("+badInstant+")", set(pCond, "NotOnOrAfter", badInstant)),
		reject(82, "ConditionsExpired", "Conditions NotOnOrAfter before the time of receipt", set(pCond, "NotOnOrAfter", pastInstant)),
		reject(83, "AudienceRestrictionEmpty", "AudienceRestriction present but empty", empty(pAudRestr)),
		reject(85, "AudienceEmpty", "Audience present but empty", text(pAudience, "")),
		reject(86, "AudienceMissing", "Audience missing from AudienceRestriction", drop(pAudience)),
		reject(87, "AudienceWrong", "Audience differs from the SP entityID", text(pAudience, otherAudience)),

		reject(88, "AuthnStatementEmpty", "AuthnStatement present but empty", empty(pAuthn)),
		reject(89, "AuthnStatementMissing", "AuthnStatement missing", drop(pAuthn)),
		reject(90, "AuthnContextEmpty", "AuthnContext present but empty", empty(pAuthnCtx)),
		reject(92, "AuthnContextClassRefEmpty", "AuthnContextClassRef present but empty", text(pACR, "")),
		reject(93, "AuthnContextClassRefMissing", "AuthnContextClassRef missing", drop(pACR)),
	}
}
