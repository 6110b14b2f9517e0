package instance

import (
	"time"
)

// Action is a verb of the state machine (OpenCity's API transitions: submit,
// register, assign, request_integration, accept, reject, withdraw...).
type Action string

// Actions.
const (
	ActionSubmit             Action = "submit"              // citizen sends the draft
	ActionConfirmPayment     Action = "confirm_payment"     // pagoPA receipt arrived
	ActionFailPayment        Action = "fail_payment"        // payment failed or expired
	ActionRegister           Action = "register"            // protocol registration of the application or integration
	ActionTake               Action = "take"                // operator takes it in charge
	ActionRequestIntegration Action = "request_integration" // operator asks for documents (art. 2 c.7)
	ActionStartIntegration   Action = "start_integration"   // citizen opens the integration draft
	ActionSubmitIntegration  Action = "submit_integration"  // citizen sends the integration
	ActionRequestPayment     Action = "request_payment"     // operator asks for a deferred payment
	ActionNoticeRejection    Action = "notice_rejection"    // preavviso di rigetto (art. 10-bis)
	ActionSubmitObservations Action = "submit_observations" // citizen's observations within 10 days
	ActionAccept             Action = "accept"              // operator accepts, with the outcome document
	ActionReject             Action = "reject"              // operator rejects, with reasons and document
	ActionRegisterOutcome    Action = "register_outcome"    // protocol registration of the outcome document
	ActionSilenceConsent     Action = "silence_consent"     // term passed on a silence-means-consent service (art. 20)
	ActionWithdraw           Action = "withdraw"            // citizen withdraws
	ActionRevoke             Action = "revoke"              // administration annuls
	ActionReopen             Action = "reopen"              // operator reopens a closed application
)

// Actions lists every action.
var Actions = []Action{
	ActionSubmit, ActionConfirmPayment, ActionFailPayment, ActionRegister, ActionTake,
	ActionRequestIntegration, ActionStartIntegration, ActionSubmitIntegration, ActionRequestPayment,
	ActionNoticeRejection, ActionSubmitObservations, ActionAccept, ActionReject, ActionRegisterOutcome,
	ActionSilenceConsent, ActionWithdraw, ActionRevoke, ActionReopen,
}

// Needs is what a transition requires of its [Command], as a bit set.
type Needs uint8

// Requirements.
const (
	NeedReason       Needs = 1 << iota // a non-blank Reason
	NeedDocument                       // a Document with its SHA-256
	NeedAmount                         // a positive Amount in cents
	NeedRegistration                   // a protocol Registration
	NeedPaymentRef                     // a PaymentRef (IUV or receipt)
)

// Cond is a condition on the service's settings under which a rule applies,
// as a bit set: every bit must hold.
type Cond uint16

// Conditions.
const (
	IfProtocol     Cond = 1 << iota // Service.ProtocolRequired
	IfNoProtocol                    // !Service.ProtocolRequired
	IfUpfront                       // upfront payment
	IfNoUpfront                     // no upfront payment
	IfDeferred                      // deferred payment
	IfIntegration                   // Service.AllowIntegration
	IfWithdraw                      // Service.AllowWithdraw
	IfReopen                        // Service.AllowReopening
	IfSilence                       // Service.SilenceMeansConsent
	IfNoticeExempt                  // Service.RejectionNoticeExempt
)

// holds reports whether every condition of c holds for svc.
func (c Cond) holds(svc *Service) bool {
	checks := [...]struct {
		bit Cond
		ok  bool
	}{
		{IfProtocol, svc.ProtocolRequired}, {IfNoProtocol, !svc.ProtocolRequired},
		{IfUpfront, svc.Payment.Mode == PaymentUpfront}, {IfNoUpfront, svc.Payment.Mode != PaymentUpfront},
		{IfDeferred, svc.Payment.Mode == PaymentDeferred}, {IfIntegration, svc.AllowIntegration},
		{IfWithdraw, svc.AllowWithdraw}, {IfReopen, svc.AllowReopening},
		{IfSilence, svc.SilenceMeansConsent}, {IfNoticeExempt, svc.RejectionNoticeExempt},
	}
	for _, k := range checks {
		if c&k.bit != 0 && !k.ok {
			return false
		}
	}
	return true
}

// Rule is one entry of the transition whitelist.
type Rule struct {
	From   State
	Action Action
	To     State
	Actor  ActorKind
	Needs  Needs
	If     Cond
}

// Rules is the whitelist of transitions: any (state, action) not listed, or
// listed only under conditions the service does not meet, is refused with
// [ErrTransition]. Where an action leads to different states depending on the
// service (accept with or without protocol), it has one rule per condition.
var Rules = buildRules()

