package instance_test

import (
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// TestLateDecisionStatement: a decision taken after the deadline carries,
// in its event, the art. 2 c.9-quinquies statement (legal term, time taken),
// the days late and who decided late; a timely one carries none.
func TestLateDecisionStatement(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		wait     time.Duration
		action   instance.Action
		lateDays string
	}{
		{"on time", 10 * 24 * time.Hour, instance.ActionAccept, ""},
		// Received Wed 4 March + 30 days = Fri 3 April; decided 13 April.
		{"accepted late", 40 * 24 * time.Hour, instance.ActionAccept, "10"},
		{"rejected late", 40 * 24 * time.Hour, instance.ActionReject, "10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			ctx := t.Context()
			op := instance.Operator("op7", "Bruno Ritardi", "ufficio-tecnico")
			app, _ := f.takeRoadReport(t)
			f.now.Add(tt.wait)
			app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: tt.action, Actor: op, Document: document, Reason: "Esito"}))
			evs := must(f.desk.Events(ctx, app.ID))
			ev := evs[len(evs)-1]
			if ev.Action != tt.action {
				t.Fatalf("last event %+v", ev)
			}
			p := ev.Payload
			if p["late_days"] != tt.lateDays {
				t.Errorf("late_days %q, want %q", p["late_days"], tt.lateDays)
			}
			if tt.lateDays == "" {
				if p["late_statement"] != "" || p["late_by"] != "" {
					t.Errorf("timely decision with %v", p)
				}
				return
			}
			st := p["late_statement"]
			if !strings.Contains(st, "9-quinquies") || !strings.Contains(st, "previsto 30 giorni") || !strings.Contains(st, "ritardo di 10 giorni") {
				t.Errorf("statement %q", st)
			}
			if st != f.desk.Timing(app).LateStatement(must(f.desk.Service(app.ServiceID)).Source()) {
				t.Errorf("statement differs from the clock's: %q", st)
			}
			if p["late_by"] != "op7" || p["term_days"] != "30" || p["days_taken"] != "40" {
				t.Errorf("payload %v", p)
			}
		})
	}
}
