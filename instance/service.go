package instance

import (
	"time"
)

// Service is a catalogue entry: one administrative procedure a citizen can
// start online, with its service-page content (Modello Comuni, C.SI.1.3), its
// form, its legal term (L. 241/1990 art. 2) and the settings that drive the
// state machine (after OpenCity's Servizio, municipal-services.md §1.3).
//
// A Service is a definition: build it in Go (see [ExampleServices]) or load it
// from configuration, then check it with [Service.Validate]. Treat it as
// immutable once handed to a [Desk].
type Service struct {
	// ID is a stable slug ("certificato-residenza"): lower-case letters,
	// digits and dashes.
	ID string
	// Title is the service's name on its page and in lists.
	Title string
	// Category is one of the Modello Comuni service categories.
	Category Category
	// Page holds the service-page content.
	Page ServicePage
	// Office is the identifier of the office (ufficio) whose operators
	// handle the applications; it is required.
	Office string
	// Access is the minimum authentication the wizard requires.
	Access AccessLevel

	// TermDays is the legal term for the decision, in calendar days from
	// receipt (art. 2 c.2–4); zero means the default 30. At most 180.
	TermDays int
	// LegalSource names the rule that sets the term ("Regolamento comunale
	// sui procedimenti, art. 4"); zero means the default term of art. 2 c.2,
	// which is only allowed with the default term.
	LegalSource string
	// Suspension limits the art. 2 c.7 suspension of the term.
	Suspension SuspensionRules
	// SilenceMeansConsent: when the term passes without a decision, the
	// application is accepted (silenzio-assenso, art. 20).
	SilenceMeansConsent bool
	// RejectionNoticeExempt: the procedure may be rejected without the art.
	// 10-bis notice (competitive procedures, social security).
	RejectionNoticeExempt bool
	// Substitute names the official with the substitute power (art. 2 c.9-bis).
	Substitute string

	// Payment is what the citizen pays, and when.
	Payment Payment
	// ProtocolRequired: the application and every later document are
	// registered in the protocol, and the *_pending states wait for it.
	ProtocolRequired bool
	// Classification files the service's dossiers in the Comuni titolario.
	Classification Classification

	// AllowWithdraw lets the applicant withdraw a submitted application.
	AllowWithdraw bool
	// AllowReopening lets an operator reopen a decided or withdrawn application.
	AllowReopening bool
	// AllowIntegration lets an operator ask the citizen for more documents.
	AllowIntegration bool

	// Steps is the wizard; nil means [DefaultSteps] with no extra fields.
	Steps []Step
	// Notices are text/template messages sent to the citizen when an
	// application enters a state; see [Service.Notice].
	Notices map[State]string
	// Window is the opening window for calls and tenders; zero means always open.
	Window Window
	// MessageFiles limits the files attached to communications, both ways;
	// its zero value means [DefaultMessageFiles].
	MessageFiles FileRules
}

// Term is the legal term in days, applying the default of 30.
func (s *Service) Term() int {
	if s.TermDays == 0 {
		return DefaultTermDays
	}
	return s.TermDays
}

// Source is the legal source of the term, applying the default.
func (s *Service) Source() string {
	if s.LegalSource == "" {
		return DefaultLegalSource
	}
	return s.LegalSource
}

// Default legal term and its source (L. 241/1990 art. 2 c.2).
const (
	DefaultTermDays    = 30
	DefaultLegalSource = "L. 241/1990, art. 2, comma 2"
	// MaxTermDays is the longest term a regulation may set (art. 2 c.4).
	MaxTermDays = 180
	// MaxSuspensionDays is the longest art. 2 c.7 suspension.
	MaxSuspensionDays = 30
	// ObservationDays is the art. 10-bis window for the applicant's observations.
	ObservationDays = 10
)

// SuspensionRules limits the art. 2 c.7 suspension that an integration
// request starts. The law allows one suspension of at most 30 days; a service
// may be stricter.
type SuspensionRules struct {
	// MaxDays caps the suspension; zero means 30, more than 30 is invalid.
	MaxDays int
	// Disabled: integration requests never suspend the term.
	Disabled bool
}

// Max is the cap in days, applying the default.
func (r SuspensionRules) Max() int {
	if r.MaxDays == 0 {
		return MaxSuspensionDays
	}
	return r.MaxDays
}

// Window is an opening window; a zero From or To is unbounded.
type Window struct {
	From, To time.Time
}

