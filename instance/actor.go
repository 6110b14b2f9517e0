package instance

import (
	"log/slog"
	"slices"

	"github.com/siopi/siopi/fiscalcode"
)

// AuthMethod is how an applicant logged in.
type AuthMethod string

// Authentication methods.
const (
	MethodNone  AuthMethod = ""
	MethodSPID  AuthMethod = "spid"
	MethodCIE   AuthMethod = "cie"
	MethodEIDAS AuthMethod = "eidas"
)

// Applicant is the logged-in citizen, independent of SAML: the portal maps
// spid.Identity (or cie's) into it. Its data prefill the wizard (C.SE.1.5,
// once-only) through [Field.Prefill].
type Applicant struct {
	FiscalCode string
	GivenName  string
	FamilyName string
	Email      string
	Phone      string
	BirthDate  string // YYYY-MM-DD, as the IdP gives it
	BirthPlace string
	Address    string // domicile or residence, as the IdP gives it
	IBAN       string
	Method     AuthMethod
	Level      int // SPID/CIE level 1–3
}

// FullName is "GivenName FamilyName".
func (a Applicant) FullName() string {
	switch {
	case a.GivenName == "":
		return a.FamilyName
	case a.FamilyName == "":
		return a.GivenName
	}
	return a.GivenName + " " + a.FamilyName
}

// LogValue redacts the fiscal code and omits contacts.
func (a Applicant) LogValue() slog.Value {
	return slog.GroupValue(slog.String("fiscal_code", fiscalcode.Mask(a.FiscalCode)),
		slog.String("method", string(a.Method)), slog.Int("level", a.Level))
}

// prefill returns the applicant's value for a [Prefill] key.
func (a Applicant) prefill(k Prefill) string {
	switch k {
	case PrefillFiscalCode:
		return a.FiscalCode
	case PrefillGivenName:
		return a.GivenName
	case PrefillFamilyName:
		return a.FamilyName
	case PrefillEmail:
		return a.Email
	case PrefillPhone:
		return a.Phone
	case PrefillBirthDate:
		return a.BirthDate
	case PrefillBirthPlace:
		return a.BirthPlace
	case PrefillAddress:
		return a.Address
	case PrefillIBAN:
		return a.IBAN
	}
	return ""
}

// Person is a beneficiary (terzo beneficiario), when not the applicant.
type Person struct {
	FiscalCode string
	GivenName  string
	FamilyName string
}

// LogValue redacts the fiscal code.
func (p Person) LogValue() slog.Value {
	return slog.StringValue(fiscalcode.Mask(p.FiscalCode))
}

// ActorKind is who may make a transition.
type ActorKind string

// Actor kinds.
const (
	ActorCitizen  ActorKind = "citizen"  // the applicant
	ActorOperator ActorKind = "operator" // an operator of the service's office
	ActorSystem   ActorKind = "system"   // the platform: protocol, payments, timers
)

// Actor is who acts. For a citizen ID is the fiscal code; for an operator, the
// operator's user identifier, and Offices the offices they work in.
type Actor struct {
	Kind    ActorKind
	ID      string
	Name    string
	Offices []string
}

// Citizen is the actor for an applicant.
func Citizen(a Applicant) Actor {
	return Actor{Kind: ActorCitizen, ID: fiscalcode.Normalize(a.FiscalCode), Name: a.FullName()}
}

// Operator is the actor for an office's operator.
func Operator(id, name string, offices ...string) Actor {
	return Actor{Kind: ActorOperator, ID: id, Name: name, Offices: offices}
}

// System is the platform's own actor; name says which part ("protocol", "pagopa", "clock").
func System(name string) Actor { return Actor{Kind: ActorSystem, ID: name, Name: name} }

// InOffice reports whether the actor works in office.
func (a Actor) InOffice(office string) bool { return slices.Contains(a.Offices, office) }

// LogValue redacts a citizen's fiscal code.
func (a Actor) LogValue() slog.Value {
	id := a.ID
	if a.Kind == ActorCitizen {
		id = fiscalcode.Mask(id)
	}
	return slog.GroupValue(slog.String("kind", string(a.Kind)), slog.String("id", id))
}
