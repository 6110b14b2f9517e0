package instance_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

func TestResidenceCertificateFlow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app := must(f.desk.Start(ctx, instance.ServiceResidenceCertificate, applicant()))
	if app.Data[instance.FieldApplicantGiven] != "Mario" || app.Data[instance.FieldApplicantEmail] != "mario.rossi@example.it" {
		t.Errorf("not prefilled: %v", app.Data)
	}
	// C.SE.1.6: save a draft, leave, resume where it stopped.
	app = must(f.desk.SaveDraft(ctx, app.ID, app.Version, citizen, instance.StepConditions, map[string]string{instance.FieldPrivacy: "true"}))
	resumed := must(f.desk.Get(ctx, app.ID))
	if resumed.Step != instance.StepConditions || resumed.Data[instance.FieldPrivacy] != "true" {
		t.Errorf("resume: step %q data %v", resumed.Step, resumed.Data)
	}
	_, err := f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepConditions, nil)
	var verr *instance.ValidationError
	if !errors.As(err, &verr) || !errors.Is(err, instance.ErrInvalid) {
		t.Fatalf("Advance without the 445 declaration: %v", err)
	}
	if fe, ok := verr.For(instance.FieldTruthfulness); !ok || !strings.Contains(fe.Message, "È necessario selezionare") {
		t.Errorf("field error %+v", verr.Fields)
	}
	app = f.fill(t, app, map[string]map[string]string{
		instance.StepConditions: consent,
		instance.StepDocuments:  {"uso": "esente", "motivo_esenzione": "Art. 8 Tab. B D.P.R. 642/1972"},
	})
	sum := f.desk.Summary(app).Text()
	for _, want := range []string{"Riepilogo: Certificato di residenza", "- Nome: Mario", "In esenzione dall'imposta di bollo", "Art. 8 Tab. B"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	if app.State != instance.StatePaymentPending || app.Status() != instance.StatusDraft || app.Payments[0].Amount != 1652 {
		t.Fatalf("after submit: %s %+v", app.State, app.Payments)
	}
	f.now.Add(10 * time.Minute)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionConfirmPayment, Actor: instance.System("pagopa"), PaymentRef: "RF18000000000000000001"}))
	if app.State != instance.StateSubmitted || app.ReceivedAt.IsZero() || !app.Paid() {
		t.Fatalf("after payment: %s received %v", app.State, app.ReceivedAt)
	}
	// Received Wed 4 March 2026 + 5 days = Mon 9 March.
	if tm := f.desk.Timing(app); tm.Deadline != (workday.Date{Year: 2026, Month: 3, Day: 9}) || tm.TermDays != 5 {
		t.Errorf("timing %+v", tm)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionWithdraw, Actor: citizen}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("withdraw after paying: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: opOf("anagrafe")}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionAccept, Actor: opOf("anagrafe"), Document: document}))
	if app.State != instance.StateAccepted || app.Status() != instance.StatusDone || app.OutcomeDocument == nil {
		t.Fatalf("after accept: %s", app.State)
	}
	evs := must(f.desk.Events(ctx, app.ID))
	var kinds []string
	for _, e := range evs {
		kinds = append(kinds, string(e.Kind)+":"+string(e.To))
	}
	submitted := 0
	for _, e := range evs {
		if e.Submitted() {
			submitted++
		}
	}
	if len(evs) != 10 || submitted != 1 {
		t.Errorf("events %v", kinds)
	}
	f.mu.Lock()
	published := len(f.events)
	f.mu.Unlock()
	if published != len(evs) {
		t.Errorf("OnEvent saw %d events, log has %d", published, len(evs))
	}
}

