package instance_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
)

// interferingStore lets another writer act just before the n-th Update from
// the moment it is armed, so that the desk's own update conflicts.
type interferingStore struct {
	instance.Store
	mu    sync.Mutex
	after int
}

func (s *interferingStore) arm(n int) { s.mu.Lock(); s.after = n; s.mu.Unlock() }

func (s *interferingStore) Update(ctx context.Context, id string, version int64, fn func(*instance.Application) (instance.Event, error)) (*instance.Application, error) {
	s.mu.Lock()
	s.after--
	hit := s.after == 0
	s.mu.Unlock()
	if hit {
		_, err := s.Store.Update(ctx, id, version, func(a *instance.Application) (instance.Event, error) {
			return instance.Event{Kind: instance.EventMessage, Actor: instance.System("other"), From: a.State, To: a.State}, nil
		})
		if err != nil {
			return nil, err
		}
	}
	return s.Store.Update(ctx, id, version, fn)
}

// flakyProtocol fails while down.
type flakyProtocol struct {
	instance.Protocol
	mu   sync.Mutex
	down bool
}

func (p *flakyProtocol) set(down bool) { p.mu.Lock(); p.down = down; p.mu.Unlock() }

func (p *flakyProtocol) Register(ctx context.Context, req instance.ProtocolRequest) (instance.Registration, error) {
	p.mu.Lock()
	down := p.down
	p.mu.Unlock()
	if down {
		return instance.Registration{}, errors.New("protocol system unavailable")
	}
	return p.Protocol.Register(ctx, req)
}

// startChangeOfAddress walks the change-of-address wizard up to submission.
func (f *fixture) startChangeOfAddress(t *testing.T) *instance.Application {
	t.Helper()
	ctx := t.Context()
	app := must(f.desk.Start(ctx, instance.ServiceChangeOfAddress, applicant()))
	app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "titolo_occupazione", "contratto.pdf", "application/pdf", pdf(10)))
	return f.fill(t, app, map[string]map[string]string{
		instance.StepConditions: consent,
		instance.StepDocuments:  {"indirizzo": "Via Roma 1", "data_trasferimento": "2026-03-01", "componenti": "2"},
	})
}

// entries returns the register's lines of 2026 by number.
func (f *fixture) entries() map[int64]instance.Entry {
	out := map[int64]instance.Entry{}
	for _, e := range f.reg.Entries(2026) {
		out[e.Number] = e
	}
	return out
}

// TestConflictCancelsRegistration: when the update that would record a
// protocol registration fails (another writer came first), the registration
// is cancelled with a reason, so that no protocol number is left unexplained
// (DPR 445/2000 art. 54), and the application does not record it.
func TestConflictCancelsRegistration(t *testing.T) {
	t.Parallel()
	op := opOf("anagrafe")
	tests := []struct {
		name string
		act  func(*fixture, *instance.Application) (*instance.Application, error)
	}{
		{"integration request", func(f *fixture, a *instance.Application) (*instance.Application, error) {
			return f.desk.Do(context.Background(), a.ID, a.Version, instance.Command{Action: instance.ActionRequestIntegration, Actor: op, Reason: "Manca il contratto"})
		}},
		{"rejection notice", func(f *fixture, a *instance.Application) (*instance.Application, error) {
			return f.desk.Do(context.Background(), a.ID, a.Version, instance.Command{Action: instance.ActionNoticeRejection, Actor: op, Reason: "Indirizzo inesistente"})
		}},
		{"message", func(f *fixture, a *instance.Application) (*instance.Application, error) {
			return f.desk.Send(context.Background(), a.ID, a.Version, instance.Message{Direction: instance.Outgoing, From: op, Subject: "Verifica", Body: "Sopralluogo."})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var store *interferingStore
			f := newFixtureWith(t, func(s instance.Store) instance.Store { store = &interferingStore{Store: s}; return store }, nil)
			ctx := t.Context()
			app := f.startChangeOfAddress(t)
			app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
			app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
			store.arm(1)
			if _, err := tt.act(f, app); !errors.Is(err, instance.ErrConflict) {
				t.Fatalf("got %v, want ErrConflict", err)
			}
			e := f.entries()
			if len(e) != 2 || !e[1].Cancelled.IsZero() || e[2].Cancelled.IsZero() || e[2].CancelReason == "" {
				t.Fatalf("register: %+v", e)
			}
			if got := must(f.desk.Get(ctx, app.ID)); len(got.Registrations) != 1 || len(got.Messages) != 0 || got.State != instance.StateInCharge {
				t.Errorf("the application recorded the cancelled registration: %+v", got.Registrations)
			}
		})
	}
}

