package instance_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// BenchmarkTransition measures one state transition with its event on the
// memory store: load, check the version, apply the whitelisted rule (with the
// deadline recomputed), append the event to the log and the outbox, store.
func BenchmarkTransition(b *testing.B) {
	ctx := b.Context()
	store := instance.NewMemoryStore(nil)
	svc := serviceFor(instance.IfNoProtocol | instance.IfIntegration)
	app := appIn(instance.StateInCharge, t0)
	app.Data = map[string]string{"a": "1", "b": "2", "c": "3", "d": "4", "e": "5"}
	if err := store.Create(ctx, app, instance.Event{Kind: instance.EventCreated}); err != nil {
		b.Fatal(err)
	}
	cmds := []instance.Command{
		{Action: instance.ActionRequestIntegration, Actor: operator(), Reason: "Manca un documento"},
		{Action: instance.ActionSubmitIntegration, Actor: instance.Citizen(applicant())},
		{Action: instance.ActionTake, Actor: operator()},
	}
	version := app.Version
	i := 0
	for b.Loop() {
		cmd := cmds[i%3]
		cmd.At = t0
		a, err := store.Update(ctx, app.ID, version, func(a *instance.Application) (instance.Event, error) {
			return a.Apply(svc, cmd, instance.Clock{})
		})
		if err != nil {
			b.Fatal(err)
		}
		version = a.Version
		i++
		if i%instance.MaxLimit == 0 { // drain the outbox as a worker would
			b.StopTimer()
			evs, _ := store.Pending(ctx, instance.MaxLimit)
			seqs := make([]int64, len(evs))
			for j, e := range evs {
				seqs[j] = e.Seq
			}
			_ = store.Ack(ctx, seqs...)
			b.StartTimer()
		}
	}
}

// BenchmarkListByCitizen lists one page of 1,000 applications of a citizen
// among 20,000 of 20 citizens.
func BenchmarkListByCitizen(b *testing.B) {
	ctx := b.Context()
	store := instance.NewMemoryStore(nil)
	codes := []string{mario, gianni}
	for i := range 20000 {
		st := instance.States[i%len(instance.States)]
		a := appIn(st, t0.Add(time.Duration(i)*time.Minute))
		a.ID = fmt.Sprintf("app-%05d", i)
		a.Applicant.FiscalCode = codes[min(i%20, 1)]
		if err := store.Create(ctx, a, instance.Event{Kind: instance.EventCreated}); err != nil {
			b.Fatal(err)
		}
	}
	q := instance.CitizenQuery{FiscalCode: mario, Limit: 1000}
	for b.Loop() {
		p, err := store.ListByCitizen(ctx, q)
		if err != nil || len(p.Rows) != 1000 {
			b.Fatalf("%d rows, %v", len(p.Rows), err)
		}
	}
}

// BenchmarkClock1M computes the legal clock of 1,000,000 applications with
// up to two suspensions each; one iteration is the whole million.
func BenchmarkClock1M(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	base := workday.Date{Year: 2025, Month: 1, Day: 2}
	inputs := make([]instance.ClockInput, 1_000_000)
	for i := range inputs {
		recv := base.AddDays(r.IntN(600))
		in := instance.ClockInput{Received: recv, TermDays: 30 + r.IntN(60), SilenceMeansConsent: i%4 == 0}
		switch i % 3 {
		case 1:
			in.Suspensions = []instance.Suspension{{Basis: instance.SuspendIntegration, From: recv.AddDays(5), Until: recv.AddDays(5 + r.IntN(40))}}
		case 2:
			in.Suspensions = []instance.Suspension{{Basis: instance.SuspendIntegration, From: recv.AddDays(3), Until: recv.AddDays(9)},
				{Basis: instance.SuspendRejectionNotice, From: recv.AddDays(20)}}
			in.Decided = recv.AddDays(50)
		}
		inputs[i] = in
	}
	asOf := workday.Date{Year: 2026, Month: 9, Day: 1}
	clk := instance.Clock{}
	late := 0
	for b.Loop() {
		late = 0
		for _, in := range inputs {
			if clk.Compute(in, asOf).Late > 0 {
				late++
			}
		}
	}
	b.ReportMetric(float64(late), "late")
}
