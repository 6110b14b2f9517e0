package instance_test

import (
	"testing"

	"github.com/siopi/siopi/instance"
)

// TestEventLogIsComplete walks an application through protocol, integration,
// notice, observations and rejection, and checks that the log has one event
// per version, each saying who, when, from which state to which, and why
// where the action needs a reason; and that transitions chain.
func TestEventLogIsComplete(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("anagrafe")
	app := f.startChangeOfAddress(t)
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	for _, cmd := range []instance.Command{
		{Action: instance.ActionTake, Actor: op},
		{Action: instance.ActionRequestIntegration, Actor: op, Reason: "Contratto registrato"},
		{Action: instance.ActionSubmitIntegration, Actor: citizen},
		{Action: instance.ActionTake, Actor: op},
		{Action: instance.ActionNoticeRejection, Actor: op, Reason: "Indirizzo inesistente"},
		{Action: instance.ActionSubmitObservations, Actor: citizen, Reason: "Civico nuovo"},
		{Action: instance.ActionReject, Actor: op, Reason: "Civico non censito", Document: document},
	} {
		app = must(f.desk.Do(ctx, app.ID, app.Version, cmd))
	}
	if app.State != instance.StateRejected {
		t.Fatalf("state %s", app.State)
	}
	evs := must(f.desk.Events(ctx, app.ID))
	if int64(len(evs)) != app.Version {
		t.Fatalf("%d events for version %d", len(evs), app.Version)
	}
	state := instance.State("")
	for i, e := range evs {
		if e.Version != int64(i+1) || e.ApplicationID != app.ID || e.Actor.Kind == "" || e.Actor.ID == "" || e.At.IsZero() || e.Kind == "" {
			t.Errorf("event %d lacks who, when or what: %+v", i, e)
		}
		if e.From != state && i > 0 {
			t.Errorf("event %d (%s) from %s, but the state was %s", i, e.Action, e.From, state)
		}
		state = e.To
		if e.Kind != instance.EventTransition {
			continue
		}
		for _, r := range instance.RulesFor(e.From, e.Action) {
			if r.To == e.To && r.Needs&instance.NeedReason != 0 && e.Reason == "" {
				t.Errorf("event %d (%s) lacks its reason", i, e.Action)
			}
			if r.To == e.To && r.Needs&instance.NeedRegistration != 0 && e.Payload["protocol"] == "" {
				t.Errorf("event %d (%s) lacks its protocol number", i, e.Action)
			}
		}
	}
	if state != instance.StateRejected {
		t.Errorf("the log ends in %s", state)
	}
}
