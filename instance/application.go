package instance

import (
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/workday"
)

// Application is an istanza (pratica): a citizen's request to a [Service], from
// its draft to its decision. Change it only through [Application.Apply] (and
// the draft helpers) inside [Store.Update], so that every change is an [Event].
type Application struct {
	ID string
	// Municipality is the Comune's fiscal code, so that one store can serve
	// several Comuni.
	Municipality string
	ServiceID    string
	// Office is copied from the service when the draft starts, for worklists.
	Office string
	// ProtocolRequired is copied from the service when the draft starts, so
	// that worklists tell applications waiting for the protocol from those
	// an operator can take in charge.
	ProtocolRequired bool
	State            State
	Version          int64

	Applicant   Applicant
	Beneficiary *Person
	// Data holds the form's values by field name; Step is the last step the
	// citizen saved, where the wizard resumes (C.SE.1.6).
	Data        map[string]string
	Step        string
	Attachments []Attachment

	CreatedAt   time.Time
	UpdatedAt   time.Time
	SubmittedAt time.Time
	// ReceivedAt starts the legal clock: the submission or the protocol
	// registration, as the [Clock]'s policy says (art. 2 c.6).
	ReceivedAt time.Time
	TermDays   int // the service's term when the application was received
	TakenAt    time.Time
	Assignee   string // operator who took it in charge
	DecidedAt  time.Time
	// Reason is the motivation of the outcome (esito), of a revocation or a
	// withdrawal.
	Reason string
	// Outcome is the decision's document (provvedimento), if any.
	OutcomeDocument *Attachment

	Suspensions       []Suspension
	IntegrationRounds int
	Registrations     []Registration
	Dossier           *Dossier
	Messages          []Message
	Payments          []PaymentRecord

	// Deadline is the legal deadline as last computed (zero for drafts);
	// stored so that worklists can filter on it.
	Deadline workday.Date
	// NearNotified is the deadline that the last [EventDeadlineNear]
	// announced; when a suspension moves the deadline, the event is sent
	// again for the new one.
	NearNotified workday.Date
}

// Attachment is a file stored in a [BlobStore], identified by its SHA-256.
type Attachment struct {
	Field  string // the form field, empty for documents outside the form
	Name   string // the file name as uploaded
	MIME   string
	Size   int64
	SHA256 string // hex
	Key    string // the BlobStore key
}

// Suspension is a period in which the legal term does not run. From is the day
// the suspending act is issued; Until is the day the term runs again (zero
// while open). The days after From up to and including Until are suspended.
type Suspension struct {
	Basis  SuspensionBasis
	From   workday.Date
	Until  workday.Date
	Reason string
}

// SuspensionBasis is the legal basis of a suspension.
type SuspensionBasis string

// Legal bases of suspensions.
const (
	// SuspendIntegration: art. 2 c.7, a request for information or documents
	// not held by the administration; once, at most 30 days.
	SuspendIntegration SuspensionBasis = "art2c7"
	// SuspendRejectionNotice: art. 10-bis, the notice of intended rejection;
	// the term runs again 10 days after the observations, or when the 10-day
	// window ends without them.
	SuspendRejectionNotice SuspensionBasis = "art10bis"
	// SuspendClosed: the application was closed (decided, withdrawn) and
	// then reopened; the term does not run while it was closed, so the
	// reopened procedure has the days that were left.
	SuspendClosed SuspensionBasis = "closed"
)

// Message is a communication between the office and the citizen about an
// application (the brochure's "comunicazioni inviate / ricevute").
type Message struct {
	ID          string
	Direction   Direction // Incoming: from the citizen; Outgoing: from the office
	From        Actor
	Subject     string
	Body        string
	Attachments []Attachment
	At          time.Time
	// Registration is the protocol registration, when the service requires it.
	Registration *Registration
}

// PaymentRecord is a payment asked for or made on an application.
type PaymentRecord struct {
	Amount      int64 // euro cents
	Reason      string
	RequestedAt time.Time
	PaidAt      time.Time
	Reference   string // the IUV or receipt identifier
}

// Paid reports whether any payment was made (withdrawal is then refused).
func (a *Application) Paid() bool {
	return slices.ContainsFunc(a.Payments, func(p PaymentRecord) bool { return !p.PaidAt.IsZero() })
}

// Protocol is the application's own registration (the first incoming
// document), if any.
func (a *Application) Protocol() (Registration, bool) {
	for _, r := range a.Registrations {
		if r.Kind == DocApplication {
			return r, true
		}
	}
	return Registration{}, false
}

// isApplicant reports whether actor is the citizen who applied.
func (a *Application) isApplicant(actor Actor) bool {
	return actor.Kind == ActorCitizen && fiscalcode.Normalize(actor.ID) == fiscalcode.Normalize(a.Applicant.FiscalCode)
}

