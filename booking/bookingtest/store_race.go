package bookingtest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

// race runs f(i) for i in [0, n) on n goroutines released together, and counts the calls that
// returned nil and those that returned an error wrapping want; any other error fails t.
func race(t *testing.T, n int, want error, f func(i int) error) (ok, lost int) {
	t.Helper()
	var okN, lostN atomic.Int32
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-gate
			switch err := f(i); {
			case err == nil:
				okN.Add(1)
			case errors.Is(err, want):
				lostN.Add(1)
			default:
				t.Errorf("call %d: %v, want nil or %v", i, err, want)
			}
		})
	}
	close(gate)
	wg.Wait()
	return int(okN.Load()), int(lostN.Load())
}

// testConcurrentInserts races 300 inserts for a slot of 7 places: exactly 7 win, the rest are full,
// and the outbox holds exactly the winners' events, with distinct increasing Seq.
func testConcurrentInserts(t *testing.T, s booking.Store) {
	const tries, capacity = 300, 7
	ok, full := race(t, tries, booking.ErrSlotFull, func(i int) error {
		b := newBooking(fmt.Sprint("b", i), fmt.Sprint("C", i), slotAt(1), booking.StatusConfirmed)
		if i%3 == 0 {
			b.Status, b.HoldUntil = booking.StatusHeld, t0.Add(time.Hour)
		}
		ev := booking.NewEvent(booking.EventConfirmed, &b, t0)
		_, err := s.Insert(t.Context(), booking.Insert{Booking: b, Capacity: capacity, Now: t0, Events: []booking.Event{ev}})
		return err
	})
	if ok != capacity || full != tries-capacity {
		t.Errorf("%d inserted and %d full, want %d and %d", ok, full, capacity, tries-capacity)
	}
	events, err := s.Events(t.Context(), 0, 0)
	if err != nil || len(events) != capacity {
		t.Fatalf("Events = %d, %v; want one per successful insert (%d)", len(events), err, capacity)
	}
	for i := 1; i < len(events); i++ {
		if events[i].Seq <= events[i-1].Seq {
			t.Errorf("outbox Seq %d after %d", events[i].Seq, events[i-1].Seq)
		}
	}
}

// testConcurrentLimits races one citizen's inserts into different slots (different slot locks in
// SQL): the per-citizen limits must still hold, so the store must serialise per citizen too.
func testConcurrentLimits(t *testing.T, s booking.Store) {
	const tries = 60
	perService := booking.Limit{Citizen: "C1", ServiceID: "svc", OpenOnly: true, MaxCount: 1}
	ok, _ := race(t, tries, booking.ErrLimit, func(i int) error {
		b := newBooking(fmt.Sprint("s", i), "C1", slotAt(1+i), booking.StatusHeld)
		b.HoldUntil = t0.Add(time.Hour)
		_, err := s.Insert(t.Context(), booking.Insert{Booking: b, Capacity: 5, Now: t0, Limits: []booking.Limit{perService}})
		return err
	})
	if ok != 1 {
		t.Errorf("%d concurrent bookings under a one-open-booking limit, want 1", ok)
	}
	weekly := booking.Limit{Citizen: "C2", ResourceID: "r1", From: t0, To: t0.Add(7 * 24 * time.Hour), MaxMinutes: 90}
	ok, _ = race(t, tries, booking.ErrLimit, func(i int) error {
		b := newBooking(fmt.Sprint("w", i), "C2", slotAt(1+i%100), booking.StatusConfirmed)
		_, err := s.Insert(t.Context(), booking.Insert{Booking: b, Capacity: 5, Now: t0, Limits: []booking.Limit{weekly}})
		return err
	})
	if ok != 3 {
		t.Errorf("%d concurrent half hours under 90 minutes a week, want 3", ok)
	}
}

