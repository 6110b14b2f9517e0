package instancetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/internal/racetest"
	"github.com/siopi/siopi/workday"
)

// Fiscal codes the suite uses (valid, fictitious).
const (
	Applicant   = "RSSMRA85T10A562S"
	Beneficiary = "BNCGVN80A01H501J"
	Other       = "VRDLGU80A01H501Q"
)

// T0 is the suite's reference instant.
var T0 = time.Date(2026, time.March, 4, 9, 0, 0, 0, time.UTC)

// TestStore runs the conformance suite against stores from newStore.
func TestStore(t *testing.T, newStore func(t *testing.T) instance.Store) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(*testing.T, instance.Store)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"Update", testUpdate},
		{"UpdateRollsBackOnError", testUpdateRollback},
		{"ConcurrentUpdates", testConcurrentUpdates},
		{"EventLog", testEventLog},
		{"Outbox", testOutbox},
		{"ListByCitizen", testListByCitizen},
		{"Paging", testPaging},
		{"Worklist", testWorklist},
		{"ObservationWindow", testObservationWindow},
		{"CanceledContext", testCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, newStore(t))
		})
	}
}

// NewApplication returns a valid application for the suite: in state st,
// of service svc and office, by Applicant, submitted at T0 plus i minutes.
func NewApplication(id, svc, office string, st instance.State, i int) *instance.Application {
	at := T0.Add(time.Duration(i) * time.Minute)
	a := &instance.Application{
		ID: id, Municipality: "02438750586", ServiceID: svc, Office: office, State: st,
		Applicant: instance.Applicant{FiscalCode: Applicant, GivenName: "Mario", FamilyName: "Rossi"},
		Data:      map[string]string{"note": "prova"}, CreatedAt: at, UpdatedAt: at,
	}
	if st.Open() || st.Final() {
		a.SubmittedAt, a.ReceivedAt, a.TermDays = at, at, 30
		a.Deadline = workday.DateOf(at).AddDays(30)
	}
	return a
}

func created(a *instance.Application) instance.Event {
	return instance.Event{Kind: instance.EventCreated, Actor: instance.System("test"), At: a.CreatedAt, To: a.State}
}

func mustCreate(t *testing.T, s instance.Store, a *instance.Application) {
	t.Helper()
	if err := s.Create(t.Context(), a, created(a)); err != nil {
		t.Fatalf("Create(%s): %v", a.ID, err)
	}
}

func testCreateAndGet(t *testing.T, s instance.Store) {
	ctx := t.Context()
	a := NewApplication("a1", "svc", "office", instance.StateDraft, 0)
	a.Beneficiary = &instance.Person{FiscalCode: Beneficiary}
	a.Attachments = []instance.Attachment{{Field: "f", Name: "x.pdf", SHA256: "00"}}
	mustCreate(t, s, a)
	if err := s.Create(ctx, a, created(a)); !errors.Is(err, instance.ErrExists) {
		t.Errorf("second Create: got %v, want ErrExists", err)
	}
	got, err := s.Get(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 1 || got.State != instance.StateDraft || got.Data["note"] != "prova" ||
		got.Beneficiary == nil || got.Beneficiary.FiscalCode != Beneficiary || len(got.Attachments) != 1 {
		t.Errorf("Get returned %+v", got)
	}
	got.Data["note"] = "changed"
	got.Attachments[0].Name = "changed"
	again, _ := s.Get(ctx, "a1")
	if again.Data["note"] != "prova" || again.Attachments[0].Name != "x.pdf" {
		t.Error("Get shares memory with the store")
	}
	if _, err := s.Get(ctx, "missing"); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("Get(missing): got %v, want ErrNotFound", err)
	}
}

func transition(to instance.State, at time.Time) func(*instance.Application) (instance.Event, error) {
	return func(a *instance.Application) (instance.Event, error) {
		ev := instance.Event{Kind: instance.EventTransition, From: a.State, To: to, At: at,
			Actor: instance.System("test"), Payload: map[string]string{"k": "v"}}
		a.State, a.UpdatedAt = to, at
		return ev, nil
	}
}

func testUpdate(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("a1", "svc", "office", instance.StateSubmitted, 0))
	got, err := s.Update(ctx, "a1", 1, transition(instance.StateInCharge, T0.Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.State != instance.StateInCharge {
		t.Errorf("Update returned version %d state %s", got.Version, got.State)
	}
	if _, err := s.Update(ctx, "a1", 1, transition(instance.StateAccepted, T0)); !errors.Is(err, instance.ErrConflict) {
		t.Errorf("stale Update: got %v, want ErrConflict", err)
	}
	if _, err := s.Update(ctx, "missing", 1, transition(instance.StateAccepted, T0)); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("Update(missing): got %v, want ErrNotFound", err)
	}
	stored, _ := s.Get(ctx, "a1")
	if stored.Version != 2 || stored.State != instance.StateInCharge {
		t.Errorf("stored version %d state %s", stored.Version, stored.State)
	}
}