// Status is the citizen-facing status.
func (a *Application) Status() Status { return a.State.Status() }

// BeneficiaryCode is the beneficiary's fiscal code, or the applicant's.
func (a *Application) BeneficiaryCode() string {
	if a.Beneficiary != nil && a.Beneficiary.FiscalCode != "" {
		return a.Beneficiary.FiscalCode
	}
	return a.Applicant.FiscalCode
}

// LogValue identifies the application without personal data.
func (a *Application) LogValue() slog.Value {
	return slog.GroupValue(slog.String("id", a.ID), slog.String("service", a.ServiceID),
		slog.String("state", string(a.State)), slog.Int64("version", a.Version),
		slog.String("applicant", fiscalcode.Mask(a.Applicant.FiscalCode)))
}

// String identifies the application for logs without personal data.
func (a *Application) String() string {
	return fmt.Sprintf("application %s (%s, %s, v%d)", a.ID, a.ServiceID, a.State, a.Version)
}

// Clone returns a deep copy, so that stores never share memory with callers.
func (a *Application) Clone() *Application {
	c := *a
	c.Data = maps.Clone(a.Data)
	c.Attachments = slices.Clone(a.Attachments)
	c.Suspensions = slices.Clone(a.Suspensions)
	c.Registrations = slices.Clone(a.Registrations)
	for i := range c.Registrations {
		c.Registrations[i].Attachments = slices.Clone(c.Registrations[i].Attachments)
	}
	c.Payments = slices.Clone(a.Payments)
	if a.Beneficiary != nil {
		b := *a.Beneficiary
		c.Beneficiary = &b
	}
	if a.OutcomeDocument != nil {
		d := *a.OutcomeDocument
		c.OutcomeDocument = &d
	}
	if a.Dossier != nil {
		d := *a.Dossier
		c.Dossier = &d
	}
	if a.Messages != nil {
		c.Messages = make([]Message, len(a.Messages))
		for i, m := range a.Messages {
			m.Attachments = slices.Clone(m.Attachments)
			if m.Registration != nil {
				r := *m.Registration
				r.Attachments = slices.Clone(r.Attachments)
				m.Registration = &r
			}
			c.Messages[i] = m
		}
	}
	return &c
}

// Row is an application as a list shows it: the brochure's "Elenco pratiche"
// and the back office's table. It is a value: cheap to copy and sort.
type Row struct {
	Municipality string // the Comune's fiscal code
	ID           string
	ServiceID    string
	Office       string
	// ProtocolRequired: the application waits for the protocol before an
	// operator can take it in charge.
	ProtocolRequired bool
	State            State
	Status           Status
	Applicant        string // the applicant's full name
	FiscalCode       string // the applicant's fiscal code
	Beneficiary      string // the beneficiary's fiscal code, if any
	Assignee         string
	CreatedAt        time.Time
	SubmittedAt      time.Time
	UpdatedAt        time.Time
	Deadline         workday.Date
	// WaitingUntil is the last day on which the citizen's move is awaited,
	// where the law limits it (the art. 10-bis window for observations);
	// zero when no such limit runs. Worklists compare it with their Today
	// (see [Row.WaitingForCitizen]).
	WaitingUntil workday.Date
	Protocol     string // "0000242/2019", if registered
	Dossier      string // the dossier's identifier, if filed
	Version      int64
}

// WaitingForCitizen reports whether, on day today, the next move is the
// citizen's: the state waits for them and any legal window for it
// (WaitingUntil) is still open. Once the art. 10-bis window closes, the
// application is back before its operator, ready for the decision.
func (r Row) WaitingForCitizen(today workday.Date) bool {
	return r.State.WaitingForCitizen() && (r.WaitingUntil.IsZero() || !today.After(r.WaitingUntil))
}

// Row returns the application's list row.
func (a *Application) Row() Row {
	r := Row{
		ID: a.ID, Municipality: a.Municipality, ServiceID: a.ServiceID, Office: a.Office, ProtocolRequired: a.ProtocolRequired,
		State: a.State, Status: a.State.Status(),
		Applicant: a.Applicant.FullName(), FiscalCode: a.Applicant.FiscalCode, Assignee: a.Assignee,
		CreatedAt: a.CreatedAt, SubmittedAt: a.SubmittedAt, UpdatedAt: a.UpdatedAt,
		Deadline: a.Deadline, Version: a.Version,
	}
	if a.Beneficiary != nil {
		r.Beneficiary = a.Beneficiary.FiscalCode
	}
	if n, ok := a.openSuspension(SuspendRejectionNotice); ok && a.State == StateRejectionNotice {
		r.WaitingUntil = a.Suspensions[n].From.AddDays(ObservationDays)
	}
	if p, ok := a.Protocol(); ok {
		r.Protocol = p.String()
	}
	if a.Dossier != nil {
		r.Dossier = a.Dossier.ID
	}
	return r
}
