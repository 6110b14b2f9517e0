package instance_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

func TestRulesAreConsistent(t *testing.T) {
	t.Parallel()
	for _, r := range instance.Rules {
		if !r.From.Valid() || !r.To.Valid() {
			t.Errorf("rule %+v names an unknown state", r)
		}
		if r.From.Final() && r.Action != instance.ActionReopen && r.Action != instance.ActionRevoke && r.Action != instance.ActionRegisterOutcome {
			t.Errorf("rule %+v leaves a final state", r)
		}
	}
	// Each state but the terminal ones has a way out; each state is reachable.
	reach := map[instance.State]bool{instance.StateDraft: true}
	for _, r := range instance.Rules {
		reach[r.To] = true
	}
	for _, s := range instance.States {
		if !reach[s] {
			t.Errorf("state %s is unreachable", s)
		}
	}
}

// TestWhitelistWalk makes every whitelisted transition, with a service that
// meets its conditions and a command that carries what it needs.
func TestWhitelistWalk(t *testing.T) {
	t.Parallel()
	for _, r := range instance.Rules {
		t.Run(fmt.Sprintf("%s/%s/%s", r.From, r.Action, r.To), func(t *testing.T) {
			t.Parallel()
			svc := serviceFor(r.If)
			app := appIn(r.From, t0)
			if r.Action == instance.ActionSubmitObservations {
				app.Suspensions[0].From = workday.DateOf(t0).AddDays(-2) // inside the window
			}
			ev, err := app.Apply(svc, fullCommand(r, t0), instance.Clock{})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if app.State != r.To || ev.From != r.From || ev.To != r.To || ev.Action != r.Action {
				t.Fatalf("got state %s, event %s→%s (%s); want %s", app.State, ev.From, ev.To, ev.Action, r.To)
			}
			if ev.At.IsZero() || ev.Actor.Kind != r.Actor || ev.Kind != instance.EventTransition {
				t.Errorf("event lacks who/when: %+v", ev)
			}
		})
	}
}

// variants are services over the combinations of the flags the rules test.
func variants() []*instance.Service {
	pays := []instance.Cond{instance.IfNoUpfront, instance.IfUpfront, instance.IfDeferred | instance.IfNoUpfront}
	flags := []instance.Cond{instance.IfProtocol, instance.IfIntegration, instance.IfWithdraw,
		instance.IfReopen, instance.IfSilence, instance.IfNoticeExempt}
	var out []*instance.Service
	for bits := range 1 << len(flags) {
		c := pays[bits%len(pays)]
		for i, f := range flags {
			if bits&(1<<i) != 0 {
				c |= f
			}
		}
		out = append(out, serviceFor(c))
	}
	return out
}

// allowedBy reports whether some rule for (from, action) holds for svc,
// reading only the service's flags (independently of the package's Cond).
func allowedBy(svc *instance.Service, from instance.State, action instance.Action) (instance.Rule, bool) {
	for _, r := range instance.RulesFor(from, action) {
		ok := true
		check := func(bit instance.Cond, v bool) {
			if r.If&bit != 0 && !v {
				ok = false
			}
		}
		check(instance.IfProtocol, svc.ProtocolRequired)
		check(instance.IfNoProtocol, !svc.ProtocolRequired)
		check(instance.IfUpfront, svc.Payment.Mode == instance.PaymentUpfront)
		check(instance.IfNoUpfront, svc.Payment.Mode != instance.PaymentUpfront)
		check(instance.IfDeferred, svc.Payment.Mode == instance.PaymentDeferred)
		check(instance.IfIntegration, svc.AllowIntegration)
		check(instance.IfWithdraw, svc.AllowWithdraw)
		check(instance.IfReopen, svc.AllowReopening)
		check(instance.IfSilence, svc.SilenceMeansConsent)
		check(instance.IfNoticeExempt, svc.RejectionNoticeExempt)
		if ok {
			return r, true
		}
	}
	return instance.Rule{}, false
}

// TestForbiddenTransitions tries every (state, action) pair on every service
// variant with every kind of actor: what the whitelist does not allow must
// fail with ErrTransition, the wrong actor with ErrForbidden, and the
// application must stay unchanged.
func TestForbiddenTransitions(t *testing.T) {
	t.Parallel()
	actors := []instance.Actor{instance.Citizen(applicant()), operator(), instance.System("test")}
	tried, refused := 0, 0
	for _, svc := range variants() {
		for _, from := range instance.States {
			for _, action := range instance.Actions {
				rule, allowed := allowedBy(svc, from, action)
				for _, actor := range actors {
					app := appIn(from, t0)
					cmd := fullCommand(instance.Rule{Action: action, Actor: actor.Kind}, t0)
					_, err := app.Apply(svc, cmd, instance.Clock{})
					tried++
					switch {
					case !allowed:
						if !errors.Is(err, instance.ErrTransition) {
							t.Fatalf("%s from %s (%+v) by %s: got %v, want ErrTransition", action, from, svc, actor.Kind, err)
						}
					case actor.Kind != rule.Actor:
						if !errors.Is(err, instance.ErrForbidden) {
							t.Fatalf("%s from %s by %s: got %v, want ErrForbidden", action, from, actor.Kind, err)
						}
					default:
						continue
					}
					refused++
					if app.State != from {
						t.Fatalf("refused %s changed the state to %s", action, app.State)
					}
				}
			}
		}
	}
	t.Logf("tried %d transitions, %d refused as expected", tried, refused)
}

