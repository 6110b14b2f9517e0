package instance_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// protocolledCertificate is the residence certificate of a Comune that also
// protocols it: paid upfront, then registered.
func protocolledCertificate() *instance.Service {
	s := instance.ResidenceCertificate()
	s.ProtocolRequired = true
	return s
}

// submitCertificate walks the certificate's wizard and submits it.
func (f *fixture) submitCertificate(t *testing.T) *instance.Application {
	t.Helper()
	ctx := t.Context()
	app := must(f.desk.Start(ctx, instance.ServiceResidenceCertificate, applicant()))
	app = f.fill(t, app, map[string]map[string]string{instance.StepConditions: consent, instance.StepDocuments: {"uso": "bollo"}})
	return must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
}

// TestUpfrontPaymentThenProtocol: a service paid upfront that requires the
// protocol is registered as soon as the payment is confirmed (not before: an
// unpaid application spends no number), and can then be taken in charge.
func TestUpfrontPaymentThenProtocol(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	protocol := &flakyProtocol{}
	f := newFixtureServices(t, []*instance.Service{protocolledCertificate()}, nil,
		func(p instance.Protocol) instance.Protocol { protocol.Protocol = p; return protocol })
	op := opOf("anagrafe")

	app := f.submitCertificate(t)
	if app.State != instance.StatePaymentPending || len(app.Registrations) != 0 || len(f.entries()) != 0 {
		t.Fatalf("after submit: %s, %d registrations, %d register lines", app.State, len(app.Registrations), len(f.entries()))
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("take before payment: %v", err)
	}
	f.now.Add(10 * time.Minute)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionConfirmPayment,
		Actor: instance.System("pagopa"), PaymentRef: "RF18000000000000000001"}))
	p, ok := app.Protocol()
	if app.State != instance.StateRegistered || !ok || p.String() != "0000001/2026" || p.Kind != instance.DocApplication ||
		p.Direction != instance.Incoming || !app.Paid() || app.ReceivedAt.IsZero() {
		t.Fatalf("after payment: %s %+v paid %v received %v", app.State, p, app.Paid(), app.ReceivedAt)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	if app.State != instance.StateInCharge || app.Assignee != "op1" {
		t.Fatalf("after take: %s", app.State)
	}
	var path []instance.State
	for _, e := range must(f.desk.Events(ctx, app.ID)) {
		if e.StateChanged() {
			path = append(path, e.To)
		}
	}
	want := []instance.State{instance.StatePaymentPending, instance.StateSubmitted, instance.StateRegistered, instance.StateInCharge}
	if len(path) != len(want) {
		t.Fatalf("path %v, want %v", path, want)
	}
	for i := range want {
		if path[i] != want[i] {
			t.Errorf("path %v, want %v", path, want)
			break
		}
	}

	// With the protocol down when the receipt arrives, the application is
	// paid and waits to be registered; the sweep registers it.
	late := f.submitCertificate(t)
	protocol.set(true)
	late = must(f.desk.Do(ctx, late.ID, late.Version, instance.Command{Action: instance.ActionConfirmPayment,
		Actor: instance.System("pagopa"), PaymentRef: "RF18000000000000000002"}))
	if late.State != instance.StateSubmitted || !late.Paid() {
		t.Fatalf("paid with the protocol down: %s", late.State)
	}
	toRegister := must(f.desk.Worklist(ctx, instance.WorklistQuery{Office: "anagrafe", Bucket: instance.BucketToRegister}))
	if len(toRegister.Rows) != 1 || toRegister.Rows[0].ID != late.ID {
		t.Errorf("to register: %+v", toRegister.Rows)
	}
	protocol.set(false)
	must(f.desk.Sweep(ctx))
	if late = must(f.desk.Get(ctx, late.ID)); late.State != instance.StateRegistered {
		t.Errorf("after the sweep: %s", late.State)
	}
}

// TestDeferredPaymentWithProtocol: a protocolled service whose fee the office
// asks while processing: registered at submission, taken in charge, the
// payment asked (waiting for the citizen), paid, back in charge, accepted
// with the outcome protocolled.
func TestDeferredPaymentWithProtocol(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	op := opOf("polizia-municipale")
	app := must(f.desk.Start(ctx, instance.ServicePublicLand, applicant()))
	app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "planimetria", "pianta.pdf", "application/pdf", pdf(10)))
	app = f.fill(t, app, map[string]map[string]string{instance.StepConditions: consent,
		instance.StepDocuments: {"luogo": "Piazza Navona", "motivo": "dehors", "inizio": "2026-05-10", "fine": "2026-05-12", "superficie": "40"}})
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	if _, ok := app.Protocol(); app.State != instance.StateRegistered || !ok || len(app.Payments) != 0 {
		t.Fatalf("after submit: %s, payments %+v", app.State, app.Payments)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionConfirmPayment,
		Actor: instance.System("pagopa"), PaymentRef: "RF1"}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("payment confirmed before it was asked: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestPayment, Actor: op,
		Amount: 4250, Reason: "Canone per 40 m² e 3 giorni"}))
	if app.State != instance.StateAwaitingPayment || len(app.Payments) != 1 || app.Payments[0].Amount != 4250 || app.Paid() {
		t.Fatalf("after the request: %s %+v", app.State, app.Payments)
	}
	waiting := must(f.desk.Worklist(ctx, instance.WorklistQuery{Office: "polizia-municipale", Bucket: instance.BucketWaiting}))
	if len(waiting.Rows) != 1 || waiting.Rows[0].ID != app.ID {
		t.Errorf("waiting bucket: %+v", waiting.Rows)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionAccept, Actor: op, Document: document}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("accept before payment: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionConfirmPayment,
		Actor: instance.System("pagopa"), PaymentRef: "RF18000000000000000003"}))
	if app.State != instance.StateInCharge || !app.Paid() || app.Payments[0].Reference != "RF18000000000000000003" {
		t.Fatalf("after payment: %s %+v", app.State, app.Payments)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionWithdraw, Actor: citizen}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("withdraw after paying: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionAccept, Actor: op, Document: document}))
	kinds := map[instance.DocumentKind]int{}
	for _, r := range app.Registrations {
		kinds[r.Kind]++
	}
	if app.State != instance.StateAccepted || kinds[instance.DocApplication] != 1 || kinds[instance.DocOutcome] != 1 {
		t.Errorf("after accept: %s, registrations %v", app.State, kinds)
	}
}
