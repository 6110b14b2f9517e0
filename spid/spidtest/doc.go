// Package spidtest is an in-process SAML identity provider for testing and
// demonstrating SPID and "Entra con CIE" service providers, and the catalogue
// of crafted responses that AgID's validator (italia/spid-sp-test) sends to an
// SP under test.
//
// Everything is real: RSA-2048 keys, rsa-sha256 signatures with exclusive
// canonicalization (goxmldsig), XML built with etree. The package does not
// import package spid, so spid's own tests can use it; its catalogue tests
// (package spidtest_test) drive spid through its public API.
//
// # The identity provider
//
// [New] returns an [IdP] with signed metadata ([IdP.Metadata]): an
// IDPSSODescriptor with SingleSignOnService on HTTP-Redirect and HTTP-POST
// and, for SPID, SingleLogoutService. By default it signs with the fixed,
// public test key of [FixedKeyPair], so that golden files are stable; set
// [Config.GenerateKey] for a fresh key. The SP is registered from its
// metadata with [IdP.RegisterSP].
//
// The IdP is an [http.Handler]. An AuthnRequest arriving at the
// SingleSignOnService (query-string signature for HTTP-Redirect, enveloped
// signature for HTTP-POST, both verified against the SP's metadata
// certificates) gets a chooser page, a plain HTML form that works in any
// browser: pick a test user ([DefaultUsers]: the first, Mario Rossi, has every
// SPID attribute and the fiscal number TINIT-RSSMRA80A01H501U), optionally a
// catalogue case, then "Entra" — or one of the anomaly buttons (cancel nr25,
// deny consent nr22, timeout nr21, …). The signed Response (Response and
// Assertion signed) goes to the SP's ACS through an auto-submitting form.
//
//	srv := httptest.NewServer(nil)
//	idp, _ := spidtest.New(spidtest.Config{BaseURL: srv.URL})
//	srv.Config.Handler = idp
//	_ = idp.RegisterSP(spMetadata)
//
// Single Logout: a signed LogoutRequest at the SingleLogoutService is
// answered with a signed LogoutResponse (Status Success, even for unknown
// sessions); [IdP.NewLogoutRequest] starts an IdP-initiated logout of a
// [Session].
//
// # CIE
//
// With [Config.Profile] set to [CIE] the IdP plays the CieID server: entityID
// BaseURL+"/idp/profile/SAML2/POST/SSO", SSO at the Shibboleth paths, no
// SAML Single Logout, and only the eIDAS minimum attributes (name,
// familyName, dateOfBirth, fiscalNumber; [DefaultCIEUsers]). A demo portal
// mounts one IdP of each profile to offer both "Entra con SPID" and "Entra
// con CIE".
//
// # Programmatic responses and the catalogue
//
// Tests skip the browser: [IdP.ReadAuthnRequest] verifies and reads the SP's
// request, and [IdP.Response] builds the answer, with [Option]s for the user,
// the level, the released attributes, the KeyInfo (including the empty
// <ds:X509Certificate/> the AgID validator sends) or an ErrorCode.
//
// [Catalogue] returns the 111 response cases of spid-sp-test (responses/
// settings.py and response_wraps.py), each with its number, a description,
// the outcome a compliant SP must produce and, for the anomaly cases 104–108
// and 111, the ErrorCode: unsigned responses and assertions, signatures by
// other keys, the XML Signature Wrapping attacks XSW1–8 (built by hand from a
// correctly signed response, the forged assertion really naming someone
// else), an XSLT transform, and every missing, empty, malformed or wrong
// attribute and element. Cases 94–96 depend on the requested level and
// Comparison: use [Case.Expected]. [Extras] adds spid-saml-check's signature
// bypasses 112 and 113 and correct variants an SP must accept.
//
//	for _, c := range spidtest.Catalogue() {
//		xml, _ := idp.CaseResponse(c.ID, req)
//		_, err := sp.ParseResponseXML(ctx, xml)
//		// compare err with c.Expected(req) and c.ErrorCode
//	}
//
// # Security
//
// The keys of [FixedKeyPair] are published with the source code. Never
// register this IdP, or its certificate, with a production SP.
package spidtest
