package instance_test

import (
	"context"
	"errors"
	"testing"

	"github.com/siopi/siopi/instance"
)

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
