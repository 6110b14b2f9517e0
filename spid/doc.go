// Package spid is a SAML 2.0 Service Provider with the SPID profile: signed
// SP metadata, AuthnRequests over HTTP-Redirect and HTTP-POST, strict
// validation of Responses with every check of AgID's validator, Single
// Logout, the IdP registry, and the transaction register. Package cie builds
// "Entra con CIE" on the same engine through a [Profile].
//
// Work in progress: see /work/notes/spid-api.md.
package spid
