package bookingtest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

// perService is the limit the tests apply to a waitlist offer: one open booking per service.
func perService(b *booking.Booking) []booking.Limit {
	return []booking.Limit{{Citizen: b.Citizen, ServiceID: b.ServiceID, OpenOnly: true, MaxCount: 1}}
}

func join(t *testing.T, s booking.Store, id, citizen string, start time.Time) booking.WaitEntry {
	t.Helper()
	e, err := s.JoinWaitlist(t.Context(), booking.Join{Now: t0,
		Entry: booking.WaitEntry{ID: id, ResourceID: "r1", Start: start, Request: newBooking("", citizen, start, ""), JoinedAt: t0}})
	if err != nil {
		t.Fatalf("JoinWaitlist(%s): %v", id, err)
	}
	return e
}

// testWaitlistLimits checks the per-citizen limits on joining a waitlist and on an offer: an offer
// passes over, in the same atomic step, the citizens it would put above a limit.
func testWaitlistLimits(t *testing.T, s booking.Store) {
	ctx := t.Context()
	start := slotAt(1)
	mustInsert(t, s, booking.Insert{Booking: newBooking("c1", "C1", slotAt(5), booking.StatusConfirmed), Capacity: 1, Now: t0})
	e := booking.WaitEntry{ID: "w0", ResourceID: "r1", Start: start, Request: newBooking("", "C1", start, ""), JoinedAt: t0}
	_, err := s.JoinWaitlist(ctx, booking.Join{Entry: e, Now: t0, Limits: perService(&e.Request)})
	wantErr(t, "joining above a limit", err, booking.ErrLimit)
	if list, _ := s.ListWaitlist(ctx, "r1", start); len(list) != 0 {
		t.Errorf("a refused join left %+v", list)
	}

	mustInsert(t, s, booking.Insert{Booking: newBooking("taken", "C0", start, booking.StatusConfirmed), Capacity: 1, Now: t0})
	join(t, s, "w1", "C1", start) // joined with no limit: the offer must catch it
	join(t, s, "w2", "C2", start)
	join(t, s, "w3", "C3", start)
	hold := newBooking("c2", "C2", slotAt(6), booking.StatusHeld) // a live hold counts as open
	hold.HoldUntil = t0.Add(time.Hour)
	mustInsert(t, s, booking.Insert{Booking: hold, Capacity: 1, Now: t0})
	offer := booking.Offer{ResourceID: "r1", Start: start, End: start.Add(30 * time.Minute), Capacity: 1, Now: t0,
		BookingID: "o1", Until: t0.Add(time.Hour), Limits: perService}
	_, err = s.OfferNext(ctx, offer)
	wantErr(t, "offer on a full slot", err, booking.ErrSlotFull)
	if list, _ := s.ListWaitlist(ctx, "r1", start); list[0].State != booking.WaitWaiting {
		t.Errorf("an offer that failed on a full slot skipped %+v", list[0])
	}

	taken, _ := s.Get(ctx, "taken")
	taken.Status = booking.StatusCancelled
	if _, err := s.Update(ctx, booking.Update{Booking: taken, Now: t0}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.Events(ctx, 0, 0)
	got, err := s.OfferNext(ctx, offer)
	if err != nil {
		t.Fatalf("OfferNext: %v", err)
	}
	if got.Booking.ID != "o1" || got.Booking.Citizen != "C3" || got.Booking.Status != booking.StatusHeld {
		t.Errorf("offered %+v, want o1 held for C3 (C1 and C2 are at their limit)", got.Booking)
	}
	if len(got.Skipped) != 2 || got.Skipped[0].ID != "w1" || got.Skipped[1].ID != "w2" || got.Skipped[0].State != booking.WaitSkipped {
		t.Errorf("skipped %+v, want w1 and w2", got.Skipped)
	}
	events, _ := s.Events(ctx, int64(len(before)), 0)
	if !sameEvents(events, got.Events) || len(events) != 3 {
		t.Fatalf("outbox %+v, returned %+v; want the same three events", events, got.Events)
	}
	for i, w := range []struct {
		typ            booking.EventType
		entry, booking string
	}{{booking.EventWaitlistSkipped, "w1", ""}, {booking.EventWaitlistSkipped, "w2", ""}, {booking.EventWaitlistOffer, "w3", "o1"}} {
		if ev := events[i]; ev.Type != w.typ || ev.EntryID != w.entry || ev.BookingID != w.booking || !ev.Start.Equal(start) {
			t.Errorf("event %d = %+v, want %s for entry %s", i, ev, w.typ, w.entry)
		}
	}
	list, _ := s.ListWaitlist(ctx, "r1", start)
	var states []booking.WaitState
	for _, e := range list {
		states = append(states, e.State)
	}
	if !slices.Equal(states, []booking.WaitState{booking.WaitSkipped, booking.WaitSkipped, booking.WaitOffered}) {
		t.Errorf("waitlist states %v, want skipped, skipped, offered", states)
	}

	// Everyone left waiting is at a limit: they are skipped and nothing is offered; the place is
	// free for anyone, the waitlist no longer keeping it.
	later := slotAt(2)
	join(t, s, "w4", "C1", later)
	offer.Start, offer.End, offer.BookingID = later, later.Add(30*time.Minute), "o2"
	got, err = s.OfferNext(ctx, offer)
	if err != nil || got.Booking.ID != "" || len(got.Skipped) != 1 || len(got.Events) != 1 {
		t.Errorf("offer with only citizens at a limit = %+v, %v; want one skip and no booking", got, err)
	}
	if _, err := s.Get(ctx, "o2"); err == nil {
		t.Error("a booking was stored for an offer nobody could take")
	}
	if occ, err := s.Occupancy(ctx, "r1", later, later.Add(time.Minute), t0); err != nil || len(occ) != 0 {
		t.Errorf("Occupancy after everyone was skipped = %+v, %v; want nobody waiting", occ, err)
	}
	mustInsert(t, s, booking.Insert{Booking: newBooking("n", "C9", later, booking.StatusConfirmed), Capacity: 1, Now: t0})
}

func sameEvents(a, b []booking.Event) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		x.Seq, y.Seq = 0, 0
		if !same(x, y) {
			return false
		}
	}
	return true
}