func testUpdateRollback(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("a1", "svc", "office", instance.StateSubmitted, 0))
	boom := errors.New("boom")
	_, err := s.Update(ctx, "a1", 1, func(a *instance.Application) (instance.Event, error) {
		a.State, a.Data["note"] = instance.StateAccepted, "changed"
		return instance.Event{}, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the callback's error", err)
	}
	got, _ := s.Get(ctx, "a1")
	evs, _ := s.Events(ctx, "a1")
	if got.Version != 1 || got.State != instance.StateSubmitted || got.Data["note"] != "prova" || len(evs) != 1 {
		t.Errorf("a failed update left traces: %+v, %d events", got, len(evs))
	}
}

func testConcurrentUpdates(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("a1", "svc", "office", instance.StateSubmitted, 0))
	const writers = 16
	won := racetest.Winners(t, writers, instance.ErrConflict, func(i int) error {
		_, err := s.Update(ctx, "a1", 1, transition(instance.StateInCharge, T0.Add(time.Duration(i)*time.Second)))
		return err
	})
	if won != 1 {
		t.Fatalf("%d writers won the same version, want exactly 1", won)
	}
	// Writers that re-read and retry all get through, one version each.
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			for {
				a, err := s.Get(ctx, "a1")
				if err != nil {
					t.Error(err)
					return
				}
				_, err = s.Update(ctx, "a1", a.Version, func(a *instance.Application) (instance.Event, error) {
					a.Data[fmt.Sprint("w", i)] = "x"
					return instance.Event{Kind: instance.EventMessage, At: T0, From: a.State, To: a.State}, nil
				})
				if !errors.Is(err, instance.ErrConflict) {
					if err != nil {
						t.Error(err)
					}
					return
				}
			}
		})
	}
	wg.Wait()
	a, _ := s.Get(ctx, "a1")
	evs, _ := s.Events(ctx, "a1")
	if a.Version != 2+writers || len(a.Data) != 1+writers || len(evs) != int(a.Version) {
		t.Errorf("after %d retrying writers: version %d, %d data keys, %d events", writers, a.Version, len(a.Data), len(evs))
	}
}

func testEventLog(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("a1", "svc", "office", instance.StateSubmitted, 0))
	mustCreate(t, s, NewApplication("a2", "svc", "office", instance.StateSubmitted, 1))
	steps := []instance.State{instance.StateInCharge, instance.StateRejectionNotice, instance.StateObservations}
	for i, st := range steps {
		if _, err := s.Update(ctx, "a1", int64(i+1), transition(st, T0.Add(time.Duration(i+1)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := s.Events(ctx, "a1")
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Fatalf("%d events, want 4", len(evs))
	}
	for i, e := range evs {
		if e.ApplicationID != "a1" || e.Version != int64(i+1) || (i > 0 && e.Seq <= evs[i-1].Seq) {
			t.Errorf("event %d: %+v", i, e)
		}
		if i > 0 && (e.From != evs[i-1].To || e.To != steps[i-1] || e.Payload["k"] != "v" || e.At.IsZero()) {
			t.Errorf("event %d does not chain: %+v", i, e)
		}
	}
	evs[1].Payload["k"] = "changed"
	again, _ := s.Events(ctx, "a1")
	if again[1].Payload["k"] != "v" {
		t.Error("Events shares memory with the store")
	}
	if _, err := s.Events(ctx, "missing"); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("Events(missing): got %v, want ErrNotFound", err)
	}
}

func testOutbox(t *testing.T, s instance.Store) {
	ctx := t.Context()
	mustCreate(t, s, NewApplication("a1", "svc", "office", instance.StateSubmitted, 0))
	if _, err := s.Update(ctx, "a1", 1, transition(instance.StateInCharge, T0)); err != nil {
		t.Fatal(err)
	}
	mustCreate(t, s, NewApplication("a2", "svc", "office", instance.StateSubmitted, 1))
	pending, err := s.Pending(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 3 || pending[0].Seq >= pending[1].Seq || pending[1].Seq >= pending[2].Seq ||
		pending[1].To != instance.StateInCharge || pending[2].ApplicationID != "a2" {
		t.Fatalf("pending %+v", pending)
	}
	if first, _ := s.Pending(ctx, 1); len(first) != 1 || first[0].Seq != pending[0].Seq {
		t.Errorf("Pending(1) = %+v", first)
	}
	if err := s.Ack(ctx, pending[0].Seq, pending[2].Seq, 999999); err != nil {
		t.Fatal(err)
	}
	left, _ := s.Pending(ctx, 10)
	if len(left) != 1 || left[0].Seq != pending[1].Seq {
		t.Errorf("after Ack: %+v", left)
	}
	// Acknowledged events stay in the log.
	if evs, _ := s.Events(ctx, "a1"); len(evs) != 2 {
		t.Errorf("Ack removed events from the log: %d left", len(evs))
	}
}
