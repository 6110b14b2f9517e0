package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/sqlstore"
)

func TestInstanceOutboxConcurrentSQLite(t *testing.T) {
	t.Parallel()
	testOutboxConcurrent(t, openSQLite(t))
}

func TestInstanceOutboxConcurrentPostgres(t *testing.T) {
	t.Parallel()
	testOutboxConcurrent(t, openPostgres(t))
}

// testOutboxConcurrent: events written by concurrent writers all reach the
// outbox, once each, with Seq 1..n in commit order and no gap.
func testOutboxConcurrent(t *testing.T, db *sqlstore.DB) {
	s := db.Instance()
	const writers, updates = 40, 2
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			a := instancetest.NewApplication(fmt.Sprint("a", i), "svc", "office", instance.StateSubmitted, i)
			if err := s.Create(t.Context(), a, instance.Event{Kind: instance.EventCreated, To: a.State}); err != nil {
				t.Error(err)
				return
			}
			for v := range int64(updates) {
				if _, err := s.Update(t.Context(), a.ID, v+1, func(a *instance.Application) (instance.Event, error) {
					a.Data["n"] = fmt.Sprint(v)
					return instance.Event{Kind: instance.EventDraftSaved, At: instancetest.T0.Add(time.Duration(v) * time.Second)}, nil
				}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	pending, err := s.Pending(t.Context(), instance.MaxLimit)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != writers*(1+updates) {
		t.Fatalf("%d events in the outbox, want %d", len(pending), writers*(1+updates))
	}
	last := map[string]int64{}
	for i, e := range pending {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has Seq %d: the sequence has a gap or is out of order", i, e.Seq)
		}
		if e.Version != last[e.ApplicationID]+1 {
			t.Errorf("event %d of %s is version %d after %d", e.Seq, e.ApplicationID, e.Version, last[e.ApplicationID])
		}
		last[e.ApplicationID] = e.Version
	}
}

func BenchmarkInstanceUpdateSQLite(b *testing.B) { benchmarkUpdate(b, openSQLite(b)) }

func BenchmarkInstanceUpdatePostgres(b *testing.B) {
	testpg.DSN(b)
	benchmarkUpdate(b, openPostgres(b))
}

// benchmarkUpdate measures Update (read, version check, write of the
// application, its event and its outbox row) on one application.
func benchmarkUpdate(b *testing.B, db *sqlstore.DB) {
	s := db.Instance()
	a := instancetest.NewApplication("a1", "svc", "office", instance.StateSubmitted, 0)
	if err := s.Create(b.Context(), a, instance.Event{Kind: instance.EventCreated}); err != nil {
		b.Fatal(err)
	}
	v := int64(1)
	for b.Loop() {
		if _, err := s.Update(b.Context(), "a1", v, func(a *instance.Application) (instance.Event, error) {
			a.Step = "x"
			return instance.Event{Kind: instance.EventDraftSaved}, nil
		}); err != nil {
			b.Fatal(err)
		}
		v++
	}
}