func TestChangeOfAddressProtocolIntegrationAndSilence(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("anagrafe")
	app := must(f.desk.Start(ctx, instance.ServiceChangeOfAddress, applicant()))
	app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "titolo_occupazione", "../contratto.pdf", "application/pdf", pdf(100)))
	if a := app.Attachments[0]; a.Name != "contratto.pdf" || len(a.SHA256) != 64 || a.Size != 109 {
		t.Errorf("attachment %+v", a)
	}
	app = f.fill(t, app, map[string]map[string]string{
		instance.StepConditions: consent,
		instance.StepDocuments:  {"indirizzo": "Via Roma 1", "data_trasferimento": "2026-03-01", "componenti": "2"},
	})
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	p, ok := app.Protocol()
	if app.State != instance.StateRegistered || !ok || p.String() != "0000001/2026" || p.Direction != instance.Incoming {
		t.Fatalf("after submit: %s %+v", app.State, p)
	}
	if app.Dossier == nil || app.Dossier.ID != "2026-XI/2.1" || !app.Dossier.Open() {
		t.Errorf("dossier %+v", app.Dossier)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: opOf("tributi")}); !errors.Is(err, instance.ErrForbidden) {
		t.Errorf("operator of another office: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	f.now.Add(24 * time.Hour)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestIntegration, Actor: op, Reason: "Allegare il contratto registrato"}))
	if app.Status() != instance.StatusIntegration || len(app.Suspensions) != 1 || len(app.Registrations) != 2 ||
		app.Registrations[1].Kind != instance.DocIntegrationRequest || app.Registrations[1].Direction != instance.Outgoing {
		t.Fatalf("integration request: %s %+v %+v", app.State, app.Suspensions, app.Registrations)
	}
	f.now.Add(4 * 24 * time.Hour)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionStartIntegration, Actor: citizen}))
	for _, data := range []map[string]string{{"sconosciuto": "x"}, {"componenti": "zero"}} {
		if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmitIntegration, Actor: citizen, Data: data}); !errors.Is(err, instance.ErrInvalid) {
			t.Errorf("integration with %v: %v", data, err)
		}
	}
	if w := must(f.desk.Worklist(ctx, instance.WorklistQuery{Office: "anagrafe", Bucket: instance.BucketWaiting})); len(w.Rows) != 1 || w.Rows[0].ID != app.ID {
		t.Errorf("waiting worklist %+v", w.Rows)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmitIntegration, Actor: citizen,
		Data: map[string]string{"indirizzo": "Via Roma 1, int. 3"}}))
	if app.State != instance.StateIntegrationRegistered || app.Data["indirizzo"] != "Via Roma 1, int. 3" {
		t.Fatalf("integration reply: %s", app.State)
	}
	tm := f.desk.Timing(app)
	if tm.Suspended != 4 {
		t.Errorf("suspended %d days, want 4", tm.Suspended)
	}
	// A second round is allowed but does not suspend again (art. 2 c.7: once).
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestIntegration, Actor: op, Reason: "Manca la firma"}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmitIntegration, Actor: citizen}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	if len(app.Suspensions) != 1 || app.IntegrationRounds != 2 {
		t.Errorf("rounds %d, suspensions %+v", app.IntegrationRounds, app.Suspensions)
	}
	// Messages both ways, protocolled.
	app = must(f.desk.Send(ctx, app.ID, app.Version, instance.Message{Direction: instance.Outgoing, From: op, Subject: "Verifica", Body: "Sopralluogo fissato."}))
	app = must(f.desk.Send(ctx, app.ID, app.Version, instance.Message{Direction: instance.Incoming, From: citizen, Subject: "Risposta", Body: "Grazie."}))
	if len(app.Messages) != 2 || app.Messages[0].Registration == nil || app.Messages[1].Registration.Direction != instance.Incoming {
		t.Errorf("messages %+v", app.Messages)
	}
	if _, err := f.desk.Send(ctx, app.ID, app.Version, instance.Message{Direction: instance.Incoming, From: instance.Citizen(instance.Applicant{FiscalCode: gianni}), Subject: "x", Body: "y"}); !errors.Is(err, instance.ErrForbidden) {
		t.Errorf("stranger's message: %v", err)
	}
	// The deadline nears: one event; then it passes: silence means consent.
	deadline := f.desk.Timing(app).Deadline
	f.now.Add(time.Duration(workday.DateOf(f.now.Now()).DaysUntil(deadline)-3) * 24 * time.Hour)
	if n := must(f.desk.Sweep(ctx)); n != 1 {
		t.Errorf("first sweep changed %d", n)
	}
	if n := must(f.desk.Sweep(ctx)); n != 0 {
		t.Errorf("second sweep changed %d (the near event must be emitted once)", n)
	}
	f.now.Add(4 * 24 * time.Hour)
	if n := must(f.desk.Sweep(ctx)); n != 1 {
		t.Errorf("sweep after the deadline changed %d", n)
	}
	app = must(f.desk.Get(ctx, app.ID))
	if app.State != instance.StateAcceptedBySilence || app.State.Outcome() != instance.OutcomeAcceptedBySilence {
		t.Fatalf("after the term: %s", app.State)
	}
	text, ok, err := must(f.desk.Service(app.ServiceID)).Notice(app, f.desk.Timing(app))
	if err != nil || !ok || !strings.Contains(text, "silenzio-assenso") {
		t.Errorf("notice %q %v %v", text, ok, err)
	}
}

