package instance_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// A citizen applies for a change of address: the draft is prefilled from the
// SPID identity, the wizard's steps are validated one by one, the application
// is submitted, protocolled and filed in a dossier, and the citizen sees its
// status and the expected decision date (C.SE.1.10).
func Example() {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 3, 4, 10, 0, 0, 0, workday.Rome()) }
	register, _ := instance.NewProtocolRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA", Now: now})
	desk, err := instance.New(instance.Config{
		Municipality: "02438750586",
		Services:     instance.ExampleServices(),
		Store:        instance.NewMemoryStore(now),
		Protocol:     register,
		Now:          now,
		NewID:        func() string { return "pratica-1" },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	mario := instance.Applicant{FiscalCode: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi",
		Email: "mario.rossi@example.it", Method: instance.MethodSPID, Level: 2}
	me := instance.Citizen(mario)

	app, _ := desk.Start(ctx, instance.ServiceChangeOfAddress, mario)
	fmt.Println("prefilled:", app.Data[instance.FieldApplicantFamily])
	app, _ = desk.Attach(ctx, app.ID, app.Version, me, "titolo_occupazione", "contratto.pdf", "application/pdf",
		bytes.NewReader([]byte("%PDF-1.7 contratto")))
	steps := map[string]map[string]string{
		instance.StepConditions: {instance.FieldPrivacy: "true", instance.FieldTruthfulness: "true"},
		instance.StepDocuments:  {"indirizzo": "Via dei Fori Imperiali 1", "data_trasferimento": "2026-03-01", "componenti": "2"},
	}
	svc, _ := desk.Service(app.ServiceID)
	for _, st := range svc.Form() {
		if app, err = desk.Advance(ctx, app.ID, app.Version, me, st.ID, steps[st.ID]); err != nil {
			fmt.Println(err)
			return
		}
	}
	app, err = desk.Submit(ctx, app.ID, app.Version, me)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := app.Protocol()
	t := desk.Timing(app)
	fmt.Printf("La pratica si trova nello stato %s (%s)\n", app.Status(), app.State.Label())
	fmt.Println("protocollo:", p, "fascicolo:", app.Dossier.ID)
	fmt.Println("conclusione entro:", t.Deadline, "termine:", t.TermDays, "giorni")
	// Output:
	// prefilled: Rossi
	// La pratica si trova nello stato INVIATA (Protocollata)
	// protocollo: 0000001/2026 fascicolo: 2026-XI/2.1
	// conclusione entro: 2026-04-20 termine: 45 giorni
}

// The legal clock of an application received on 2 March 2026 with a 30-day
// term and a 10-day art. 2 c.7 suspension: the count ends on Saturday 11
// April, so the deadline moves to Monday 13 April.
func ExampleClock_Compute() {
	in := instance.ClockInput{
		Received: workday.Date{Year: 2026, Month: 3, Day: 2},
		TermDays: 30,
		Suspensions: []instance.Suspension{{Basis: instance.SuspendIntegration,
			From: workday.Date{Year: 2026, Month: 3, Day: 10}, Until: workday.Date{Year: 2026, Month: 3, Day: 20}}},
		Decided: workday.Date{Year: 2026, Month: 4, Day: 20},
	}
	t := instance.Clock{}.Compute(in, workday.Date{Year: 2026, Month: 4, Day: 20})
	fmt.Println("deadline:", t.Deadline)
	fmt.Println("gross:", t.Gross, "suspended:", t.Suspended, "net:", t.Net, "late:", t.Late)
	fmt.Println(t.LateStatement(""))
	// Output:
	// deadline: 2026-04-13
	// gross: 49 suspended: 10 net: 39 late: 7
	// Ai sensi dell'art. 2, comma 9-quinquies, della L. 241/1990: termine di conclusione previsto 30 giorni (L. 241/1990, art. 2, comma 2); tempo effettivamente impiegato 49 giorni, di cui 10 di sospensione; ritardo di 7 giorni rispetto alla scadenza del 13/04/2026.
}

// Apply refuses what the whitelist does not allow: a rejection without the
// art. 10-bis notice, and an action by the wrong actor.
func ExampleApplication_Apply() {
	svc := instance.RoadMaintenanceReport()
	svc.RejectionNoticeExempt = false
	app := &instance.Application{ID: "a", State: instance.StateInCharge, Applicant: instance.Applicant{FiscalCode: "RSSMRA85T10A562S"}}
	op := instance.Operator("op1", "Anna", "ufficio-tecnico")
	at := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

	_, err := app.Apply(svc, instance.Command{Action: instance.ActionReject, Actor: op, At: at, Reason: "x"}, instance.Clock{})
	fmt.Println(errors.Is(err, instance.ErrTransition))
	_, err = app.Apply(svc, instance.Command{Action: instance.ActionNoticeRejection, Actor: instance.System("x"), At: at, Reason: "x"}, instance.Clock{})
	fmt.Println(errors.Is(err, instance.ErrForbidden))
	ev, err := app.Apply(svc, instance.Command{Action: instance.ActionNoticeRejection, Actor: op, At: at, Reason: "Area privata"}, instance.Clock{})
	fmt.Println(err, ev.From, "→", ev.To, "osservazioni entro", ev.Payload["observations_until"])
	// Output:
	// true
	// true
	// <nil> in_charge → rejection_notice osservazioni entro 2026-03-14
}

// The built-in register numbers documents progressively and restarts each
// calendar year in Europe/Rome.
func ExampleProtocolRegister() {
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, workday.Rome())
	reg, _ := instance.NewProtocolRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA",
		Now: func() time.Time { return at }})
	req := instance.ProtocolRequest{Direction: instance.Incoming, Subject: "RICHIESTA ISTANZA ONLINE",
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
	r1, _ := reg.Register(context.Background(), req)
	at = at.Add(time.Hour)
	r2, _ := reg.Register(context.Background(), req)
	fmt.Println(r1, r2)
	// Output: 0000001/2026 0000001/2027
}

