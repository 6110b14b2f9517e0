package instance

import (
	"maps"
	"time"
)

// EventKind classifies events.
type EventKind string

// Event kinds. Hosts react to them (App IO messages, e-mails, KPIs) by
// draining the outbox ([Outbox]) or through [Config.OnEvent].
const (
	EventCreated      EventKind = "created"       // a draft was started
	EventDraftSaved   EventKind = "draft_saved"   // a draft step was saved
	EventAttached     EventKind = "attached"      // a file was attached to the draft
	EventTransition   EventKind = "transition"    // the state changed (see Action, From, To)
	EventMessage      EventKind = "message"       // a communication was sent or received
	EventDeadlineNear EventKind = "deadline_near" // the legal deadline is near
	// EventDeadlineMoved: the stored deadline was brought up to date without
	// a transition (the art. 10-bis window closed without observations).
	EventDeadlineMoved EventKind = "deadline_moved"
	// EventSurvey: the applicant answered the satisfaction survey
	// (C.SE.1.7; see [Desk.Rate]).
	EventSurvey EventKind = "survey"
)

// Event is one entry of an application's append-only log: who did what, when,
// from which state to which, why, with a small payload. It is the history the
// citizen sees (C.SE.1.9), the KPI source, and the audit trail.
type Event struct {
	// Seq is the store's global sequence number, increasing in commit order.
	Seq           int64
	ApplicationID string
	// Version is the application's version after the event.
	Version int64
	Kind    EventKind
	Action  Action
	From    State
	To      State
	Actor   Actor
	At      time.Time
	Reason  string
	// Payload holds kind-specific details (protocol number, amount, document
	// hash, deadline); never personal data beyond what the event needs.
	Payload map[string]string
}

// Submitted reports whether the event is the submission that the citizen's
// receipt (C.SE.1.2) acknowledges.
func (e Event) Submitted() bool {
	return e.Kind == EventTransition && e.To == StateSubmitted &&
		(e.Action == ActionSubmit || e.Action == ActionConfirmPayment)
}

// StateChanged reports whether the event changed the application's state.
func (e Event) StateChanged() bool { return e.Kind == EventTransition && e.From != e.To }

// Clone copies the payload.
func (e Event) Clone() Event {
	e.Payload = maps.Clone(e.Payload)
	return e
}
