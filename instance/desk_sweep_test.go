package instance_test

import (
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// TestDeadlineNearAgainAfterSuspension: the "deadline near" event is sent
// once per deadline; a suspension that moves the deadline makes the sweep
// send it again for the new date.
func TestDeadlineNearAgainAfterSuspension(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app, op := f.takeRoadReport(t)
	first := f.desk.Timing(app).Deadline
	f.now.Add(time.Duration(f.desk.Timing(app).DaysLeft-3) * 24 * time.Hour)
	must(f.desk.Sweep(ctx))
	must(f.desk.Sweep(ctx))
	app = must(f.desk.Get(ctx, app.ID))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionRequestIntegration, Actor: op, Reason: "Foto mancante"}))
	f.now.Add(6 * 24 * time.Hour)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionSubmitIntegration, Actor: citizen}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	second := f.desk.Timing(app).Deadline
	if !second.After(first) || f.desk.Timing(app).DaysLeft > 5 {
		t.Fatalf("deadline %s → %s, %d days left", first, second, f.desk.Timing(app).DaysLeft)
	}
	must(f.desk.Sweep(ctx))
	must(f.desk.Sweep(ctx))
	var near []string
	for _, e := range must(f.desk.Events(ctx, app.ID)) {
		if e.Kind == instance.EventDeadlineNear {
			near = append(near, e.Payload["deadline"])
		}
	}
	if len(near) != 2 || near[0] != first.String() || near[1] != second.String() {
		t.Errorf("deadline-near events for %v, want %s then %s", near, first, second)
	}
}

// TestSweepMovesTheStoredDeadline: while the art. 10-bis window is open the
// deadline assumes observations on its last day; when it closes without
// them, the sweep stores the earlier deadline so that worklists see it.
func TestSweepMovesTheStoredDeadline(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	app, op := f.takeRoadReport(t)
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionNoticeRejection, Actor: op, Reason: "Area privata"}))
	projected := app.Deadline
	f.now.Add(12 * 24 * time.Hour)
	if n := must(f.desk.Sweep(ctx)); n != 1 {
		t.Fatalf("sweep changed %d", n)
	}
	app = must(f.desk.Get(ctx, app.ID))
	if want := f.desk.Timing(app).Deadline; app.Deadline != want || !want.Before(projected) {
		t.Errorf("stored deadline %s, clock %s, projected %s", app.Deadline, want, projected)
	}
	if n := must(f.desk.Sweep(ctx)); n != 0 {
		t.Errorf("second sweep changed %d", n)
	}
	evs := must(f.desk.Events(ctx, app.ID))
	if last := evs[len(evs)-1]; last.Kind != instance.EventDeadlineMoved || last.Payload["previous"] != projected.String() {
		t.Errorf("last event %+v", last)
	}
}
