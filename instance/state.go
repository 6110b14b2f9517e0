package instance

// State is an application's internal state. The codes are stable strings, safe
// to store in a database column. Citizens see the coarser [Status] that
// [State.Status] projects (municipal-services.md §1.2).
type State string

// The internal states, after OpenCity's pratica machine (§1.1) plus the
// art. 10-bis notice of intended rejection and silence-means-consent.
const (
	StateDraft                 State = "draft"                  // Bozza
	StatePaymentPending        State = "payment_pending"        // In attesa di pagamento (upfront)
	StateSubmitted             State = "submitted"              // Acquisita
	StateRegistered            State = "registered"             // Protocollata
	StateInCharge              State = "in_charge"              // Presa in carico
	StateAwaitingPayment       State = "awaiting_payment"       // In attesa di pagamento (deferred)
	StateIntegrationRequested  State = "integration_requested"  // Richiesta integrazioni
	StateIntegrationDraft      State = "integration_draft"      // In attesa di integrazioni
	StateIntegrationSubmitted  State = "integration_submitted"  // Integrazioni in attesa di protocollazione
	StateIntegrationRegistered State = "integration_registered" // Integrazioni protocollate
	StateRejectionNotice       State = "rejection_notice"       // Preavviso di rigetto (art. 10-bis)
	StateObservations          State = "observations_received"  // Osservazioni presentate
	StateAcceptedPending       State = "accepted_pending"       // Accettata, esito in protocollazione
	StateAccepted              State = "accepted"               // Accettata
	StateAcceptedBySilence     State = "accepted_by_silence"    // Accolta per silenzio-assenso (art. 20)
	StateRejectedPending       State = "rejected_pending"       // Rifiutata, esito in protocollazione
	StateRejected              State = "rejected"               // Rifiutata
	StateWithdrawn             State = "withdrawn"              // Ritirata dal cittadino
	StateRevoked               State = "revoked"                // Annullata dall'amministrazione
)

// States lists every internal state, in the order of a typical life.
var States = []State{
	StateDraft, StatePaymentPending, StateSubmitted, StateRegistered, StateInCharge,
	StateAwaitingPayment, StateIntegrationRequested, StateIntegrationDraft,
	StateIntegrationSubmitted, StateIntegrationRegistered, StateRejectionNotice,
	StateObservations, StateAcceptedPending, StateAccepted, StateAcceptedBySilence,
	StateRejectedPending, StateRejected, StateWithdrawn, StateRevoked,
}

type stateInfo struct {
	label   string
	status  Status
	outcome Outcome
	// waiting: the next move is the citizen's.
	waiting bool
	// final: no decision is pending (reopening aside).
	final bool
}

var stateTable = map[State]stateInfo{
	StateDraft:                 {"Bozza", StatusDraft, OutcomeNone, false, false},
	StatePaymentPending:        {"In attesa di pagamento", StatusDraft, OutcomeNone, false, false},
	StateSubmitted:             {"Acquisita", StatusSent, OutcomeNone, false, false},
	StateRegistered:            {"Protocollata", StatusSent, OutcomeNone, false, false},
	StateInCharge:              {"Presa in carico", StatusProcessing, OutcomeNone, false, false},
	StateAwaitingPayment:       {"In attesa di pagamento", StatusProcessing, OutcomeNone, true, false},
	StateIntegrationRequested:  {"Richiesta integrazioni", StatusIntegration, OutcomeNone, true, false},
	StateIntegrationDraft:      {"In attesa di integrazioni", StatusIntegration, OutcomeNone, true, false},
	StateIntegrationSubmitted:  {"Integrazioni inviate", StatusProcessing, OutcomeNone, false, false},
	StateIntegrationRegistered: {"Integrazioni protocollate", StatusProcessing, OutcomeNone, false, false},
	StateRejectionNotice:       {"Preavviso di rigetto", StatusProcessing, OutcomeNone, true, false},
	StateObservations:          {"Osservazioni presentate", StatusProcessing, OutcomeNone, false, false},
	StateAcceptedPending:       {"Accettata", StatusDone, OutcomeAccepted, false, true},
	StateAccepted:              {"Accettata", StatusDone, OutcomeAccepted, false, true},
	StateAcceptedBySilence:     {"Accolta per silenzio-assenso", StatusDone, OutcomeAcceptedBySilence, false, true},
	StateRejectedPending:       {"Rifiutata", StatusDone, OutcomeRejected, false, true},
	StateRejected:              {"Rifiutata", StatusDone, OutcomeRejected, false, true},
	StateWithdrawn:             {"Ritirata", StatusWithdrawn, OutcomeWithdrawn, false, true},
	StateRevoked:               {"Annullata", StatusDone, OutcomeRevoked, false, true},
}

// Valid reports whether s is one of [States].
func (s State) Valid() bool { _, ok := stateTable[s]; return ok }

// Label is the state's Italian label for operators ("Presa in carico").
func (s State) Label() string { return stateTable[s].label }

// Status projects the internal state onto the citizen-facing status.
func (s State) Status() Status { return stateTable[s].status }

// Outcome is the decision the state stands for, [OutcomeNone] while pending.
func (s State) Outcome() Outcome { return stateTable[s].outcome }

// WaitingForCitizen reports whether the next move is the citizen's
// (integration, observations, a deferred payment).
func (s State) WaitingForCitizen() bool { return stateTable[s].waiting }

// Final reports whether the procedure has ended (accepted, rejected,
// withdrawn, revoked); reopening may still bring it back.
func (s State) Final() bool { return stateTable[s].final }

// Open reports whether the application is before the office: submitted and
// not yet decided. Drafts are not open.
func (s State) Open() bool {
	return s.Valid() && !s.Final() && s != StateDraft && s != StatePaymentPending
}

// Status is the citizen-facing state shown in the personal area and in the
// brochure's list of applications ("Elenco pratiche").
type Status string

// The six citizen-facing statuses.
const (
	StatusDraft       Status = "BOZZA"
	StatusSent        Status = "INVIATA"
	StatusProcessing  Status = "IN ELABORAZIONE"
	StatusIntegration Status = "INTEGRAZIONE RICHIESTA"
	StatusDone        Status = "ELABORATA"
	StatusWithdrawn   Status = "ANNULLATA DAL CITTADINO"
)

// Statuses lists the citizen-facing statuses in display order.
var Statuses = []Status{StatusDraft, StatusSent, StatusProcessing, StatusIntegration, StatusDone, StatusWithdrawn}

// Outcome is the result of a decided application.
type Outcome string

// Outcomes.
const (
	OutcomeNone              Outcome = ""
	OutcomeAccepted          Outcome = "accepted"
	OutcomeAcceptedBySilence Outcome = "accepted_by_silence"
	OutcomeRejected          Outcome = "rejected"
	OutcomeWithdrawn         Outcome = "withdrawn"
	OutcomeRevoked           Outcome = "revoked"
)

// Label is the outcome's Italian label for citizens.
func (o Outcome) Label() string {
	switch o {
	case OutcomeAccepted:
		return "Accolta"
	case OutcomeAcceptedBySilence:
		return "Accolta per silenzio-assenso"
	case OutcomeRejected:
		return "Respinta"
	case OutcomeWithdrawn:
		return "Ritirata dal cittadino"
	case OutcomeRevoked:
		return "Annullata dall'amministrazione"
	}
	return ""
}