// testConcurrentUpdates races stale-free updates of one booking (moderators deciding one request):
// exactly one compare-and-swap wins and only its events reach the outbox.
func testConcurrentUpdates(t *testing.T, s booking.Store) {
	b := mustInsert(t, s, booking.Insert{Booking: newBooking("p", "C1", slotAt(1), booking.StatusPending), Capacity: 1, Now: t0})
	ok, _ := race(t, 100, booking.ErrConflict, func(i int) error {
		next := b.Clone()
		next.Status = []booking.Status{booking.StatusConfirmed, booking.StatusRefused}[i%2]
		next.History = append(next.History, booking.Change{At: t0, Status: next.Status, By: booking.RoleOffice, Actor: fmt.Sprint("m", i)})
		ev := booking.NewEvent(booking.EventConfirmed, &next, t0)
		_, err := s.Update(t.Context(), booking.Update{Booking: next, Now: t0, Events: []booking.Event{ev},
			Reserve: &booking.Reserve{Capacity: 1, FromWaitlist: true}})
		return err
	})
	got, _ := s.Get(t.Context(), "p")
	events, _ := s.Events(t.Context(), 0, 0)
	if ok != 1 || got.Version != 2 || len(got.History) != 1 || len(events) != 1 {
		t.Errorf("%d updates won (version %d, history %d, %d events), want exactly one", ok, got.Version, len(got.History), len(events))
	}
}

// testConcurrentMoves races bookings of other slots moving into one free place (reschedules):
// exactly one gets it.
func testConcurrentMoves(t *testing.T, s booking.Store) {
	const tries = 50
	var stored []booking.Booking
	for i := range tries {
		stored = append(stored, mustInsert(t, s, booking.Insert{Booking: newBooking(fmt.Sprint("m", i), fmt.Sprint("C", i), slotAt(10+i), booking.StatusConfirmed), Capacity: 1, Now: t0}))
	}
	ok, _ := race(t, tries, booking.ErrSlotFull, func(i int) error {
		b := stored[i]
		b.Start, b.End, b.Sequence = slotAt(1), slotAt(1).Add(30*time.Minute), b.Sequence+1
		_, err := s.Update(t.Context(), booking.Update{Booking: b, Now: t0, Reserve: &booking.Reserve{Capacity: 1}})
		return err
	})
	occ, _ := s.Occupancy(t.Context(), "r1", slotAt(1), slotAt(2), t0)
	if ok != 1 || len(occ) != 1 || occ[0].Taken != 1 {
		t.Errorf("%d moves into one place succeeded (occupancy %+v), want 1", ok, occ)
	}
}

// testConcurrentOffers races offers of a slot's freed places: each place goes to one waiting
// citizen, in order of arrival, and nobody gets two.
func testConcurrentOffers(t *testing.T, s booking.Store) {
	const places, waiting, tries = 3, 10, 40
	start := slotAt(1)
	for i := range waiting {
		e := booking.WaitEntry{ID: fmt.Sprint("w", i), ResourceID: "r1", Start: start, Request: newBooking("", fmt.Sprint("C", i), start, ""), JoinedAt: t0}
		if _, err := s.JoinWaitlist(t.Context(), booking.Join{Entry: e, Now: t0}); err != nil {
			t.Fatal(err)
		}
	}
	ok, _ := race(t, tries, booking.ErrSlotFull, func(i int) error {
		_, err := s.OfferNext(t.Context(), booking.Offer{ResourceID: "r1", Start: start, End: start.Add(30 * time.Minute),
			Capacity: places, Now: t0, BookingID: fmt.Sprint("o", i), Until: t0.Add(time.Hour)})
		return err
	})
	held, _ := s.List(t.Context(), booking.Filter{ResourceID: "r1", Statuses: []booking.Status{booking.StatusHeld}})
	var citizens []string
	for _, b := range held {
		citizens = append(citizens, b.Citizen)
	}
	slices.Sort(citizens)
	if ok != places || !slices.Equal(citizens, []string{"C0", "C1", "C2"}) {
		t.Errorf("%d offers made to %v, want %d to the first three in line", ok, citizens, places)
	}
}

// testConcurrentJoins races one citizen joining a slot's waitlist from many requests (a double
// click): one entry is kept.
func testConcurrentJoins(t *testing.T, s booking.Store) {
	start := slotAt(1)
	ok, _ := race(t, 50, booking.ErrConflict, func(i int) error {
		_, err := s.JoinWaitlist(t.Context(), booking.Join{Now: t0, Entry: booking.WaitEntry{ID: fmt.Sprint("w", i), ResourceID: "r1", Start: start,
			Request: newBooking("", "C1", start, ""), JoinedAt: t0}})
		return err
	})
	list, _ := s.ListWaitlist(t.Context(), "r1", start)
	if ok != 1 || len(list) != 1 {
		t.Errorf("%d joins succeeded, %d entries; want one", ok, len(list))
	}
}
