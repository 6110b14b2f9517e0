package cie

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/spid"
)

// ErrConfig is [spid.ErrConfig], the sentinel wrapped by every
// configuration error of [New]; callers branch on it with errors.Is.
var ErrConfig = spid.ErrConfig

// Kind says whether an entity is a public administration or a private
// body; it selects cie:Public or cie:Private in the metadata and the
// identifiers that must accompany it.
type Kind int

// The kinds of entity. The zero value is invalid so that a configuration
// must say which one it is.
const (
	// Public is a public administration listed in IndicePA (a Comune);
	// it carries cie:IPACode.
	Public Kind = iota + 1
	// Private is a private body; it carries cie:VATNumber and/or
	// cie:FiscalCode and no cie:IPACode.
	Private
)

// String returns "public", "private" or "unset".
func (k Kind) String() string {
	switch k {
	case Public:
		return "public"
	case Private:
		return "private"
	}
	return "unset"
}

// Contact is one md:ContactPerson of the CIE SP metadata together with the
// cie: extensions that describe its organisation (cie-eid-saml-docs
// federazione.rst, "Metadata SP"). The administrative contact describes the
// SP itself; the optional technical contact describes the technology partner
// that runs the service for it.
type Contact struct {
	// Kind is Public or Private (required).
	Kind Kind
	// IPACode is the IndicePA code (cie:IPACode); required for Public,
	// forbidden for Private.
	IPACode string
	// IPACategory is the IndicePA category (cie:IPACategory), optional,
	// public entities only.
	IPACategory string
	// VATNumber is the VAT number with its ISO country prefix, e.g.
	// "IT01234567890" (cie:VATNumber).
	VATNumber string
	// FiscalCode is the organisation's fiscal code (cie:FiscalCode). A
	// private entity needs a VATNumber, a FiscalCode or both.
	FiscalCode string
	// NACE2Codes are ATECO/NACE rev.2 activity codes (cie:NACE2Code),
	// expected for private entities.
	NACE2Codes []string
	// Municipality is the ISTAT code (six digits) or the Belfiore code
	// (e.g. "H501") of the registered office (cie:Municipality, required).
	Municipality string
	// Province is the two-letter province code of the registered office
	// (cie:Province), optional.
	Province string
	// Country is the ISO 3166-1 alpha-2 country of the registered office
	// (cie:Country), optional; set it for foreign entities.
	Country string
	// Company is the legal name (md:Company). For the administrative
	// contact it must be empty or equal to the organisation name, which
	// fills it; for the technical contact it is required.
	Company string
	// EmailAddress is the contact's e-mail address (required; an office
	// mailbox, not a personal one).
	EmailAddress string
	// TelephoneNumber is optional, in international form without spaces,
	// e.g. "+390612345678".
	TelephoneNumber string
}

var (
	reIPACode      = regexp.MustCompile(`^[A-Za-z0-9_]{1,32}$`)
	reVATNumber    = regexp.MustCompile(`^[A-Z]{2}[A-Za-z0-9]{2,13}$`)
	reMunicipality = regexp.MustCompile(`^(?:[0-9]{6}|[A-Z][0-9]{3})$`)
	reProvince     = regexp.MustCompile(`^[A-Z]{2}$`)
	reCountry      = regexp.MustCompile(`^[A-Z]{2}$`)
	reNACE2        = regexp.MustCompile(`^[0-9]{2}(?:\.[0-9]{1,2}){0,3}$`)
	reTelephone    = regexp.MustCompile(`^\+[0-9]{6,15}$`)
)

// validate checks the contact for the given role ("administrative" or
// "technical"); company is the organisation name the administrative
// contact's Company must equal.
func (c Contact) validate(role, company string) error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s contact: %s: %w", role, fmt.Sprintf(format, args...), ErrConfig)
	}
	switch c.Kind {
	case Public:
		if c.IPACode == "" {
			return bad("a public entity needs an IPA code")
		}
		if !reIPACode.MatchString(c.IPACode) {
			return bad("IPA code %q is malformed", c.IPACode)
		}
	case Private:
		if c.IPACode != "" || c.IPACategory != "" {
			return bad("a private entity has no IPA code or category")
		}
		if c.VATNumber == "" && c.FiscalCode == "" {
			return bad("a private entity needs a VAT number or a fiscal code")
		}
	default:
		return bad("kind must be Public or Private")
	}
	if c.VATNumber != "" {
		if !reVATNumber.MatchString(c.VATNumber) {
			return bad("VAT number %q needs its ISO country prefix (e.g. IT01234567890)", c.VATNumber)
		}
		if rest, ok := strings.CutPrefix(c.VATNumber, "IT"); ok {
			if err := fiscalcode.ValidateOrganization(rest); err != nil {
				return bad("VAT number %q: %v", c.VATNumber, err)
			}
		}
	}
	if c.FiscalCode != "" {
		if err := fiscalcode.ValidateAny(c.FiscalCode); err != nil {
			return bad("fiscal code %s: %v", fiscalcode.Mask(c.FiscalCode), err)
		}
	}
	for _, code := range c.NACE2Codes {
		if !reNACE2.MatchString(code) {
			return bad("NACE2 code %q is malformed (e.g. 84.11.10)", code)
		}
	}
	if c.Municipality == "" {
		return bad("municipality (ISTAT or Belfiore code of the registered office) is required")
	}
	if !reMunicipality.MatchString(c.Municipality) {
		return bad("municipality %q is neither an ISTAT nor a Belfiore code", c.Municipality)
	}
	if c.Province != "" && !reProvince.MatchString(c.Province) {
		return bad("province %q is not a two-letter code", c.Province)
	}
	if c.Country != "" && !reCountry.MatchString(c.Country) {
		return bad("country %q is not an ISO 3166-1 alpha-2 code", c.Country)
	}
	switch {
	case company != "" && c.Company != "" && c.Company != company:
		return bad("company %q must equal the organisation name %q", c.Company, company)
	case company == "" && c.Company == "":
		return bad("company is required")
	}
	if c.EmailAddress == "" {
		return bad("e-mail address is required")
	}
	if a, err := mail.ParseAddress(c.EmailAddress); err != nil || a.Address != c.EmailAddress {
		return bad("e-mail address %q is malformed", c.EmailAddress)
	}
	if c.TelephoneNumber != "" && !reTelephone.MatchString(c.TelephoneNumber) {
		return bad("telephone number %q must be +<digits> without spaces", c.TelephoneNumber)
	}
	return nil
}
