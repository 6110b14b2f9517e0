package instance_test

import (
	"strings"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

const (
	mario  = "RSSMRA85T10A562S" // applicant
	gianni = "BNCGVN80A01H501J" // another citizen
	comune = "02438750586"
)

var (
	// t0 is a Wednesday morning in Rome.
	t0       = time.Date(2026, time.March, 4, 10, 0, 0, 0, workday.Rome())
	hash     = strings.Repeat("ab", 32)
	document = &instance.Attachment{Name: "esito.pdf", MIME: "application/pdf", Size: 10, SHA256: hash, Key: hash}
)

func applicant() instance.Applicant {
	return instance.Applicant{FiscalCode: mario, GivenName: "Mario", FamilyName: "Rossi",
		Email: "mario.rossi@example.it", Method: instance.MethodSPID, Level: 2}
}

func operator() instance.Actor { return instance.Operator("op1", "Anna Operatrice", "ufficio") }

// serviceFor returns a minimal valid service meeting every condition of c.
func serviceFor(c instance.Cond) *instance.Service {
	s := &instance.Service{
		ID: "prova", Title: "Servizio di prova", Category: instance.CategoryRegistry, Office: "ufficio",
		Access: instance.AccessSPIDL2, Classification: instance.Classification{Title: instance.TitleGeneral, Class: 1},
	}
	if c&instance.IfProtocol != 0 {
		s.ProtocolRequired = true
	}
	if c&instance.IfUpfront != 0 {
		s.Payment = instance.Payment{Mode: instance.PaymentUpfront, Amount: 1600, Taxonomy: "9/0101109AP/"}
	}
	if c&instance.IfDeferred != 0 {
		s.Payment = instance.Payment{Mode: instance.PaymentDeferred, Taxonomy: "9/0101109AP/"}
	}
	s.AllowIntegration = c&instance.IfIntegration != 0
	s.AllowWithdraw = c&instance.IfWithdraw != 0
	s.AllowReopening = c&instance.IfReopen != 0
	s.SilenceMeansConsent = c&instance.IfSilence != 0
	s.RejectionNoticeExempt = c&instance.IfNoticeExempt != 0
	return s
}

// appIn builds an application in state st as of now, with the records a
// state implies: received long ago (so the term has passed), a running
// art. 10-bis notice whose window closed, unpaid payments where one is due.
func appIn(st instance.State, now time.Time) *instance.Application {
	today := workday.DateOf(now)
	a := &instance.Application{
		ID: "app-1", ServiceID: "prova", Office: "ufficio", State: st, Version: 1,
		Applicant: applicant(), Data: map[string]string{}, CreatedAt: now.AddDate(0, 0, -100),
	}
	if st != instance.StateDraft && st != instance.StatePaymentPending {
		a.SubmittedAt, a.ReceivedAt, a.TermDays = now.AddDate(0, 0, -100), now.AddDate(0, 0, -100), 30
	}
	switch st {
	case instance.StatePaymentPending, instance.StateAwaitingPayment:
		a.Payments = []instance.PaymentRecord{{Amount: 1600, RequestedAt: now.AddDate(0, 0, -1)}}
	case instance.StateRejectionNotice:
		a.Suspensions = []instance.Suspension{{Basis: instance.SuspendRejectionNotice, From: today.AddDays(-11)}}
	case instance.StateObservations:
		a.Suspensions = []instance.Suspension{{Basis: instance.SuspendRejectionNotice, From: today.AddDays(-15), Until: today.AddDays(-5)}}
	case instance.StateIntegrationRequested, instance.StateIntegrationDraft:
		a.Suspensions = []instance.Suspension{{Basis: instance.SuspendIntegration, From: today.AddDays(-3)}}
	}
	return a
}

// fullCommand returns a command for rule r that satisfies every need.
func fullCommand(r instance.Rule, now time.Time) instance.Command {
	cmd := instance.Command{Action: r.Action, At: now, Reason: "motivazione", Document: document, Amount: 2500,
		Registration: &instance.Registration{Number: 7, Year: 2026, Date: now, AOO: "AOO1"}, PaymentRef: "RF123"}
	switch r.Actor {
	case instance.ActorCitizen:
		cmd.Actor = instance.Citizen(applicant())
	case instance.ActorOperator:
		cmd.Actor = operator()
	default:
		cmd.Actor = instance.System("test")
	}
	return cmd
}
