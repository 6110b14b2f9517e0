package cie

import (
	"fmt"

	"github.com/siopi/siopi/spid"
)

// Config configures a CIE Service Provider. The SAML settings CIE shares with
// SPID (entityID, key and certificate, endpoints, organisation names,
// attribute sets, stores, clock, logger) are the embedded [spid.Config] and
// mean exactly what they mean there; the fields below are CIE's own.
//
// The embedded fields that describe SPID's federation are derived from the
// CIE fields and must be left zero: Public, IPACode, VATNumber, FiscalCode,
// Contact, Billing, Profile, IdPs and Registry. Setting one is a
// configuration error rather than a silent override.
type Config struct {
	spid.Config

	// Environment selects the CieID server: Production or PreProduction
	// (required). Test trusts the IdP of IdPMetadata whatever its
	// entityID: use it only with a test IdP such as spidtest's CIE mode.
	Environment Environment
	// IdPMetadata is the CieID server's metadata. For PreProduction it
	// defaults to the embedded copy; for Production it is required (fetch it
	// from [Environment.MetadataURL] and keep it fresh); for Test it is the
	// test IdP's metadata. Except in Test, its entityID must be the
	// environment's.
	IdPMetadata []byte

	// Administrative is the SP's md:ContactPerson contactType
	// "administrative" (required). Its Kind makes the SP public or private;
	// its Company defaults to OrganizationNames["it"] and must equal it.
	Administrative Contact
	// Technical is the optional contactType "technical", for the
	// technology partner that runs the service on the SP's behalf.
	Technical *Contact
}

// validate checks the CIE-specific configuration; the embedded
// spid.Config is validated by spid.New through the profile.
func (c *Config) validate() error {
	if c.Environment != Test {
		if err := c.Environment.valid(); err != nil {
			return err
		}
	}
	s := &c.Config
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"Public", s.Public}, {"IPACode", s.IPACode != ""}, {"VATNumber", s.VATNumber != ""},
		{"FiscalCode", s.FiscalCode != ""}, {"Contact", s.Contact != (spid.ContactInfo{})},
		{"Billing", s.Billing != nil}, {"Profile", s.Profile != nil}, {"IdPs", len(s.IdPs) > 0},
		{"Registry", s.Registry != nil},
	} {
		if f.set {
			return fmt.Errorf("spid.Config.%s is derived by package cie and must be left zero: %w", f.name, ErrConfig)
		}
	}
	org := s.OrganizationNames["it"]
	if org == "" {
		return fmt.Errorf("OrganizationNames needs an Italian (it) entry, the administrative contact's Company: %w", ErrConfig)
	}
	if err := c.Administrative.validate(contactAdministrative, org); err != nil {
		return err
	}
	if c.Technical != nil {
		if err := c.Technical.validate(contactTechnical, ""); err != nil {
			return err
		}
	}
	for i, set := range s.AttributeSets {
		if err := checkAttributes(set); err != nil {
			return fmt.Errorf("attribute set %d: %w", i, err)
		}
	}
	return nil
}
