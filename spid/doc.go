// Package spid is a SAML 2.0 Service Provider with the SPID profile: signed
// SP metadata, AuthnRequests over HTTP-Redirect and HTTP-POST, strict
// validation of Responses with every check of AgID's validator
// (spid-sp-test / spid-saml-check), Single Logout, the IdP registry, the
// transaction register, and Italian error pages for the SPID anomaly codes.
//
// It implements the SPID technical rules (Regole Tecniche) and notices
// (Avvisi 5, 11, 18, 19, 29); the checklist it follows is in
// ../shared/domain/spid-cie.md. It uses crewjam/saml (≥ v0.6.3) to build
// AuthnRequests and logout messages, correcting its defaults where they are
// wrong for SPID, and goxmldsig (≥ v1.6.1) with etree for signatures.
// Package cie builds "Entra con CIE" on the same engine through a [Profile].
//
// # Adding SPID login to an existing net/http application
//
//  1. Create the SP's key and certificate once with [NewSelfSignedCertificate],
//     or with [LoadOrCreateKeyPair], which also writes them to files on first
//     run (public SPs; private SPs receive one from AgID), and keep them safe: the
//     certificate is in the metadata AgID registers, so changing it means
//     registering again.
//  2. Build the SP with [New]. It validates the whole configuration at
//     start-up: entityID, key size, certificate, organization names in
//     Italian, IPA code or VAT number, attribute sets, endpoint URLs.
//  3. Load the IdPs: a [Registry] on the AgID aggregate
//     ([AgIDRegistryURL]), refreshed by [Registry.Run]; add the AgID
//     validator's metadata with [ParseIdPMetadata] while onboarding.
//  4. Mount [Handlers] on your mux and give them three callbacks: OnLogin
//     (start a session with a new session ID), Session and EndSession (for
//     logout). The login button links to the login path with ?idp=<entityID>.
//     A login can only be completed in the browser that started it (login
//     CSRF, checklist 30); [Handlers].UnboundBrowser turns that off for
//     conformance tools that post responses without cookies.
//  5. In production, give the SP a [RequestStore], a [ReplayStore] and a
//     [Register] shared by all replicas (package sqlstore), because the
//     in-memory defaults only work in one process and the transaction
//     register must be kept for 24 months.
//  6. Publish the metadata ([SP.Metadata], served by Handlers.Metadata) and
//     submit it to AgID; test with spid-sp-test or spid-saml-check first.
//
// The example program examples/spid-login is a complete application of
// about 200 lines that does all of this against the test IdP of package
// spid/spidtest.
//
// # What the validator checks
//
// [SP.ParseResponse] reads the Response from the ACS POST (body capped at
// [MaxBodySize]), refuses documents with a DTD, verifies the signatures
// with the IdP metadata certificates only (never a KeyInfo certificate; an
// empty X509Certificate in KeyInfo is fine), requires a signed Assertion,
// and then reads every value from the signed elements only, which defeats
// signature wrapping. It checks the Response and Assertion attributes,
// Issuers and their Format, the transient NameID with its NameQualifier,
// SubjectConfirmationData, both Conditions bounds and the Audience, the
// IssueInstants against the stored request and the clock, the level rule
// with the requested Comparison ([LevelAcceptable]), the AttributeStatement,
// and refuses replays. Each failure is an [*Error] naming the check, with a
// sentinel kind for errors.Is ([ErrSignature], [ErrReplay], [ErrIssuer],
// ...), an HTTP status in the 4xx range, and for the IdP's anomalies
// (ErrorCode nr19–25, 30) the code and an Italian message for the citizen.
//
// # Profiles
//
// A [Profile] holds what differs between federations on this engine:
// metadata extension namespace and ContactPerson shape, allowed attributes
// and Comparison values, the ForceAuthn policy and single logout. SPID is
// the default ([SPIDProfile]); package cie provides the CIE one.
//
// # Identity
//
// [Identity] has no SAML types, so that an OpenID Connect relying party for
// SPID or CIE can produce the same value later; handlers and callbacks only
// see Identity.
//
// # Aggregators
//
// A Comune whose SPID access is run by an aggregator of public
// administrations (Avviso 19) sets [Config.Aggregator]: the metadata then
// carries the aggregator's and the Comune's ContactPerson with
// spid:entityType, and the entityID must contain the activity code
// (pub-ag-full or pub-ag-lite).
package spid