func buildRules() []Rule {
	r := []Rule{
		{StateDraft, ActionSubmit, StateSubmitted, ActorCitizen, 0, IfNoUpfront},
		{StateDraft, ActionSubmit, StatePaymentPending, ActorCitizen, 0, IfUpfront},
		{StateDraft, ActionWithdraw, StateWithdrawn, ActorCitizen, 0, 0},
		{StatePaymentPending, ActionConfirmPayment, StateSubmitted, ActorSystem, NeedPaymentRef, 0},
		{StatePaymentPending, ActionFailPayment, StateDraft, ActorSystem, NeedReason, 0},
		{StateSubmitted, ActionRegister, StateRegistered, ActorSystem, NeedRegistration, IfProtocol},
		{StateSubmitted, ActionTake, StateInCharge, ActorOperator, 0, IfNoProtocol},
		{StateRegistered, ActionTake, StateInCharge, ActorOperator, 0, 0},
		{StateInCharge, ActionRequestIntegration, StateIntegrationRequested, ActorOperator, NeedReason, IfIntegration},
		{StateIntegrationRequested, ActionStartIntegration, StateIntegrationDraft, ActorCitizen, 0, 0},
		{StateIntegrationRequested, ActionSubmitIntegration, StateIntegrationSubmitted, ActorCitizen, 0, 0},
		{StateIntegrationDraft, ActionSubmitIntegration, StateIntegrationSubmitted, ActorCitizen, 0, 0},
		{StateIntegrationSubmitted, ActionRegister, StateIntegrationRegistered, ActorSystem, NeedRegistration, IfProtocol},
		{StateIntegrationSubmitted, ActionTake, StateInCharge, ActorOperator, 0, IfNoProtocol},
		{StateIntegrationRegistered, ActionTake, StateInCharge, ActorOperator, 0, 0},
		{StateInCharge, ActionRequestPayment, StateAwaitingPayment, ActorOperator, NeedAmount, IfDeferred},
		{StateAwaitingPayment, ActionConfirmPayment, StateInCharge, ActorSystem, NeedPaymentRef, 0},
		{StateInCharge, ActionNoticeRejection, StateRejectionNotice, ActorOperator, NeedReason, 0},
		{StateRejectionNotice, ActionSubmitObservations, StateObservations, ActorCitizen, NeedReason, 0},
		{StateAcceptedPending, ActionRegisterOutcome, StateAccepted, ActorSystem, NeedRegistration, 0},
		{StateRejectedPending, ActionRegisterOutcome, StateRejected, ActorSystem, NeedRegistration, 0},
	}
	decide := func(from State, reject, exemptOnly bool) {
		needs, to, toPending, act, cond := NeedDocument, StateAccepted, StateAcceptedPending, ActionAccept, Cond(0)
		if reject {
			needs, to, toPending, act = NeedDocument|NeedReason, StateRejected, StateRejectedPending, ActionReject
		}
		if exemptOnly {
			cond = IfNoticeExempt
		}
		r = append(r,
			Rule{from, act, toPending, ActorOperator, needs, cond | IfProtocol},
			Rule{from, act, to, ActorOperator, needs, cond | IfNoProtocol})
	}
	decide(StateInCharge, false, false)
	decide(StateInCharge, true, true) // art. 10-bis: rejection needs the notice first
	for _, s := range []State{StateRejectionNotice, StateObservations} {
		decide(s, false, false)
		decide(s, true, false)
	}
	for _, s := range []State{StateSubmitted, StateRegistered, StateInCharge, StateIntegrationSubmitted,
		StateIntegrationRegistered, StateRejectionNotice, StateObservations} {
		r = append(r, Rule{s, ActionSilenceConsent, StateAcceptedBySilence, ActorSystem, 0, IfSilence})
	}
	// Withdrawal: not while an application awaits its protocol (OpenCity's rule).
	r = append(r,
		Rule{StateSubmitted, ActionWithdraw, StateWithdrawn, ActorCitizen, 0, IfWithdraw | IfNoProtocol},
		Rule{StateIntegrationSubmitted, ActionWithdraw, StateWithdrawn, ActorCitizen, 0, IfWithdraw | IfNoProtocol})
	for _, s := range []State{StateRegistered, StateInCharge, StateAwaitingPayment, StateIntegrationRequested,
		StateIntegrationDraft, StateIntegrationRegistered, StateRejectionNotice, StateObservations} {
		r = append(r, Rule{s, ActionWithdraw, StateWithdrawn, ActorCitizen, 0, IfWithdraw})
	}
	for _, s := range []State{StateSubmitted, StateRegistered, StateInCharge, StateAwaitingPayment,
		StateIntegrationRequested, StateIntegrationDraft, StateIntegrationSubmitted, StateIntegrationRegistered,
		StateRejectionNotice, StateObservations, StateAccepted, StateAcceptedBySilence} {
		r = append(r, Rule{s, ActionRevoke, StateRevoked, ActorOperator, NeedReason, 0})
	}
	for _, s := range []State{StateAccepted, StateAcceptedBySilence, StateRejected, StateWithdrawn} {
		r = append(r, Rule{s, ActionReopen, StateInCharge, ActorOperator, NeedReason, IfReopen})
	}
	return r
}

// RulesFor returns the rules of the whitelist for a state and action, under
// any condition.
func RulesFor(from State, action Action) []Rule {
	var out []Rule
	for _, r := range Rules {
		if r.From == from && r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// Allowed returns the actions an actor of kind k could take on an
// application in state s of svc (to draw buttons); guards that depend on the
// application (its applicant, windows, deadlines) are checked by Apply.
func Allowed(svc *Service, s State, k ActorKind) []Action {
	var out []Action
	for _, r := range Rules {
		if r.From == s && r.Actor == k && r.If.holds(svc) {
			out = append(out, r.Action)
		}
	}
	return out
}

// Command asks for a transition.
type Command struct {
	Action Action
	Actor  Actor
	// At is when the action happens; zero means the store's or desk's now.
	At     time.Time
	Reason string
	// Document is the outcome document (accept, reject) or the act that goes
	// with a request (integration, notice).
	Document *Attachment
	// Amount in euro cents, for a deferred payment request.
	Amount int64
	// Registration is the protocol registration, for the register actions;
	// other actions may carry one for their document.
	Registration *Registration
	// PaymentRef is the IUV or receipt of a confirmed payment.
	PaymentRef string
	// Data and Attachments carry an integration's new values and files.
	Data        map[string]string
	Attachments []Attachment
}