// testConcurrentOfferLimits races offers of places in many slots, each with the same citizen first
// in line, under a limit of one open booking: the citizen gets one offer, the other places go to
// the next in line. Limits span slots, so the slot lock alone does not serialise these offers.
func testConcurrentOfferLimits(t *testing.T, s booking.Store) {
	const slots = 20
	for i := range slots {
		join(t, s, fmt.Sprint("a", i), "C1", slotAt(i))
		join(t, s, fmt.Sprint("b", i), fmt.Sprint("D", i), slotAt(i))
	}
	ok, _ := race(t, slots, nil, func(i int) error {
		_, err := s.OfferNext(t.Context(), booking.Offer{ResourceID: "r1", Start: slotAt(i), End: slotAt(i).Add(30 * time.Minute),
			Capacity: 1, Now: t0, BookingID: fmt.Sprint("o", i), Until: t0.Add(time.Hour), Limits: perService})
		return err
	})
	mine, _ := s.List(t.Context(), booking.Filter{Citizen: "C1"})
	all, _ := s.List(t.Context(), booking.Filter{ResourceID: "r1"})
	if ok != slots || len(mine) != 1 || len(all) != slots {
		t.Errorf("%d offers, C1 has %d, %d bookings in all; want C1 to get one and every place offered", ok, len(mine), len(all))
	}
}

// testWaitlistSeatFallback checks that an offer does not fail when the seat the waiting citizen
// asked for is taken while another seat is free: the place goes to the citizen on a free seat,
// instead of staying held back for the waitlist.
func testWaitlistSeatFallback(t *testing.T, s booking.Store) {
	ctx := t.Context()
	start, seats := slotAt(1), []string{"A", "B"}
	first := newBooking("a", "C0", start, booking.StatusConfirmed)
	first.Seat = "A"
	mustInsert(t, s, booking.Insert{Booking: first, Capacity: 2, Seats: seats, Now: t0})
	second := newBooking("b", "C9", start, booking.StatusConfirmed)
	second.Seat = "B"
	mustInsert(t, s, booking.Insert{Booking: second, Capacity: 2, Seats: seats, Now: t0})
	req := newBooking("", "C1", start, "")
	req.Seat = "A" // the citizen would like seat A, which stays taken
	if _, err := s.JoinWaitlist(ctx, booking.Join{Now: t0, Entry: booking.WaitEntry{ID: "w1", ResourceID: "r1", Start: start, Request: req, JoinedAt: t0}}); err != nil {
		t.Fatalf("JoinWaitlist: %v", err)
	}
	freed, _ := s.Get(ctx, "b")
	freed.Status = booking.StatusCancelled
	if _, err := s.Update(ctx, booking.Update{Booking: freed, Now: t0}); err != nil {
		t.Fatal(err)
	}
	got, err := s.OfferNext(ctx, booking.Offer{ResourceID: "r1", Start: start, End: start.Add(30 * time.Minute), Capacity: 2,
		Seats: seats, Now: t0, BookingID: "o1", Until: t0.Add(time.Hour)})
	if err != nil {
		t.Fatalf("OfferNext with the preferred seat taken: %v", err)
	}
	if got.Booking.Citizen != "C1" || got.Booking.Seat != "B" {
		t.Errorf("offered %s seat %q, want C1 on the free seat B", got.Booking.Citizen, got.Booking.Seat)
	}
}