func TestSchoolCanteenBeneficiaryPaymentAndRejection(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("pubblica-istruzione")
	app := must(f.desk.Start(ctx, instance.ServiceSchoolCanteen, applicant()))
	pupil := map[string]string{instance.FieldBeneficiaryIsOther: "true", instance.FieldBeneficiaryCode: gianni,
		instance.FieldBeneficiaryGiven: "Gianni", instance.FieldBeneficiaryFamily: "Bianchi", "scuola": "primaria-montessori",
		"classe": "3b", "dieta": "sanitaria"}
	app = must(f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepConditions, consent))
	app = must(f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepApplicant, nil))
	_, err := f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepBeneficiary, pupil)
	var verr *instance.ValidationError
	if !errors.As(err, &verr) || len(verr.Fields) != 2 {
		t.Fatalf("want errors on classe and certificato_medico, got %v", err)
	}
	if fe, _ := verr.For("classe"); !strings.Contains(fe.Message, "ad esempio 3B") {
		t.Errorf("pattern hint missing: %+v", fe)
	}
	pupil["classe"], pupil["dieta"] = "3B", "normale" // the certificate is no longer required
	app = must(f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepBeneficiary, pupil))
	app = must(f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepDocuments, map[string]string{"iban_rimborsi": "IT60 X054 2811 1010 0000 0123 456"}))
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	if app.Beneficiary == nil || app.Beneficiary.FiscalCode != gianni {
		t.Fatalf("beneficiary %+v", app.Beneficiary)
	}
	list := must(f.store.ListByCitizen(ctx, instance.CitizenQuery{FiscalCode: gianni, AsBeneficiary: true}))
	if len(list.Rows) != 1 || list.Rows[0].Protocol == "" || list.Rows[0].Dossier != "2026-VII/1.1" {
		t.Errorf("the pupil's list: %+v", list.Rows)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestPayment, Actor: op}); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("payment without amount: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestPayment, Actor: op, Amount: 12000, Reason: "Tariffa fascia B"}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionConfirmPayment, Actor: instance.System("pagopa"), PaymentRef: "RF1"}))
	if app.State != instance.StateInCharge || !app.Paid() {
		t.Fatalf("after payment %s", app.State)
	}
	// Art. 10-bis: no rejection without the notice, nor before the window ends.
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReject, Actor: op, Reason: "r", Document: document}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("reject without notice: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionNoticeRejection, Actor: op, Reason: "Residenza fuori Comune"}))
	f.now.Add(3 * 24 * time.Hour)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmitObservations, Actor: citizen, Reason: "Il trasferimento è in corso"}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReject, Actor: op, Document: document,
		Reason: "Le osservazioni non superano i motivi: il trasferimento non risulta"}))
	if app.State != instance.StateRejected || app.Status() != instance.StatusDone {
		t.Fatalf("after reject: %s", app.State)
	}
	kinds := map[instance.DocumentKind]int{}
	for _, r := range app.Registrations {
		kinds[r.Kind]++
	}
	if kinds[instance.DocApplication] != 1 || kinds[instance.DocRejectionNotice] != 1 || kinds[instance.DocObservations] != 1 || kinds[instance.DocOutcome] != 1 {
		t.Errorf("registrations %v", kinds)
	}
	if tm := f.desk.Timing(app); tm.Suspended != 3 {
		t.Errorf("10-bis suspension counted %d days up to the decision, want 3", tm.Suspended)
	}
}

func TestPublicLandWithdrawAndReopen(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	weak := applicant()
	weak.Level = 1
	if _, err := f.desk.Start(ctx, instance.ServicePublicLand, weak); !errors.Is(err, instance.ErrForbidden) {
		t.Errorf("SPID L1 on an L2 service: %v", err)
	}
	app := must(f.desk.Start(ctx, instance.ServicePublicLand, applicant()))
	app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "planimetria", "pianta.pdf", "application/pdf", pdf(10)))
	steps := map[string]map[string]string{instance.StepConditions: consent,
		instance.StepDocuments: {"luogo": "Piazza Navona", "motivo": "evento", "inizio": "2026-01-10", "fine": "2026-05-12", "superficie": "40"}}
	_, err := f.desk.Advance(ctx, app.ID, app.Version, citizen, instance.StepDocuments, steps[instance.StepDocuments])
	var verr *instance.ValidationError
	if !errors.As(err, &verr) || len(verr.Fields) != 1 || verr.Fields[0].Field != "inizio" {
		t.Fatalf("past start date: %v", err)
	}
	steps[instance.StepDocuments]["inizio"] = "2026-05-10"
	app = f.fill(t, app, steps)
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionWithdraw, Actor: citizen, Reason: "Evento annullato"}))
	if app.Status() != instance.StatusWithdrawn {
		t.Fatalf("status %s", app.Status())
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReopen, Actor: opOf("polizia-municipale"), Reason: "Ritiro per errore"}))
	if app.State != instance.StateInCharge || !app.DecidedAt.IsZero() {
		t.Fatalf("after reopen: %s", app.State)
	}
	if _, err := f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmit, Actor: citizen}); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("submit through Do: %v", err)
	}
	// Stale versions conflict.
	if _, err := f.desk.Do(ctx, app.ID, app.Version-1, instance.Command{Action: instance.ActionRevoke, Actor: opOf("polizia-municipale"), Reason: "x"}); !errors.Is(err, instance.ErrConflict) {
		t.Errorf("stale version: %v", err)
	}
}
