package instance

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Apply makes the transition cmd asks for, if the whitelist ([Rules]) allows
// it for the application's state and svc's settings, the actor may make it and
// the command carries what it needs; it updates the application (state, dates,
// suspensions, registrations, payments, deadline) and returns the event to
// append. On error the application is unchanged. clk computes the deadline
// and the silence-means-consent guard; its zero value will do.
//
// Errors wrap [ErrTransition], [ErrForbidden] or [ErrRequirement].
func (a *Application) Apply(svc *Service, cmd Command, clk Clock) (Event, error) {
	if cmd.At.IsZero() {
		cmd.At = time.Now()
	}
	rule, err := a.rule(svc, cmd)
	if err != nil {
		return Event{}, err
	}
	if err := a.guard(svc, cmd, clk); err != nil {
		return Event{}, err
	}
	ev := Event{
		ApplicationID: a.ID, Kind: EventTransition, Action: cmd.Action, From: a.State, To: rule.To,
		Actor: cmd.Actor, At: cmd.At.UTC(), Reason: strings.TrimSpace(cmd.Reason), Payload: map[string]string{},
	}
	a.effects(svc, cmd, rule, clk, ev.Payload)
	a.State = rule.To
	a.UpdatedAt = ev.At
	if d := a.Dossier; d != nil && d.Scope == DossierPerApplication {
		switch {
		case rule.To.Final() && rule.To != StateAcceptedPending && rule.To != StateRejectedPending:
			d.ClosedAt = ev.At
			ev.Payload["dossier_closed"] = d.ID
		case cmd.Action == ActionReopen:
			d.ClosedAt = time.Time{}
			ev.Payload["dossier_reopened"] = d.ID
		}
	}
	if !a.ReceivedAt.IsZero() {
		t := clk.Timing(a, svc, cmd.At)
		a.Deadline = t.Deadline
		ev.Payload["deadline"] = a.Deadline.String()
		if cmd.Action == ActionAccept || cmd.Action == ActionReject {
			stampLate(ev.Payload, t, svc, cmd.Actor)
		}
	}
	return ev, nil
}

// stampLate records in a decision's payload, when it is late, the statement
// art. 2 c.9-quinquies L. 241/1990 requires (legal term and time actually
// taken), the days late and who decided late, so that the outcome document,
// the citizen's message and the annual report of late procedures (c.9-quater)
// read them from the event.
func stampLate(payload map[string]string, t Timing, svc *Service, by Actor) {
	if t.Late <= 0 {
		return
	}
	payload["late_statement"] = t.LateStatement(svc.Source())
	payload["late_days"] = strconv.Itoa(t.Late)
	payload["late_by"] = by.ID
	payload["term_days"] = strconv.Itoa(t.TermDays)
	payload["days_taken"] = strconv.Itoa(t.Gross)
}

// rule finds the whitelisted rule and checks the actor.
func (a *Application) rule(svc *Service, cmd Command) (Rule, error) {
	var found bool
	for _, r := range Rules {
		if r.From != a.State || r.Action != cmd.Action {
			continue
		}
		found = true
		if !r.If.holds(svc) {
			continue
		}
		if err := a.authorize(svc, r, cmd.Actor); err != nil {
			return Rule{}, err
		}
		if err := cmd.satisfies(r.Needs); err != nil {
			return Rule{}, err
		}
		return r, nil
	}
	if found {
		return Rule{}, fmt.Errorf("instance: %s from %s: service %s does not allow it: %w", cmd.Action, a.State, svc.ID, ErrTransition)
	}
	return Rule{}, fmt.Errorf("instance: %s from %s: %w", cmd.Action, a.State, ErrTransition)
}

func (a *Application) authorize(svc *Service, r Rule, actor Actor) error {
	if actor.Kind != r.Actor {
		return fmt.Errorf("instance: %s: only the %s may do it, not the %s: %w", r.Action, r.Actor, actor.Kind, ErrForbidden)
	}
	switch actor.Kind {
	case ActorCitizen:
		if !a.isApplicant(actor) {
			return fmt.Errorf("instance: %s: %s is not the applicant: %w", r.Action, fiscalcode.Mask(actor.ID), ErrForbidden)
		}
	case ActorOperator:
		if !actor.InOffice(svc.Office) {
			return fmt.Errorf("instance: %s: operator %s is not in office %s: %w", r.Action, actor.ID, svc.Office, ErrForbidden)
		}
	}
	return nil
}

