package cie

import (
	"fmt"

	"github.com/siopi/siopi/spid"
)

// New validates cfg and returns a Service Provider with the CIE profile.
//
// The result is a [spid.SP]: the same engine, handlers ([spid.Handlers]),
// host-application callbacks and [spid.Identity] (with Provider "cie") as
// SPID, so a portal offers both logins with one session model. What CIE
// changes is the profile New installs (cie-eid-saml-docs):
//   - metadata: cie: extensions on an "administrative" (and optional
//     "technical") contact, Company = OrganizationName, one
//     SingleLogoutService with HTTP-Redirect, attribute sets limited to the
//     eIDAS minimum data set, signed like SPID's;
//   - AuthnRequest: ForceAuthn="true" always, Comparison exact or minimum
//     only, Destination = the IdP's standard SSO Location, NameIDPolicy
//     transient without AllowCreate, AttributeConsumingServiceIndex always;
//   - response: SPID's strict validator, unchanged;
//   - logout: CIE has no SAML single logout, so [spid.SP.NewLogoutRequest]
//     refuses and the SP only ends its own session; the Redirect SLO
//     endpoint is still published, as CIE requires.
//
// The only trusted IdP is the CieID server of cfg.Environment.
func New(cfg Config) (*spid.SP, error) {
	if err := cfg.validate(); err != nil {
		return nil, fmt.Errorf("cie: config: %w", err)
	}
	idp, err := cfg.identityProvider()
	if err != nil {
		return nil, fmt.Errorf("cie: config: %w", err)
	}
	sc := cfg.Config
	org := sc.OrganizationNames["it"]
	admin := cfg.Administrative
	if admin.Kind == Public {
		sc.Public, sc.IPACode = true, admin.IPACode
	}
	sc.Contact = spid.ContactInfo{Email: admin.EmailAddress, Telephone: admin.TelephoneNumber, Company: org}
	sc.IdPs = []*spid.IdP{idp}
	sc.Profile = profile(admin, cfg.Technical)
	sp, err := spid.New(sc)
	if err != nil {
		return nil, fmt.Errorf("cie: %w", err)
	}
	return sp, nil
}

// profile returns the CIE profile of the spid engine for these contacts.
func profile(admin Contact, technical *Contact) *spid.Profile {
	return &spid.Profile{
		Name:      "cie",
		Namespace: Namespace,
		Prefix:    "cie",
		Contacts: func(cfg *spid.Config) ([]spid.Contact, error) {
			return contacts(admin, technical, cfg.OrganizationNames["it"]), nil
		},
		Attributes:  EIDASAttributes(),
		Comparisons: []spid.Comparison{spid.ComparisonExact, spid.ComparisonMinimum},
		ForceAuthn:  func(spid.Level, spid.Comparison) bool { return true },
		SLOBindings: []spid.Binding{spid.BindingRedirect},
		// CieID server does not implement SAML single logout
		// (cie-eid-saml-docs protocolli.rst, "Simple Logout").
		SingleLogout: false,
	}
}

// identityProvider parses the CieID server's metadata for the environment
// and checks that it names the environment's IdP.
func (c *Config) identityProvider() (*spid.IdP, error) {
	data := c.IdPMetadata
	if data == nil {
		switch c.Environment {
		case PreProduction:
			data = preProductionMetadata
		case Production:
			return nil, fmt.Errorf("IdPMetadata is required in production (fetch %s): %w", Production.MetadataURL(), ErrConfig)
		default:
			return nil, fmt.Errorf("IdPMetadata is required in the test environment: %w", ErrConfig)
		}
	}
	idp, err := spid.ParseIdPMetadata(data)
	if err != nil {
		return nil, fmt.Errorf("IdPMetadata: %w: %w", err, ErrConfig)
	}
	if c.Environment != Test && idp.EntityID != c.Environment.EntityID() {
		return nil, fmt.Errorf("IdPMetadata is for %q, not the %s CieID server %q: %w", idp.EntityID, c.Environment, c.Environment.EntityID(), ErrConfig)
	}
	return idp, nil
}