// Contains reports whether t falls in [From, To).
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// ServicePage is the service page's content, in the Modello Comuni order (C.SI.1.3).
// The texts are Italian and may hold Markdown.
type ServicePage struct {
	Summary      string   // Descrizione breve
	Who          string   // A chi è rivolto
	Description  string   // Descrizione
	HowTo        string   // Come fare
	WhatYouNeed  string   // Cosa serve
	WhatYouGet   string   // Cosa si ottiene
	Times        string   // Tempi e scadenze (the maximum term is added from TermDays)
	Costs        string   // Quanto costa
	Access       string   // Accedere al servizio
	SpecialCases string   // Casi particolari
	Conditions   string   // Condizioni di servizio
	MoreInfo     string   // Ulteriori informazioni
	Contacts     string   // Contatti
	Topics       []string // Argomenti (controlled vocabulary, C.SI.1.5)
	Coverage     string   // Copertura geografica
}

// Category is a Modello Comuni service category ("Categorie dei servizi").
type Category string

// The Modello Comuni service categories.
const (
	CategoryRegistry    Category = "anagrafe-e-stato-civile"
	CategoryCulture     Category = "cultura-e-tempo-libero"
	CategoryWork        Category = "vita-lavorativa"
	CategoryBusiness    Category = "imprese-e-commercio"
	CategoryProcurement Category = "appalti-pubblici"
	CategoryLand        Category = "catasto-e-urbanistica"
	CategoryTourism     Category = "turismo"
	CategoryMobility    Category = "mobilita-e-trasporti"
	CategoryEducation   Category = "educazione-e-formazione"
	CategoryJustice     Category = "giustizia-e-sicurezza-pubblica"
	CategoryTaxes       Category = "tributi-finanze-e-contravvenzioni"
	CategoryEnvironment Category = "ambiente"
	CategoryHealth      Category = "salute-benessere-e-assistenza"
	CategoryPermits     Category = "autorizzazioni"
	CategoryAgriculture Category = "agricoltura-e-pesca"
)

var categoryLabels = map[Category]string{
	CategoryRegistry:    "Anagrafe e stato civile",
	CategoryCulture:     "Cultura e tempo libero",
	CategoryWork:        "Vita lavorativa",
	CategoryBusiness:    "Imprese e commercio",
	CategoryProcurement: "Appalti pubblici",
	CategoryLand:        "Catasto e urbanistica",
	CategoryTourism:     "Turismo",
	CategoryMobility:    "Mobilità e trasporti",
	CategoryEducation:   "Educazione e formazione",
	CategoryJustice:     "Giustizia e sicurezza pubblica",
	CategoryTaxes:       "Tributi, finanze e contravvenzioni",
	CategoryEnvironment: "Ambiente",
	CategoryHealth:      "Salute, benessere e assistenza",
	CategoryPermits:     "Autorizzazioni",
	CategoryAgriculture: "Agricoltura e pesca",
}

// Label is the category's Italian name; empty for an unknown category.
func (c Category) Label() string { return categoryLabels[c] }

// AccessLevel is the authentication a service requires.
type AccessLevel int

// Access levels, from weakest to strongest. SPID levels are satisfied by SPID
// at that level or higher and by CIE at any level at least as high; AccessCIE
// requires "Entra con CIE".
const (
	AccessAnonymous AccessLevel = iota
	AccessSPIDL1
	AccessSPIDL2
	AccessSPIDL3
	AccessCIE
)

// Allows reports whether an applicant authenticated as a may use a service
// at level l.
func (l AccessLevel) Allows(a Applicant) bool {
	switch l {
	case AccessAnonymous:
		return true
	case AccessCIE:
		return a.Method == MethodCIE
	case AccessSPIDL1, AccessSPIDL2, AccessSPIDL3:
		return (a.Method == MethodSPID || a.Method == MethodCIE) && a.Level >= int(l)
	}
	return false
}

// PaymentMode says whether and when the citizen pays (OpenCity's paymentRequired).
type PaymentMode int

// Payment modes.
const (
	PaymentNone     PaymentMode = iota // nothing to pay
	PaymentUpfront                     // pay before the application is submitted
	PaymentDeferred                    // the office asks for a payment while processing
)

// Payment is the service's fee.
type Payment struct {
	Mode PaymentMode
	// Amount in euro cents; required for upfront payments, a default for
	// deferred ones (the operator states the amount when asking).
	Amount int64
	// Taxonomy is the pagoPA taxonomy code ("9/0101108TS/") of the collection.
	Taxonomy string
	// Reason is the payment's causale shown to the citizen.
	Reason string
}