// TestMissingRequirements drops each need of each rule in turn.
func TestMissingRequirements(t *testing.T) {
	t.Parallel()
	drops := map[instance.Needs]func(*instance.Command){
		instance.NeedReason:       func(c *instance.Command) { c.Reason = "  " },
		instance.NeedDocument:     func(c *instance.Command) { c.Document = &instance.Attachment{Name: "x.pdf"} },
		instance.NeedAmount:       func(c *instance.Command) { c.Amount = 0 },
		instance.NeedRegistration: func(c *instance.Command) { c.Registration = nil },
		instance.NeedPaymentRef:   func(c *instance.Command) { c.PaymentRef = "" },
	}
	for _, r := range instance.Rules {
		for need, drop := range drops {
			if r.Needs&need == 0 {
				continue
			}
			app := appIn(r.From, t0)
			cmd := fullCommand(r, t0)
			drop(&cmd)
			if _, err := app.Apply(serviceFor(r.If), cmd, instance.Clock{}); !errors.Is(err, instance.ErrRequirement) {
				t.Errorf("%s from %s without need %b: got %v, want ErrRequirement", r.Action, r.From, need, err)
			}
		}
	}
}

func TestActorGuards(t *testing.T) {
	t.Parallel()
	svc := serviceFor(instance.IfNoProtocol | instance.IfWithdraw)
	tests := []struct {
		name  string
		state instance.State
		cmd   instance.Command
		want  error
	}{
		{"citizen not the applicant", instance.StateInCharge, instance.Command{Action: instance.ActionWithdraw,
			Actor: instance.Citizen(instance.Applicant{FiscalCode: gianni})}, instance.ErrForbidden},
		{"operator of another office", instance.StateSubmitted, instance.Command{Action: instance.ActionTake,
			Actor: instance.Operator("op2", "Altro", "tributi")}, instance.ErrForbidden},
		{"withdraw after paying", instance.StateInCharge, instance.Command{Action: instance.ActionWithdraw,
			Actor: instance.Citizen(applicant())}, instance.ErrTransition},
		{"reject during the observation window", instance.StateRejectionNotice, instance.Command{Action: instance.ActionReject,
			Actor: operator(), Reason: "r", Document: document}, instance.ErrRequirement},
		{"observations after the window", instance.StateRejectionNotice, instance.Command{Action: instance.ActionSubmitObservations,
			Actor: instance.Citizen(applicant()), Reason: "osservazioni"}, instance.ErrRequirement},
		{"silence before the deadline", instance.StateInCharge, instance.Command{Action: instance.ActionSilenceConsent,
			Actor: instance.System("clock")}, instance.ErrRequirement},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			app := appIn(tt.state, t0)
			s := *svc
			tt.cmd.At = t0
			switch tt.name {
			case "withdraw after paying":
				app.Payments = []instance.PaymentRecord{{Amount: 100, PaidAt: t0.Add(-time.Hour)}}
			case "reject during the observation window":
				app.Suspensions[0].From = workday.DateOf(t0).AddDays(-3)
			case "silence before the deadline":
				s.SilenceMeansConsent = true
				app.ReceivedAt = t0.AddDate(0, 0, -3)
			}
			if _, err := app.Apply(&s, tt.cmd, instance.Clock{}); !errors.Is(err, tt.want) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestProjection(t *testing.T) {
	t.Parallel()
	want := map[instance.State]instance.Status{
		instance.StateDraft: instance.StatusDraft, instance.StatePaymentPending: instance.StatusDraft,
		instance.StateSubmitted: instance.StatusSent, instance.StateRegistered: instance.StatusSent,
		instance.StateInCharge: instance.StatusProcessing, instance.StateIntegrationSubmitted: instance.StatusProcessing,
		instance.StateIntegrationRequested: instance.StatusIntegration, instance.StateIntegrationDraft: instance.StatusIntegration,
		instance.StateAccepted: instance.StatusDone, instance.StateRejectedPending: instance.StatusDone,
		instance.StateWithdrawn: instance.StatusWithdrawn,
	}
	for _, s := range instance.States {
		if s.Status() == "" || s.Label() == "" {
			t.Errorf("state %s has no status or label", s)
		}
		if w, ok := want[s]; ok && s.Status() != w {
			t.Errorf("%s projects to %s, want %s", s, s.Status(), w)
		}
	}
	if instance.StateRevoked.Outcome() != instance.OutcomeRevoked || instance.StateWithdrawn.Outcome() != instance.OutcomeWithdrawn {
		t.Error("withdrawn and revoked must be told apart")
	}
}

// TestReopenDoesNotCountTheClosedDays: a reopened application has the days of
// its term that were left when it was closed; the closed days count in the
// gross time but not in the net time.
func TestReopenDoesNotCountTheClosedDays(t *testing.T) {
	t.Parallel()
	svc := serviceFor(instance.IfNoProtocol | instance.IfReopen)
	app := appIn(instance.StateAccepted, t0)
	app.ReceivedAt, app.DecidedAt = t0.AddDate(0, 0, -50), t0.AddDate(0, 0, -30) // decided on day 20 of 30
	before := instance.Clock{Deadline: instance.CalendarDay}.Timing(app, svc, t0)
	if _, err := app.Apply(svc, instance.Command{Action: instance.ActionReopen, Actor: operator(), Reason: "Riesame", At: t0}, instance.Clock{}); err != nil {
		t.Fatal(err)
	}
	got := instance.Clock{Deadline: instance.CalendarDay}.Timing(app, svc, t0)
	if got.Gross != 50 || got.Suspended != 30 || got.Net != 20 || got.DaysLeft != 10 || got.Late != 0 {
		t.Errorf("after reopening: %+v", got)
	}
	if before.Deadline.AddDays(30) != got.Deadline {
		t.Errorf("deadline %s, want %s + 30 days", got.Deadline, before.Deadline)
	}
}
