package pagopatest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// TestStore is the conformance suite of [pagopa.Store]: every implementation
// (memory, SQLite, PostgreSQL) must pass it. newStore returns an empty store
// for each subtest; subtests run in parallel.
func TestStore(t *testing.T, newStore func(t *testing.T) pagopa.Store) {
	t.Helper()
	due := time.Now().AddDate(0, 1, 0).Truncate(time.Second).UTC()
	nav := func(base int64) pagopa.NoticeNumber {
		n, err := pagopa.NewNoticeNumber(7, base)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	valid := func(base int64) pagopa.Position {
		p := NewPosition(Organization, nav(base), 1000, due)
		if err := p.Publish(time.Now()); err != nil {
			t.Fatal(err)
		}
		return p
	}
	create := func(t *testing.T, s pagopa.Store, p pagopa.Position) pagopa.Position {
		t.Helper()
		got, err := s.CreatePosition(t.Context(), p)
		if err != nil {
			t.Fatalf("CreatePosition: %v", err)
		}
		return got
	}
	run := func(name string, f func(t *testing.T, s pagopa.Store)) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f(t, newStore(t))
		})
	}

	run("CreateAndGet", func(t *testing.T, s pagopa.Store) {
		p := valid(1)
		got := create(t, s, p)
		if got.Version != 1 || got.IUPD != p.IUPD || got.Status != pagopa.StatusValid {
			t.Errorf("created %+v", got)
		}
		byID, err := s.Position(t.Context(), Organization, p.IUPD)
		if err != nil || byID.IUPD != p.IUPD || len(byID.Options) != 1 || len(byID.Options[0].Transfers) != 2 {
			t.Fatalf("Position: %v %+v", err, byID)
		}
		o := byID.Options[0]
		if o.Amount != 1000 || o.NoticeNumber != nav(1) || !o.DueDate.Equal(due) || o.Transfers[0].Metadata[0].Key != "RC_TIP_1" ||
			byID.Debtor.FiscalCode != p.Debtor.FiscalCode || o.Transfers[1].PostalIBAN != PostalIBAN {
			t.Errorf("round trip lost data: %+v", byID)
		}
		byIUV, err := s.PositionByIUV(t.Context(), Organization, nav(1).IUV())
		if err != nil || byIUV.IUPD != p.IUPD {
			t.Errorf("PositionByIUV: %v %s", err, byIUV.IUPD)
		}
		if _, err := s.Position(t.Context(), Organization, "nope"); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("missing IUPD: %v", err)
		}
		if _, err := s.PositionByIUV(t.Context(), "02438750586", nav(1).IUV()); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("IUV of another org: %v", err)
		}
		byID.Options[0].Amount = 1
		again, _ := s.Position(t.Context(), Organization, p.IUPD)
		if again.Options[0].Amount != 1000 {
			t.Error("a returned position shares memory with the store")
		}
	})

	run("Uniqueness", func(t *testing.T, s pagopa.Store) {
		create(t, s, valid(1))
		if _, err := s.CreatePosition(t.Context(), valid(1)); !errors.Is(err, pagopa.ErrConflict) {
			t.Errorf("same IUPD: %v", err)
		}
		q := valid(1)
		q.IUPD = "other"
		if _, err := s.CreatePosition(t.Context(), q); !errors.Is(err, pagopa.ErrConflict) {
			t.Errorf("same IUV, other IUPD: %v", err)
		}
		r := valid(1)
		r.OrganizationFiscalCode = "02438750586"
		if _, err := s.CreatePosition(t.Context(), r); err != nil {
			t.Errorf("same IUV in another organisation: %v", err)
		}
	})

	run("Update", func(t *testing.T, s pagopa.Store) {
		p := create(t, s, valid(1))
		got, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
			return q.Invalidate()
		})
		if err != nil || got.Status != pagopa.StatusInvalid || got.Version != 2 {
			t.Fatalf("UpdatePosition: %v %s v%d", err, got.Status, got.Version)
		}
		boom := errors.New("boom")
		if _, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
			q.CompanyName = "changed"
			return boom
		}); !errors.Is(err, boom) {
			t.Errorf("fn error: %v", err)
		}
		if q, _ := s.Position(t.Context(), Organization, p.IUPD); q.CompanyName == "changed" || q.Version != 2 {
			t.Errorf("a failed update was saved: %s v%d", q.CompanyName, q.Version)
		}
		if _, err := s.UpdatePosition(t.Context(), Organization, "nope", func(*pagopa.Position) error { return nil }); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("missing: %v", err)
		}
	})

	run("DeleteAndList", func(t *testing.T, s pagopa.Store) {
		for i := range int64(5) {
			create(t, s, valid(10+i))
		}
		var all []string
		after := ""
		for {
			page, err := s.ListPositions(t.Context(), Organization, after, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			for _, p := range page {
				all = append(all, p.IUPD)
			}
			after = page[len(page)-1].IUPD
		}
		if len(all) != 5 {
			t.Errorf("listed %v", all)
		}
		if err := s.DeletePosition(t.Context(), Organization, all[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Position(t.Context(), Organization, all[0]); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("after delete: %v", err)
		}
		if err := s.DeletePosition(t.Context(), Organization, all[0]); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("delete twice: %v", err)
		}
	})

	run("Lock", func(t *testing.T, s pagopa.Store) {
		iuv := nav(1).IUV()
		t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
		if err := s.LockOption(t.Context(), Organization, iuv, t0, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if u, err := s.LockedUntil(t.Context(), Organization, iuv, t0); err != nil || !u.Equal(t0.Add(time.Minute)) {
			t.Errorf("LockedUntil = %v, %v", u, err)
		}
		if err := s.LockOption(t.Context(), Organization, iuv, t0.Add(30*time.Second), t0.Add(2*time.Minute)); !errors.Is(err, pagopa.ErrInProgress) {
			t.Errorf("second lock: %v", err)
		}
		if err := s.LockOption(t.Context(), "02438750586", iuv, t0, t0.Add(time.Minute)); err != nil {
			t.Errorf("same IUV of another org: %v", err)
		}
		if err := s.LockOption(t.Context(), Organization, iuv, t0.Add(time.Minute), t0.Add(2*time.Minute)); err != nil {
			t.Errorf("lock after expiry: %v", err)
		}
		if u, _ := s.LockedUntil(t.Context(), Organization, iuv, t0.Add(3*time.Minute)); !u.IsZero() {
			t.Errorf("expired lock reported until %v", u)
		}
		if err := s.UnlockOption(t.Context(), Organization, iuv); err != nil {
			t.Fatal(err)
		}
		if err := s.LockOption(t.Context(), Organization, iuv, t0.Add(time.Minute), t0.Add(2*time.Minute)); err != nil {
			t.Errorf("lock after unlock: %v", err)
		}
	})

	testStoreReceipts(t, run, create, valid, nav)
	testStoreReporting(t, run, create, valid, nav)

	run("ConcurrentLocks", func(t *testing.T, s pagopa.Store) {
		const n = 32
		var ok atomic.Int32
		var wg sync.WaitGroup
		now := time.Now()
		for range n {
			wg.Go(func() {
				err := s.LockOption(t.Context(), Organization, nav(1).IUV(), now, now.Add(time.Minute))
				if err == nil {
					ok.Add(1)
				} else if !errors.Is(err, pagopa.ErrInProgress) {
					t.Errorf("LockOption: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 {
			t.Errorf("%d goroutines took the same lock", ok.Load())
		}
	})

	run("ConcurrentUpdatesAndCreates", func(t *testing.T, s pagopa.Store) {
		const n = 32
		p := create(t, s, valid(1))
		var created atomic.Int32
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				if _, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
					q.Options[0].Metadata = append(q.Options[0].Metadata, pagopa.Metadata{Key: fmt.Sprint(i), Value: "v"})
					return nil
				}); err != nil {
					t.Errorf("UpdatePosition: %v", err)
				}
				q := valid(2)
				if _, err := s.CreatePosition(t.Context(), q); err == nil {
					created.Add(1)
				} else if !errors.Is(err, pagopa.ErrConflict) {
					t.Errorf("CreatePosition: %v", err)
				}
			})
		}
		wg.Wait()
		got, _ := s.Position(t.Context(), Organization, p.IUPD)
		if got.Version != 1+n || len(got.Options[0].Metadata) != n {
			t.Errorf("after %d updates: version %d, %d entries (lost updates)", n, got.Version, len(got.Options[0].Metadata))
		}
		if created.Load() != 1 {
			t.Errorf("%d concurrent creates of one IUPD succeeded", created.Load())
		}
	})
}
