package spid

import (
	"log/slog"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// Identity is a citizen authenticated by an identity provider. It carries no
// SAML type, so that other protocols (an OpenID Connect relying party for SPID
// or CIE) can produce it too.
//
// Dates are civil dates at UTC midnight; the zero time means "not released".
type Identity struct {
	Provider     string    // the profile that produced it: "spid", "cie"
	IdP          string    // the identity provider's entityID (or OP issuer)
	Level        Level     // the level the IdP asserted
	AuthnInstant time.Time // when the IdP authenticated the user (UTC)

	// Session data needed for single logout.
	NameID        string // transient NameID
	NameQualifier string // the NameID's NameQualifier (the IdP)
	SessionIndex  string // AuthnStatement SessionIndex, may be empty

	SPIDCode              string
	Name                  string
	FamilyName            string
	PlaceOfBirth          string // Belfiore code of the comune or foreign country
	CountyOfBirth         string // province code, e.g. "MI"
	DateOfBirth           time.Time
	Gender                string // "M" or "F"
	CompanyName           string
	RegisteredOffice      string
	FiscalNumber          string // codice fiscale without "TINIT-", validated with package fiscalcode
	IVACode               string // partita IVA without "VATIT-"
	CompanyFiscalNumber   string // without "TINIT-"
	IDCard                string
	MobilePhone           string
	Email                 string
	Address               string
	DigitalAddress        string // PEC
	ExpirationDate        time.Time
	DomicileStreetAddress string
	DomicilePostalCode    string
	DomicileMunicipality  string
	DomicileProvince      string
	DomicileNation        string

	// Attributes holds every released attribute by Name, as received (with
	// prefixes such as TINIT-), including any this struct has no field for.
	Attributes map[string]string
}

// LogValue redacts personal data: only the IdP, level and a masked fiscal
// number are logged.
func (id *Identity) LogValue() slog.Value {
	if id == nil {
		return slog.StringValue("<nil>")
	}
	return slog.GroupValue(
		slog.String("provider", id.Provider),
		slog.String("idp", id.IdP),
		slog.String("level", id.Level.String()),
		slog.String("fiscal_number", fiscalcode.Mask(id.FiscalNumber)),
	)
}

// String returns the redacted form of LogValue.
func (id *Identity) String() string {
	if id == nil {
		return "<nil>"
	}
	return id.Provider + " identity from " + id.IdP + " (" + id.Level.String() + ", " + fiscalcode.Mask(id.FiscalNumber) + ")"
}
