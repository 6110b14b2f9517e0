package cie

import (
	_ "embed"
	"errors"
	"fmt"
)

// preProductionMetadata is the CIE pre-production IdP metadata (CieID
// server, Shibboleth), as saved by italia/spid-express; its signing
// certificate is valid from 2018-10-19 to 2038-10-19.
//
//go:embed idp/preproduction.xml
var preProductionMetadata []byte

// ErrNoEmbeddedMetadata is returned by [Environment.Metadata] for the
// production environment, whose metadata siopi does not ship: the
// Ministry's signing certificate must come from the Ministry
// ([Environment.MetadataURL]), not from a copy in a library.
var ErrNoEmbeddedMetadata = errors.New("no embedded identity provider metadata")

// Environment selects the CIE identity provider: the Ministry of the
// Interior runs a production and a pre-production ("test") CieID server,
// and an SP federates with each through its own metadata upload on the CIE
// federation portal (https://federazione.servizicie.interno.gov.it).
type Environment int

// The CIE environments. The zero value is invalid so that a
// configuration must say which one it targets.
const (
	// Production is the CieID server citizens use.
	Production Environment = iota + 1
	// PreProduction is the CieID test server used during onboarding,
	// where the outcomes 1, 21, 22 and 25 must be captured as evidence.
	PreProduction
)

// Test is the environment of a test IdP given by [Config].IdPMetadata (such
// as spidtest in its CIE mode), for demos and automated tests; it is never
// the CieID server.
const Test Environment = -1

// The CieID server endpoints (cie-eid-saml-docs federazione.rst and
// protocolli.rst). The IdP's entityID is its HTTP-POST SSO location.
const (
	productionHost    = "https://idserver.servizicie.interno.gov.it"
	preProductionHost = "https://preproduzione.idserver.servizicie.interno.gov.it"
)

// String returns "production", "pre-production" or "unset".
func (e Environment) String() string {
	switch e {
	case Production:
		return "production"
	case PreProduction:
		return "pre-production"
	case Test:
		return "test"
	}
	return "unset"
}

func (e Environment) host() string {
	switch e {
	case Production:
		return productionHost
	case PreProduction:
		return preProductionHost
	}
	return ""
}

func (e Environment) valid() error {
	if e.host() == "" {
		return fmt.Errorf("environment must be Production or PreProduction: %w", ErrConfig)
	}
	return nil
}

// EntityID returns the CieID server's entityID in this environment, e.g.
// "https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO".
func (e Environment) EntityID() string {
	if e.host() == "" {
		return ""
	}
	return e.host() + "/idp/profile/SAML2/POST/SSO"
}

// SSOLocation returns the standard SAML SingleSignOnService location for
// the HTTP-POST binding (post true) or the HTTP-Redirect binding. CIE
// requires an AuthnRequest's Destination to be exactly this location.
func (e Environment) SSOLocation(post bool) string {
	if e.host() == "" {
		return ""
	}
	if post {
		return e.host() + "/idp/profile/SAML2/POST/SSO"
	}
	return e.host() + "/idp/profile/SAML2/Redirect/SSO"
}

// MetadataURL returns where the Ministry publishes the IdP metadata of this
// environment.
func (e Environment) MetadataURL() string {
	if e.host() == "" {
		return ""
	}
	return e.host() + "/idp/shibboleth?Metadata"
}

// Metadata returns the IdP metadata embedded for this environment: the
// pre-production metadata ships with the package; production returns
// [ErrNoEmbeddedMetadata], and the caller supplies the document fetched
// from [Environment.MetadataURL] (see [Config].IdPMetadata). The returned
// slice is a fresh copy.
func (e Environment) Metadata() ([]byte, error) {
	if e == PreProduction {
		return append([]byte(nil), preProductionMetadata...), nil
	}
	return nil, fmt.Errorf("cie: %s: %w", e, ErrNoEmbeddedMetadata)
}
