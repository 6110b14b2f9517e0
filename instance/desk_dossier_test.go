package instance_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// TestPerApplicationDossierClosesInArchive: a per-application dossier
// closes in the archive, not only in the application's copy, when the
// application is decided, and opens again when it is reopened; the events
// say so, for archives outside the process.
func TestPerApplicationDossierClosesInArchive(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	now := &fakeNow{t: t0}
	archive := instance.NewArchive(instance.DossierPerApplication, now.Now)
	desk, err := instance.New(instance.Config{Municipality: comune, Services: instance.ExampleServices(),
		Store: instance.NewMemoryStore(nil), Dossiers: archive, Now: now.Now})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{desk: desk, now: now}
	op := opOf("ufficio-tecnico")
	app := f.submitRoadReport(t)
	if d := must(archive.Dossier(ctx, app.Dossier.ID)); !d.Open() || d.Scope != instance.DossierPerApplication {
		t.Fatalf("archive after submit: %+v", d)
	}
	app = must(desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	now.Add(2 * time.Hour)
	app = must(desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionAccept, Actor: op, Document: document}))
	d := must(archive.Dossier(ctx, app.Dossier.ID))
	if d.Open() || !d.ClosedAt.Equal(now.Now()) || !app.Dossier.ClosedAt.Equal(d.ClosedAt) {
		t.Errorf("after the decision: archive %+v, application %+v", d, app.Dossier)
	}
	evs := must(desk.Events(ctx, app.ID))
	if p := evs[len(evs)-1].Payload; p["dossier_closed"] != app.Dossier.ID {
		t.Errorf("decision payload %v", p)
	}
	app = must(desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReopen, Actor: op, Reason: "Buca riaperta"}))
	if d := must(archive.Dossier(ctx, app.Dossier.ID)); !d.Open() || !app.Dossier.Open() {
		t.Errorf("after reopening: archive %+v", d)
	}
	evs = must(desk.Events(ctx, app.ID))
	if p := evs[len(evs)-1].Payload; p["dossier_reopened"] != app.Dossier.ID {
		t.Errorf("reopen payload %v", p)
	}
	if _, err := archive.Dossier(ctx, "2026-I/1.99"); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("unknown dossier: %v", err)
	}
}

// TestServiceYearDossiersClose: a service's dossier of a year closes once
// the year has ended and none of its applications is still open, through
// Desk.CloseDossiers or the sweep.
func TestServiceYearDossiersClose(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t)
	op := opOf("ufficio-tecnico")
	first := f.submitRoadReport(t)
	second := f.submitRoadReport(t)
	if first.Dossier.ID != second.Dossier.ID {
		t.Fatalf("two dossiers for one service and year: %s %s", first.Dossier.ID, second.Dossier.ID)
	}
	id := first.Dossier.ID
	first = must(f.desk.Do(ctx, first.ID, first.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	if first = must(f.desk.Do(ctx, first.ID, first.Version, instance.Command{Action: instance.ActionAccept, Actor: op, Document: document})); first.State != instance.StateAccepted {
		t.Fatalf("first: %s", first.State)
	}
	if d := must(f.archive.Dossier(ctx, id)); !d.Open() {
		t.Fatalf("closed with an application still open: %+v", d)
	}
	if _, err := f.desk.CloseDossiers(ctx, 2026); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("closing the current year: %v", err)
	}
	f.now.Add(time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC).Sub(f.now.Now()))
	if closed := must(f.desk.CloseDossiers(ctx, 2026)); len(closed) != 0 {
		t.Errorf("closed %v with %s still open", closed, second.ID)
	}
	second = must(f.desk.Get(ctx, second.ID))
	must(f.desk.Do(ctx, second.ID, second.Version, instance.Command{Action: instance.ActionWithdraw, Actor: citizen}))
	closed := must(f.desk.CloseDossiers(ctx, 2026))
	if len(closed) != 1 || closed[0].ID != id || closed[0].Open() {
		t.Fatalf("closed %+v", closed)
	}
	if d := must(f.archive.Dossier(ctx, id)); d.Open() || !d.ClosedAt.Equal(f.now.Now()) {
		t.Errorf("archive %+v", d)
	}
	if again := must(f.desk.CloseDossiers(ctx, 2026)); len(again) != 0 {
		t.Errorf("closed twice: %+v", again)
	}

	// The sweep closes the past years' dossiers by itself.
	g := newFixture(t)
	report := g.submitRoadReport(t)
	report = must(g.desk.Do(ctx, report.ID, report.Version, instance.Command{Action: instance.ActionWithdraw, Actor: citizen}))
	must(g.desk.Sweep(ctx))
	if d := must(g.archive.Dossier(ctx, report.Dossier.ID)); !d.Open() {
		t.Errorf("the sweep closed the current year's dossier: %+v", d)
	}
	g.now.Add(365 * 24 * time.Hour)
	must(g.desk.Sweep(ctx))
	if d := must(g.archive.Dossier(ctx, report.Dossier.ID)); d.Open() {
		t.Errorf("the sweep left last year's dossier open: %+v", d)
	}
}
