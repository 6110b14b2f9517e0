package spidstoretest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
)

// TestReplayStore runs the conformance suite of [spid.ReplayStore].
// newStore returns a new, empty store for each subtest.
func TestReplayStore(t *testing.T, newStore func(t *testing.T) spid.ReplayStore) {
	later := func() time.Time { return time.Now().Add(10 * time.Minute) }
	t.Run("use once", func(t *testing.T) {
		s := newStore(t)
		if err := s.Use(t.Context(), "response:_r1", later()); err != nil {
			t.Fatalf("first Use: %v", err)
		}
		if err := s.Use(t.Context(), "response:_r1", later()); !errors.Is(err, spid.ErrReplay) {
			t.Errorf("second Use: %v, want ErrReplay", err)
		}
		if err := s.Use(t.Context(), "assertion:_r1", later()); err != nil {
			t.Errorf("another ID: %v", err)
		}
		if err := s.Use(t.Context(), "response:_R1", later()); err != nil {
			t.Errorf("an ID differing in case: %v", err)
		}
	})
	t.Run("expired record does not block", func(t *testing.T) {
		s := newStore(t)
		if err := s.Use(t.Context(), "logout:_old", time.Now().Add(-time.Minute)); err != nil {
			t.Fatalf("Use: %v", err)
		}
		if err := s.Use(t.Context(), "logout:_old", later()); err != nil {
			t.Errorf("Use after expiry: %v", err)
		}
		if err := s.Use(t.Context(), "logout:_old", later()); !errors.Is(err, spid.ErrReplay) {
			t.Errorf("Use within the new expiry: %v, want ErrReplay", err)
		}
	})
	t.Run("many IDs", func(t *testing.T) {
		s := newStore(t)
		for i := range 2000 { // past any in-memory pruning threshold
			if err := s.Use(t.Context(), fmt.Sprintf("assertion:_%d", i), later()); err != nil {
				t.Fatalf("Use %d: %v", i, err)
			}
		}
		for _, i := range []int{0, 1023, 1999} {
			if err := s.Use(t.Context(), fmt.Sprintf("assertion:_%d", i), later()); !errors.Is(err, spid.ErrReplay) {
				t.Errorf("replay of %d: %v, want ErrReplay", i, err)
			}
		}
	})
	t.Run("concurrent use", func(t *testing.T) {
		s := newStore(t)
		oneWins(t, "Use", spid.ErrReplay, func() error { return s.Use(t.Context(), "assertion:_contended", later()) })
	})
	t.Run("concurrent distinct IDs", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		for i := range Concurrency {
			wg.Go(func() {
				if err := s.Use(t.Context(), fmt.Sprintf("response:_c%d", i), later()); err != nil {
					t.Errorf("Use %d: %v", i, err)
				}
			})
		}
		wg.Wait()
	})
}
