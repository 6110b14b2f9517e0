package spid

import (
	"crypto"
	"crypto/x509"
	"log/slog"
	"time"
)

// Config configures an [SP]. Fields are required unless they say otherwise;
// [New] validates all of them.
type Config struct {
	// EntityID is the SP's entityID: an https URL without a custom port
	// (checklist 1), equal to the certificate's uri (2.5.4.83).
	EntityID string
	// Key signs metadata, AuthnRequests and logout messages: an
	// *rsa.PrivateKey of at least 2048 bits, or a crypto.Signer (HSM, KMS)
	// whose public key is one.
	Key crypto.Signer
	// Certificate is Key's certificate, published in the metadata. It must be
	// valid now and not signed with SHA-1 (checklist 2–3); see
	// [NewSelfSignedCertificate].
	Certificate *x509.Certificate

	// BaseURL, e.g. "https://comune.example.it/spid", gives the endpoints
	// their defaults: BaseURL+"/metadata", "/acs", "/slo", "/login", "/logout".
	// Set the individual URLs to override them.
	BaseURL     string
	MetadataURL string // default BaseURL+"/metadata"
	ACSURL      string // AssertionConsumerService, index 0, HTTP-POST; default BaseURL+"/acs"
	SLOURL      string // SingleLogoutService; default BaseURL+"/slo"

	// Organization names per language (xml:lang → text); each map needs "it"
	// and all three the same languages (checklist 10). Names are the full
	// legal name, matching the certificate's organizationName.
	OrganizationNames        map[string]string
	OrganizationDisplayNames map[string]string
	OrganizationURLs         map[string]string

	// Public is true for a public administration (IPACode required); false
	// for a private SP (VATNumber with ISO prefix, e.g. "IT12345678901", or
	// FiscalCode, and Billing).
	Public     bool
	IPACode    string
	VATNumber  string
	FiscalCode string

	// Contact is the ContactPerson "other" (checklist 11). Email is required
	// and must be an institutional mailbox; Company, if set, must equal
	// OrganizationNames["it"]; Telephone, if set, is "+39…" without spaces.
	Contact ContactInfo
	// Billing is the private SP's billing contact (checklist 12).
	Billing *Billing
	// Aggregator, if set, describes the SPID aggregator publishing this
	// (public) SP on the Comune's behalf (checklist 13); nil for an SP the
	// Comune runs itself.
	Aggregator *Aggregator

	// AttributeSets are the AttributeConsumingServices: set i has index i.
	// Request only what the service needs (checklist 61).
	AttributeSets [][]Attribute
	// AttributeSetNames are their ServiceNames; default "Servizio <i>".
	AttributeSetNames []string

	// IdPs are identity providers configured by hand (e.g. the AgID
	// validator's metadata). They are looked up before Registry.
	IdPs []*IdP
	// Registry, if set, provides the federation's IdPs (AgID registry).
	Registry *Registry

	// RequestStore keeps sent requests; default an in-memory store, which
	// only works with one process.
	RequestStore RequestStore
	// ReplayStore refuses replayed responses; default in memory.
	ReplayStore ReplayStore
	// Register is the transaction register (checklist E); default none, and
	// New logs a warning, because production SPs must keep one.
	Register Register

	// Profile selects the federation rules; nil means [SPIDProfile].
	Profile *Profile

	// Now returns the current time; default time.Now.
	Now func() time.Time
	// Logger receives warnings and rejected messages (without personal data);
	// default slog.Default().
	Logger *slog.Logger
	// MaxClockSkew is the tolerance for instants in the future and for
	// expiries; default 60 s.
	MaxClockSkew time.Duration
	// RequestTTL is how long a sent request can be answered; default 15 min.
	RequestTTL time.Duration
	// CrewjamCrossCheck, if true, also runs crewjam/saml's ParseXMLResponse
	// on every Response that passed the SPID validator, as a second,
	// independent check (defence in depth). It roughly doubles the cost of
	// validation; default false.
	CrewjamCrossCheck bool
	// MetadataValidity is how long the metadata's validUntil lies ahead;
	// default 0, no validUntil (AgID keeps the registered copy).
	MetadataValidity time.Duration
}

// ContactInfo is the SP's contact data.
type ContactInfo struct {
	Email     string
	Telephone string
	Company   string
}

// Billing is a private SP's fpa:CessionarioCommittente (spid-invoicing.xsd).
type Billing struct {
	VATCountry   string // IdPaese, e.g. "IT"
	VATNumber    string // IdCodice (digits), or empty with FiscalCode
	FiscalCode   string // CodiceFiscale
	Name         string // Denominazione
	Address      string // Indirizzo
	StreetNumber string // NumeroCivico
	PostalCode   string // CAP
	Municipality string // Comune
	Province     string // Provincia, e.g. "RM"
	Country      string // Nazione, e.g. "IT"
	Email        string
	Telephone    string
	Company      string
}