func (c Command) satisfies(n Needs) error {
	missing := func(what string) error {
		return fmt.Errorf("instance: %s requires %s: %w", c.Action, what, ErrRequirement)
	}
	switch {
	case n&NeedReason != 0 && strings.TrimSpace(c.Reason) == "":
		return missing("a reason")
	case n&NeedDocument != 0 && (c.Document == nil || !sha256Pattern.MatchString(c.Document.SHA256)):
		return missing("a document with its SHA-256")
	case n&NeedAmount != 0 && c.Amount <= 0:
		return missing("a positive amount")
	case n&NeedRegistration != 0 && (c.Registration == nil || c.Registration.Number <= 0):
		return missing("a protocol registration")
	case n&NeedPaymentRef != 0 && strings.TrimSpace(c.PaymentRef) == "":
		return missing("a payment reference")
	}
	return nil
}

// guard checks conditions that depend on the application and the clock.
func (a *Application) guard(svc *Service, cmd Command, clk Clock) error {
	today := workday.DateOf(cmd.At)
	switch {
	case cmd.Action == ActionWithdraw && a.Paid():
		return fmt.Errorf("instance: withdraw: a payment was made: %w", ErrTransition)
	case cmd.Action == ActionSubmitObservations:
		if n, ok := a.openSuspension(SuspendRejectionNotice); ok && today.After(a.Suspensions[n].From.AddDays(ObservationDays)) {
			return fmt.Errorf("instance: observations: the %d-day window closed: %w", ObservationDays, ErrRequirement)
		}
	case cmd.Action == ActionReject && a.State == StateRejectionNotice:
		if n, ok := a.openSuspension(SuspendRejectionNotice); ok && !today.After(a.Suspensions[n].From.AddDays(ObservationDays)) {
			return fmt.Errorf("instance: reject: the %d-day window for observations is still open: %w", ObservationDays, ErrRequirement)
		}
	case cmd.Action == ActionSubmitIntegration && len(cmd.Data) > 0:
		for name := range cmd.Data {
			if f, ok := svc.Field(name); !ok || f.Type == FieldFile {
				return fmt.Errorf("instance: integration: unknown field %q: %w", name, ErrInvalid)
			}
		}
		merged := maps.Clone(a.Data)
		if merged == nil {
			merged = map[string]string{}
		}
		maps.Copy(merged, cmd.Data)
		if err := svc.ValidateForm(merged, append(slices.Clip(a.Attachments), cmd.Attachments...), today); err != nil {
			return err
		}
	case cmd.Action == ActionSilenceConsent:
		if !clk.Timing(a, svc, cmd.At).SilenceConsent {
			return fmt.Errorf("instance: silence consent: the term has not passed: %w", ErrRequirement)
		}
	}
	return nil
}

// openSuspension returns the index of the last open suspension of a basis.
func (a *Application) openSuspension(b SuspensionBasis) (int, bool) {
	for i := len(a.Suspensions) - 1; i >= 0; i-- {
		if s := a.Suspensions[i]; s.Basis == b && s.Until.IsZero() {
			return i, true
		}
	}
	return 0, false
}

func (a *Application) hasSuspension(b SuspensionBasis) bool {
	for _, s := range a.Suspensions {
		if s.Basis == b {
			return true
		}
	}
	return false
}

