// Package cie implements "Entra con CIE", the SAML 2.0 login with the
// Italian electronic identity card (Carta d'Identità Elettronica), as a
// profile of the [github.com/siopi/siopi/spid] engine.
//
// Since 2021 SPID and CIE are the ways into a public administration's
// online services, and a portal that offers SPID must offer CIE too. CIE's
// SAML profile (cie-eid-saml-docs: federazione.rst, protocolli.rst)
// differs from SPID's in the SP metadata, in the AuthnRequest and in
// logout; the response validation is the same. This package holds only
// what differs — the configuration, the cie: metadata extensions, the CieID
// server of each environment and the "Entra con CIE" button — and [New]
// returns a [spid.SP] running SPID's code with a CIE [spid.Profile].
//
// # Metadata
//
// The SP metadata carries an md:ContactPerson contactType="administrative"
// (and optionally "technical", for a technology partner) whose
// md:Extensions hold elements of the [Namespace] namespace, prefix "cie":
// cie:Public or cie:Private, cie:IPACode (public, required),
// cie:IPACategory, cie:VATNumber and/or cie:FiscalCode (private),
// cie:NACE2Code, cie:Municipality (required), cie:Province and cie:Country
// ([Contact]). Company equals the OrganizationName. The SP publishes one
// SingleLogoutService with HTTP-Redirect, and its attribute sets may
// request only the eIDAS minimum data set ([EIDASAttributes]); anything
// else is refused by [New]. The metadata is signed like SPID's, and is
// uploaded on the CIE federation portal
// (https://federazione.servizicie.interno.gov.it), once per environment;
// serve it with [spid.Handlers.Metadata].
//
// # Login
//
// Every AuthnRequest carries ForceAuthn="true"; Comparison is exact or
// minimum (others are refused); Destination is the CieID server's standard
// SSO Location; NameIDPolicy is transient without AllowCreate; the
// AttributeConsumingServiceIndex is always present. The levels are SPID's:
// L1 (password or app with QR code), L2 (password and OTP, or app), L3 (the
// physical card over NFC or a reader). Responses go through SPID's strict
// validator unchanged, and a login yields the same [spid.Identity], with
// Provider "cie".
//
// # Logout
//
// The CieID server does not implement SAML single logout: the SP ends its
// own session only ([spid.SP.NewLogoutRequest] refuses with
// [spid.ErrLogout] under this profile), yet it still publishes the
// Redirect SLO endpoint, as CIE requires.
//
// # Environments
//
// The Ministry of the Interior runs a production and a pre-production
// CieID server ([Production], [PreProduction]). The pre-production IdP
// metadata is embedded; the production metadata is fetched by the caller
// from [Environment.MetadataURL] and passed as [Config].IdPMetadata, so
// that the Ministry's certificate never comes from a library's copy. The
// [Test] environment trusts a test IdP, such as spidtest in its CIE mode,
// for demos and automated tests. In pre-production, CIE asks for
// screenshots of the outcomes 1, 21, 22 and 25 as onboarding evidence.
//
// # SPID and CIE in one portal
//
// Configure the shared SAML settings once, as a [spid.Config], and build
// two SPs from it: [spid.New] with the SPID fields (Public, IPACode,
// Contact, the AgID Registry) and [New] with a [Config] that embeds the
// same spid.Config plus the CIE fields. Give each its own BaseURL, e.g.
// https://comune.example.it/spid and https://comune.example.it/cie, so
// that each has its own ACS and SLO endpoints and metadata; the key,
// certificate and entityID may be shared. Mount a [spid.Handlers] for each
// on one http.ServeMux, with the same callbacks: OnLogin receives a
// [spid.Identity] whatever the federation, and Identity.Provider ("spid"
// or "cie") tells the logout handler which SP the session belongs to. The
// login page shows the "Entra con SPID" button and, next to it, the
// "Entra con CIE" button of this package ([Button]), linked to the CIE
// SP's login path. One RequestStore, ReplayStore and Register can serve
// both.
//
// # The "Entra con CIE" button
//
// No package ships CIE's button artwork, so this package draws its own
// after the official guidelines: CIE blue (#0066CC) with white text
// "Entra con CIE", a card icon, a visible focus ring and a touch target of
// at least 44×44 pixels. [Button] renders accessible markup (the
// accessible name is the visible text; the icon is decorative),
// [ButtonTemplate] gives it to a portal's own templates, and [ButtonCSS],
// [Icon] and [Assets] give the style sheet and the SVG icon.
//
// # Towards OpenID Connect Federation
//
// SPID and CIE are moving to OpenID Connect Federation 1.0 (italia
// spid-cie-oidc-docs). Nothing of the SAML profile above survives the
// move except the identity boundary: [spid.Identity] carries no SAML type,
// and the host application sees only the handlers' callbacks (OnLogin,
// OnError, Session, EndSession, OnLogout). An OIDC-Federation relying
// party would be a second implementation behind that boundary: its own
// login, callback and logout handlers calling the same callbacks with the
// same Identity (Provider "cie" or "spid", the OP as IdP, acr_values
// mapped to Level, the https://attributes.eid.gov.it/ claims mapped to the
// typed fields). What it would take:
//
//   - A JOSE stack (JWK, JWS, JWE): a new dependency such as go-jose or
//     lestrrat-go/jwx, since the standard library has none.
//   - The RP's Entity Configuration: a signed JWT
//     (application/entity-statement+jwt) served at
//     /.well-known/openid-federation, with iss = sub = the RP's entity ID,
//     iat, exp, the federation jwks, authority_hints (the Trust Anchor or
//     an aggregator) and metadata.openid_relying_party (redirect_uris, its
//     own jwks, client_registration_types ["automatic"],
//     token_endpoint_auth_method private_key_jwt), plus the trust_marks
//     the Trust Anchor or the aggregator issued to it.
//   - Trust chain resolution: fetch the OP list from the Trust Anchor's
//     list endpoint (AgID for SPID, the Ministry of the Interior for CIE),
//     each OP's Entity Configuration, and the subordinate statements up to
//     the Trust Anchor; verify every signature, apply the metadata
//     policies, verify trust marks, and cache the resolved metadata until
//     the lowest exp of the chain; a resolve endpoint for the RP itself.
//     This replaces the metadata upload and the IdP metadata of this
//     package: OPs register the RP automatically on its first request.
//   - The authorization request as a signed request object (request JWT)
//     with PKCE S256, scope openid (CIE also profile and email), the claims
//     parameter for attributes, acr_values with the SPID level URIs and
//     prompt; state and nonce kept server-side like today's RequestStore.
//   - The token request authenticated with private_key_jwt, ID Token
//     validation, and UserInfo as a signed and encrypted JWT (CIE also puts
//     the claims in the ID Token, which it may encrypt); CIE requires iss in
//     the authorization response (mix-up mitigation).
//   - Revocation (and introspection) for logout, in place of SAML SLO;
//     refresh tokens only for SPID's long sessions (Avviso 41).
//
// The key management, the request and replay stores, the transaction
// register, the "Entra con CIE" button and the portal's session handling
// carry over unchanged.
package cie