// An office's worklist: the applications to take in charge, oldest first,
// one page at a time.
func ExampleDesk_Worklist() {
	ctx := context.Background()
	now := func() time.Time { return time.Date(2026, 3, 4, 10, 0, 0, 0, workday.Rome()) }
	n := 0
	desk, _ := instance.New(instance.Config{Municipality: "02438750586", Services: instance.ExampleServices(),
		Store: instance.NewMemoryStore(now), Now: now, NewID: func() string { n++; return fmt.Sprint("segnalazione-", n) }})
	who := instance.Applicant{FiscalCode: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi",
		Email: "mario.rossi@example.it", Method: instance.MethodSPID, Level: 2}
	me := instance.Citizen(who)
	for _, place := range []string{"Via Appia 1", "Via Cassia 5"} {
		app, _ := desk.Start(ctx, instance.ServiceRoadReport, who)
		app, _ = desk.SaveDraft(ctx, app.ID, app.Version, me, instance.StepConditions,
			map[string]string{instance.FieldPrivacy: "true", instance.FieldTruthfulness: "true"})
		app, _ = desk.SaveDraft(ctx, app.ID, app.Version, me, "report", map[string]string{"tipo": "buca", "luogo": place, "descrizione": "Buca"})
		if _, err := desk.Submit(ctx, app.ID, app.Version, me); err != nil {
			fmt.Println(err)
			return
		}
	}
	page, _ := desk.Worklist(ctx, instance.WorklistQuery{Office: "ufficio-tecnico", Bucket: instance.BucketToTake,
		Sort: instance.SortSubmitted, Ascending: true, Limit: 1})
	for _, r := range page.Rows {
		fmt.Println(r.ID, r.Status, "scadenza", r.Deadline, "di", page.Total, "- pagina successiva da", page.Next)
	}
	// Output:
	// segnalazione-1 INVIATA scadenza 2026-04-03 di 2 - pagina successiva da 1
}