// effects updates the application's records for the transition.
func (a *Application) effects(svc *Service, cmd Command, r Rule, clk Clock, payload map[string]string) {
	at := cmd.At.UTC()
	today := workday.DateOf(at)
	if cmd.Registration != nil {
		reg := *cmd.Registration
		if reg.Kind == "" {
			reg.Kind = documentKind(a.State, cmd.Action)
		}
		a.Registrations = append(a.Registrations, reg)
		payload["protocol"] = reg.String()
		if cmd.Action == ActionRegister && a.State == StateSubmitted && a.ReceivedAt.IsZero() {
			a.ReceivedAt = reg.Date.UTC() // ReceivedAtProtocol
		}
	}
	if d := cmd.Document; d != nil {
		payload["document_sha256"] = d.SHA256
	}
	a.Attachments = append(a.Attachments, cmd.Attachments...)
	if r.To == StateSubmitted {
		a.SubmittedAt, a.TermDays = at, svc.Term()
		if clk.Received == ReceivedAtSubmission || !svc.ProtocolRequired {
			a.ReceivedAt = at
		}
	}
	switch cmd.Action {
	case ActionSubmit:
		if r.To == StatePaymentPending {
			a.Payments = append(a.Payments, PaymentRecord{Amount: svc.Payment.Amount, Reason: svc.Payment.Reason, RequestedAt: at})
			payload["amount"] = strconv.FormatInt(svc.Payment.Amount, 10)
		}
	case ActionConfirmPayment:
		for i := len(a.Payments) - 1; i >= 0; i-- {
			if a.Payments[i].PaidAt.IsZero() {
				a.Payments[i].PaidAt, a.Payments[i].Reference = at, cmd.PaymentRef
				break
			}
		}
		payload["payment_ref"] = cmd.PaymentRef
	case ActionRequestPayment:
		a.Payments = append(a.Payments, PaymentRecord{Amount: cmd.Amount, Reason: cmd.Reason, RequestedAt: at})
		payload["amount"] = strconv.FormatInt(cmd.Amount, 10)
	case ActionTake, ActionReopen:
		a.TakenAt, a.Assignee = at, cmd.Actor.ID
		if cmd.Action == ActionReopen {
			if !a.DecidedAt.IsZero() {
				a.Suspensions = append(a.Suspensions, Suspension{Basis: SuspendClosed, From: workday.DateOf(a.DecidedAt), Until: today, Reason: cmd.Reason})
			}
			a.DecidedAt, a.OutcomeDocument, a.Reason = time.Time{}, nil, ""
		}
	case ActionRequestIntegration:
		a.IntegrationRounds++
		payload["round"] = strconv.Itoa(a.IntegrationRounds)
		suspends := !svc.Suspension.Disabled && !a.hasSuspension(SuspendIntegration)
		if suspends {
			a.Suspensions = append(a.Suspensions, Suspension{Basis: SuspendIntegration, From: today, Reason: cmd.Reason})
		}
		payload["suspends"] = strconv.FormatBool(suspends)
	case ActionSubmitIntegration:
		if n, ok := a.openSuspension(SuspendIntegration); ok {
			a.Suspensions[n].Until = today
		}
		if a.Data == nil {
			a.Data = map[string]string{}
		}
		maps.Copy(a.Data, cmd.Data)
	case ActionNoticeRejection:
		a.Suspensions = append(a.Suspensions, Suspension{Basis: SuspendRejectionNotice, From: today, Reason: cmd.Reason})
		payload["observations_until"] = today.AddDays(ObservationDays).String()
	case ActionSubmitObservations:
		if n, ok := a.openSuspension(SuspendRejectionNotice); ok {
			a.Suspensions[n].Until = today.AddDays(ObservationDays)
		}
	case ActionAccept, ActionReject, ActionSilenceConsent, ActionWithdraw, ActionRevoke:
		a.DecidedAt, a.Reason = at, strings.TrimSpace(cmd.Reason)
		if cmd.Document != nil {
			d := *cmd.Document
			a.OutcomeDocument = &d
		}
		if cmd.Action == ActionSilenceConsent {
			a.Reason = "Accolta per silenzio-assenso (art. 20 L. 241/1990)"
		}
		for i := range a.Suspensions { // the decision ends any running suspension
			s := &a.Suspensions[i]
			switch {
			case !s.Until.IsZero():
			case s.Basis == SuspendRejectionNotice && today.After(s.From.AddDays(ObservationDays)):
				s.Until = s.From.AddDays(ObservationDays) // the window ended without observations
			default:
				s.Until = today
			}
		}
	}
}

// documentKind is the kind of the document a transition's registration is for.
func documentKind(from State, action Action) DocumentKind {
	switch action {
	case ActionRegister:
		if from == StateSubmitted {
			return DocApplication
		}
		return DocIntegrationReply
	case ActionRequestIntegration:
		return DocIntegrationRequest
	case ActionSubmitIntegration:
		return DocIntegrationReply
	case ActionNoticeRejection:
		return DocRejectionNotice
	case ActionSubmitObservations:
		return DocObservations
	}
	return DocOutcome
}