// TestProtocolRetry: an application whose registration failed (the protocol
// was down, or another writer came first and the registration was
// cancelled) waits in the "to register" bucket, not in "to take", and the
// sweep registers it later.
func TestProtocolRetry(t *testing.T) {
	t.Parallel()
	var store *interferingStore
	protocol := &flakyProtocol{}
	f := newFixtureWith(t, func(s instance.Store) instance.Store { store = &interferingStore{Store: s}; return store },
		func(p instance.Protocol) instance.Protocol { protocol.Protocol = p; return protocol })
	ctx := t.Context()
	bucket := func(b instance.Bucket) []string {
		var ids []string
		for _, r := range must(f.desk.Worklist(ctx, instance.WorklistQuery{Office: "anagrafe", Bucket: b})).Rows {
			ids = append(ids, r.ID)
		}
		return ids
	}

	conflicted := f.startChangeOfAddress(t)
	store.arm(2) // the submission is stored, its registration's update conflicts
	conflicted = must(f.desk.Submit(ctx, conflicted.ID, conflicted.Version, citizen))
	protocol.set(true)
	down := f.startChangeOfAddress(t)
	down = must(f.desk.Submit(ctx, down.ID, down.Version, citizen))
	for _, a := range []*instance.Application{conflicted, down} {
		if a.State != instance.StateSubmitted || len(a.Registrations) != 0 {
			t.Fatalf("%s: %s with %+v, want submitted without registration", a.ID, a.State, a.Registrations)
		}
	}
	if e := f.entries(); len(e) != 1 || e[1].Cancelled.IsZero() {
		t.Fatalf("register: %+v", e)
	}
	if got := bucket(instance.BucketToTake); len(got) != 0 {
		t.Errorf("to take: %v (taking them is refused until they are protocolled)", got)
	}
	if got := bucket(instance.BucketToRegister); len(got) != 2 {
		t.Errorf("to register: %v", got)
	}
	if n := must(f.desk.Sweep(ctx)); n != 0 {
		t.Errorf("sweep with the protocol down changed %d", n)
	}
	protocol.set(false)
	if n := must(f.desk.Sweep(ctx)); n != 2 {
		t.Errorf("sweep changed %d, want 2", n)
	}
	for _, id := range []string{conflicted.ID, down.ID} {
		a := must(f.desk.Get(ctx, id))
		if p, ok := a.Protocol(); a.State != instance.StateRegistered || !ok || p.Number < 2 {
			t.Errorf("%s after the sweep: %s %+v", id, a.State, p)
		}
	}
	if got := bucket(instance.BucketToTake); len(got) != 2 {
		t.Errorf("to take after the sweep: %v", got)
	}
	// A citizen cannot make the system's registration happen.
	if _, err := f.desk.Do(ctx, down.ID, must(f.desk.Get(ctx, down.ID)).Version, instance.Command{Action: instance.ActionRegister, Actor: citizen}); !errors.Is(err, instance.ErrTransition) && !errors.Is(err, instance.ErrForbidden) {
		t.Errorf("citizen registers: %v", err)
	}
	if n := len(f.entries()); n != 3 {
		t.Errorf("%d register lines, want 3 (a refused action spends no number)", n)
	}
}

// TestDeadlineNearAgainAfterSuspension: the "deadline near" event is sent
// once per deadline; a suspension that moves the deadline makes the sweep
// send it again for the new date.
func TestDeadlineNearAgainAfterSuspension(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	op := opOf("ufficio-tecnico")
	app := must(f.desk.Start(ctx, instance.ServiceRoadReport, applicant()))
	app = f.fill(t, app, map[string]map[string]string{instance.StepConditions: consent,
		"report": {"tipo": "buca", "luogo": "Via Appia 1", "descrizione": "Buca profonda"}})
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
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
