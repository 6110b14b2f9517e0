package instance_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/instance"
)

// TestSurvey: after the decision the applicant may rate the service once
// (C.SE.1.7: 1–5 stars, the aspects offered for that rating, a comment);
// the answer is an event.
func TestSurvey(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("ufficio-tecnico")
	app := f.submitRoadReport(t)
	good := instance.Survey{Rating: 4, Aspects: []string{instance.AspectClear, instance.AspectNoTechnical}, Comment: "Tutto semplice."}
	if _, err := f.desk.Rate(ctx, app.ID, app.Version, citizen, good); !errors.Is(err, instance.ErrTransition) {
		t.Errorf("before the decision: %v", err)
	}
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionAccept, Actor: op, Document: document}))
	refused := []struct {
		name  string
		actor instance.Actor
		s     instance.Survey
		want  error
	}{
		{"operator", op, good, instance.ErrForbidden},
		{"another citizen", instance.Citizen(instance.Applicant{FiscalCode: gianni}), good, instance.ErrForbidden},
		{"no stars", citizen, instance.Survey{}, instance.ErrInvalid},
		{"six stars", citizen, instance.Survey{Rating: 6}, instance.ErrInvalid},
		{"a difficulty with 5 stars", citizen, instance.Survey{Rating: 5, Aspects: []string{instance.AspectTechnicalProblems}}, instance.ErrInvalid},
		{"unknown aspect", citizen, instance.Survey{Rating: 2, Aspects: []string{"boh"}}, instance.ErrInvalid},
		{"long comment", citizen, instance.Survey{Rating: 3, Comment: strings.Repeat("x", 1001)}, instance.ErrInvalid},
	}
	for _, tt := range refused {
		if _, err := f.desk.Rate(ctx, app.ID, app.Version, tt.actor, tt.s); !errors.Is(err, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.name, err, tt.want)
		}
	}
	app = must(f.desk.Rate(ctx, app.ID, app.Version, citizen, good))
	evs := must(f.desk.Events(ctx, app.ID))
	ev := evs[len(evs)-1]
	if ev.Kind != instance.EventSurvey || ev.StateChanged() || ev.Payload["rating"] != "4" ||
		ev.Payload["aspects"] != instance.AspectClear+","+instance.AspectNoTechnical || ev.Payload["comment"] != "Tutto semplice." {
		t.Errorf("survey event %+v", ev)
	}
	if _, err := f.desk.Rate(ctx, app.ID, app.Version, citizen, instance.Survey{Rating: 1}); !errors.Is(err, instance.ErrExists) {
		t.Errorf("second answer: %v", err)
	}
	if got := instance.SurveyAspects(2); len(got) != 5 || got[len(got)-1].Value != instance.AspectOther {
		t.Errorf("aspects for 2 stars %+v", got)
	}
}
