package appiotest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/siopi/siopi/appio"
)

// TestSentStore is the conformance suite of [appio.SentStore]: every
// implementation (memory, SQLite, PostgreSQL) must pass it. newStore returns
// an empty store.
func TestSentStore(t *testing.T, newStore func(t *testing.T) appio.SentStore) {
	t.Run("ReserveNew", func(t *testing.T) {
		s := newStore(t)
		rec, err := s.Reserve(t.Context(), "k1")
		if err != nil || rec.State != appio.SentPending || rec.Key != "k1" {
			t.Fatalf("Reserve = %+v, %v; want pending k1", rec, err)
		}
		got, err := s.Get(t.Context(), "k1")
		if err != nil || got.State != appio.SentPending {
			t.Fatalf("Get = %+v, %v; want pending", got, err)
		}
	})
	t.Run("ReservePendingAgain", func(t *testing.T) {
		s := newStore(t)
		mustReserve(t, s, "k")
		if _, err := s.Reserve(t.Context(), "k"); !errors.Is(err, appio.ErrPending) {
			t.Fatalf("second Reserve err = %v, want ErrPending", err)
		}
	})
	t.Run("CompleteThenReserve", func(t *testing.T) {
		s := newStore(t)
		mustReserve(t, s, "k")
		if err := s.Complete(t.Context(), "k", "01ARZ3NDEKTSV4RRFFQ69G5FAV"); err != nil {
			t.Fatal(err)
		}
		rec, err := s.Reserve(t.Context(), "k")
		if !errors.Is(err, appio.ErrAlreadySent) || rec.MessageID != "01ARZ3NDEKTSV4RRFFQ69G5FAV" || rec.State != appio.SentDone {
			t.Fatalf("Reserve after Complete = %+v, %v; want done with id and ErrAlreadySent", rec, err)
		}
		got, err := s.Get(t.Context(), "k")
		if err != nil || got.MessageID != rec.MessageID || got.SentAt.IsZero() {
			t.Fatalf("Get = %+v, %v", got, err)
		}
		if err := s.Complete(t.Context(), "k", "other"); !errors.Is(err, appio.ErrNotReserved) {
			t.Fatalf("second Complete err = %v, want ErrNotReserved", err)
		}
		if err := s.Release(t.Context(), "k"); !errors.Is(err, appio.ErrNotReserved) {
			t.Fatalf("Release of a sent key err = %v, want ErrNotReserved", err)
		}
	})
	t.Run("ReleaseThenReserve", func(t *testing.T) {
		s := newStore(t)
		mustReserve(t, s, "k")
		if err := s.Release(t.Context(), "k"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(t.Context(), "k"); !errors.Is(err, appio.ErrNotFound) {
			t.Fatalf("Get after Release err = %v, want ErrNotFound", err)
		}
		mustReserve(t, s, "k")
	})
	t.Run("UnknownKey", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(t.Context(), "nope"); !errors.Is(err, appio.ErrNotFound) {
			t.Errorf("Get err = %v, want ErrNotFound", err)
		}
		if err := s.Complete(t.Context(), "nope", "id"); !errors.Is(err, appio.ErrNotReserved) {
			t.Errorf("Complete err = %v, want ErrNotReserved", err)
		}
		if err := s.Release(t.Context(), "nope"); !errors.Is(err, appio.ErrNotReserved) {
			t.Errorf("Release err = %v, want ErrNotReserved", err)
		}
	})
	t.Run("ConcurrentReserveOneWinner", func(t *testing.T) {
		s := newStore(t)
		for k := range 20 {
			key := fmt.Sprintf("key-%d", k)
			var wins atomic.Int32
			var wg sync.WaitGroup
			for range 16 {
				wg.Go(func() {
					_, err := s.Reserve(t.Context(), key)
					switch {
					case err == nil:
						wins.Add(1)
					case !errors.Is(err, appio.ErrPending):
						t.Errorf("Reserve err = %v", err)
					}
				})
			}
			wg.Wait()
			if wins.Load() != 1 {
				t.Fatalf("%s: %d winners, want 1", key, wins.Load())
			}
		}
	})
}

func mustReserve(t *testing.T, s appio.SentStore, key string) {
	t.Helper()
	if _, err := s.Reserve(t.Context(), key); err != nil {
		t.Fatalf("Reserve(%q) = %v", key, err)
	}
}
