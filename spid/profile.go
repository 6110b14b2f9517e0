package spid

import "fmt"

// Extension is one element of the ContactPerson's md:Extensions in the
// profile's namespace, e.g. {Name: "IPACode", Value: "c_h501"}. An empty
// Value with Empty set writes an empty element such as <spid:Public/>.
type Extension struct {
	Name  string
	Value string
	Empty bool
}

// Contact is one md:ContactPerson of the SP metadata.
type Contact struct {
	Type string // contactType: "other", "billing", "administrative", "technical"
	// EntityType, if set, is written as the Prefix:entityType attribute,
	// e.g. "spid:aggregator" (Avviso 19; see [Aggregator]).
	EntityType string
	Extensions []Extension // in the profile's namespace, in this order
	Company    string
	Email      string
	Telephone  string
	// Raw, if set, is written inside md:Extensions after Extensions, verbatim
	// (it must be well-formed XML with its own namespace declarations). The
	// SPID profile uses it for the billing contact's fpa:CessionarioCommittente.
	Raw string
}

// Profile is what differs between the identity federations that share this
// SAML engine: SPID (the default, [SPIDProfile]) and CIE (package cie builds
// its own). Every field is required unless it says otherwise.
type Profile struct {
	// Name identifies the profile in Identity.Provider and logs: "spid", "cie".
	Name string
	// Namespace and Prefix of the metadata extensions, e.g.
	// "https://spid.gov.it/saml-extensions" and "spid".
	Namespace string
	Prefix    string
	// Contacts returns the SP metadata's ContactPerson elements from cfg.
	Contacts func(cfg *Config) ([]Contact, error)
	// Validate, if set, checks cfg further in [New] (after the common checks).
	Validate func(cfg *Config) error
	// Attributes allowed in AttributeSets; nil means every SPID attribute.
	Attributes []Attribute
	// Comparisons allowed in LoginOptions.Comparison.
	Comparisons []Comparison
	// ForceAuthn reports whether a request for level with cmp carries
	// ForceAuthn="true". SPID: level ≥ L2. CIE: always.
	ForceAuthn func(level Level, cmp Comparison) bool
	// SLOBindings are the SingleLogoutService bindings of the SP metadata, in
	// order; the first is used to send LogoutRequests.
	SLOBindings []Binding
	// SingleLogout reports whether the federation's IdPs implement SAML single
	// logout. When false (CIE) [SP.NewLogoutRequest] returns ErrLogout and the
	// SP only ends its own session.
	SingleLogout bool
}

// SPIDNamespace is the namespace of the SPID metadata extensions.
const SPIDNamespace = "https://spid.gov.it/saml-extensions"

// SPIDInvoicingNamespace is the namespace of the billing contact's
// fpa:CessionarioCommittente (spid-invoicing.xsd).
const SPIDInvoicingNamespace = "https://spid.gov.it/invoicing-extensions"

// SPIDProfile returns the SPID profile, the default of [Config.Profile].
func SPIDProfile() *Profile {
	return &Profile{
		Name:        "spid",
		Namespace:   SPIDNamespace,
		Prefix:      "spid",
		Contacts:    spidContacts,
		Comparisons: []Comparison{ComparisonExact, ComparisonMinimum, ComparisonBetter, ComparisonMaximum},
		ForceAuthn: func(level Level, _ Comparison) bool {
			return level >= L2
		},
		SLOBindings:  []Binding{BindingPOST, BindingRedirect},
		SingleLogout: true,
	}
}

// spidContacts builds the ContactPerson "other" with spid: extensions
// (checklist 11) and, for private SPs, the "billing" contact (checklist 12).
func spidContacts(cfg *Config) ([]Contact, error) {
	other := Contact{
		Type:      "other",
		Company:   cfg.Contact.Company,
		Email:     cfg.Contact.Email,
		Telephone: cfg.Contact.Telephone,
	}
	if cfg.Public {
		other.Extensions = []Extension{{Name: "IPACode", Value: cfg.IPACode}, {Name: "Public", Empty: true}}
	} else {
		if cfg.VATNumber != "" {
			other.Extensions = append(other.Extensions, Extension{Name: "VATNumber", Value: cfg.VATNumber})
		}
		if cfg.FiscalCode != "" {
			other.Extensions = append(other.Extensions, Extension{Name: "FiscalCode", Value: cfg.FiscalCode})
		}
		other.Extensions = append(other.Extensions, Extension{Name: "Private", Empty: true})
	}
	contacts := []Contact{other}
	if a := cfg.Aggregator; a != nil {
		if err := a.check(cfg); err != nil {
			return nil, err
		}
		contacts[0].EntityType = entityTypeAggregated
		contacts = append(contacts, a.contact())
	}
	if !cfg.Public {
		if cfg.Billing == nil {
			return nil, fmt.Errorf("a private SP needs a Billing contact (checklist 12)")
		}
		contacts = append(contacts, cfg.Billing.contact())
	}
	return contacts, nil
}

func (p *Profile) allowsComparison(c Comparison) bool {
	for _, ok := range p.Comparisons {
		if c == ok {
			return true
		}
	}
	return false
}

func (p *Profile) allowsAttribute(a Attribute) bool {
	if p.Attributes == nil {
		return a.Valid()
	}
	for _, ok := range p.Attributes {
		if a == ok {
			return true
		}
	}
	return false
}
