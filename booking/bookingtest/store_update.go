package bookingtest

import (
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

func testUpdateCAS(t *testing.T, s booking.Store) {
	ctx := t.Context()
	b := mustInsert(t, s, booking.Insert{Booking: newBooking("a", "C1", slotAt(1), booking.StatusPending), Capacity: 1, Now: t0})
	approved := b
	approved.Status = booking.StatusConfirmed
	approved.History = append(approved.History, booking.Change{At: t0, Status: booking.StatusConfirmed, By: booking.RoleOffice, Actor: "m1"})
	got, err := s.Update(ctx, booking.Update{Booking: approved, Now: t0})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if got.Version != 2 || got.Status != booking.StatusConfirmed || len(got.History) != 1 {
		t.Errorf("after update: %+v, want version 2, confirmed, one change", got)
	}
	refused := b // still version 1: a second moderator acting on a stale read
	refused.Status = booking.StatusRefused
	_, err = s.Update(ctx, booking.Update{Booking: refused, Now: t0})
	wantErr(t, "update with a stale version", err, booking.ErrConflict)
	if cur, _ := s.Get(ctx, "a"); cur.Status != booking.StatusConfirmed {
		t.Errorf("stale update changed the booking to %s", cur.Status)
	}
	if events, _ := s.Events(ctx, 0, 0); len(events) != 0 {
		t.Errorf("outbox after updates without events and a failed one = %+v, want empty", events)
	}
	stale := b
	stale.Status = booking.StatusCancelled
	_, err = s.Update(ctx, booking.Update{Booking: stale, Now: t0, Events: []booking.Event{booking.NewEvent(booking.EventCancelled, &stale, t0)}})
	wantErr(t, "second stale update", err, booking.ErrConflict)
	if events, _ := s.Events(ctx, 0, 0); len(events) != 0 {
		t.Errorf("a failed compare-and-swap wrote events %+v", events)
	}
	// Stored bookings are values: changing what Get returned changes nothing in the store.
	got.History[0].Actor = "changed"
	if cur, _ := s.Get(ctx, "a"); cur.History[0].Actor != "m1" {
		t.Errorf("the store shares its history slice with the caller: %+v", cur.History)
	}
	missing := b
	missing.ID = "nope"
	_, err = s.Update(ctx, booking.Update{Booking: missing, Now: t0})
	wantErr(t, "update of a missing booking", err, booking.ErrNotFound)
}

func testUpdateReserve(t *testing.T, s booking.Store) {
	ctx := t.Context()
	rs := &booking.Reserve{Capacity: 1}
	a := mustInsert(t, s, booking.Insert{Booking: newBooking("a", "", slotAt(1), booking.StatusConfirmed), Capacity: 1, Now: t0})
	mustInsert(t, s, booking.Insert{Booking: newBooking("b", "", slotAt(2), booking.StatusConfirmed), Capacity: 1, Now: t0})

	// Re-checking its own slot excludes the booking itself.
	same := a
	same.Sequence++
	a2, err := s.Update(ctx, booking.Update{Booking: same, Reserve: rs, Now: t0})
	if err != nil {
		t.Fatalf("Update with Reserve on its own full slot: %v", err)
	}
	moved := a2
	moved.Start, moved.End = slotAt(2), slotAt(2).Add(30*time.Minute)
	_, err = s.Update(ctx, booking.Update{Booking: moved, Reserve: rs, Now: t0})
	wantErr(t, "moving into a full slot", err, booking.ErrSlotFull)
	if cur, _ := s.Get(ctx, "a"); !cur.Start.Equal(slotAt(1)) || cur.Version != a2.Version {
		t.Errorf("a failed move changed the booking: %+v", cur)
	}
	moved.Start, moved.End = slotAt(3), slotAt(3).Add(30*time.Minute)
	if _, err := s.Update(ctx, booking.Update{Booking: moved, Reserve: rs, Now: t0}); err != nil {
		t.Fatalf("moving into a free slot: %v", err)
	}
	// The old slot is free again.
	mustInsert(t, s, booking.Insert{Booking: newBooking("c", "", slotAt(1), booking.StatusConfirmed), Capacity: 1, Now: t0})

	// Limits are checked on Reserve, excluding the booking itself.
	lim := booking.Limit{Citizen: "C1", ServiceID: "svc", OpenOnly: true, MaxCount: 1}
	d := mustInsert(t, s, booking.Insert{Booking: newBooking("d", "C1", slotAt(5), booking.StatusConfirmed), Capacity: 1, Now: t0, Limits: []booking.Limit{lim}})
	d.Start, d.End = slotAt(6), slotAt(6).Add(30*time.Minute)
	if _, err := s.Update(ctx, booking.Update{Booking: d, Now: t0, Reserve: &booking.Reserve{Capacity: 1, Limits: []booking.Limit{lim}}}); err != nil {
		t.Errorf("moving the citizen's only booking under a one-booking limit: %v", err)
	}

	// A free place of a slot with a waitlist is only for the waitlist: FromWaitlist lets it through.
	w := booking.WaitEntry{ID: "w", ResourceID: "r1", Start: slotAt(7), Request: newBooking("", "C7", slotAt(7), "")}
	if _, err := s.JoinWaitlist(ctx, booking.Join{Entry: w, Now: t0}); err != nil {
		t.Fatal(err)
	}
	e := mustInsert(t, s, booking.Insert{Booking: newBooking("e", "C8", slotAt(8), booking.StatusConfirmed), Capacity: 1, Now: t0})
	e.Start, e.End = slotAt(7), slotAt(7).Add(30*time.Minute)
	_, err = s.Update(ctx, booking.Update{Booking: e, Now: t0, Reserve: rs})
	wantErr(t, "moving ahead of the waitlist", err, booking.ErrSlotFull)
	if _, err := s.Update(ctx, booking.Update{Booking: e, Now: t0, Reserve: &booking.Reserve{Capacity: 1, FromWaitlist: true}}); err != nil {
		t.Errorf("a move with FromWaitlist: %v", err)
	}
}

func testListAndOccupancy(t *testing.T, s booking.Store) {
	ctx := t.Context()
	add := func(id, citizen string, hour int, st booking.Status, resource string) {
		b := newBooking(id, citizen, slotAt(hour), st)
		b.ResourceID = resource
		if st == booking.StatusHeld {
			b.HoldUntil = t0.Add(time.Hour)
		}
		mustInsert(t, s, booking.Insert{Booking: b, Capacity: 5, Now: t0})
	}
	add("e", "C1", 3, booking.StatusConfirmed, "r1")
	add("d", "C2", 1, booking.StatusPending, "r1")
	add("c", "C1", 1, booking.StatusHeld, "r1")
	add("b", "C1", 2, booking.StatusCancelled, "r1")
	add("a", "C3", 1, booking.StatusConfirmed, "r2")

	ids := func(f booking.Filter) []string {
		list, err := s.List(ctx, f)
		if err != nil {
			t.Fatalf("List(%+v): %v", f, err)
		}
		var out []string
		for _, b := range list {
			out = append(out, b.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		f    booking.Filter
		want []string
	}{
		{"all, by start then id", booking.Filter{}, []string{"a", "c", "d", "b", "e"}},
		{"resource", booking.Filter{ResourceID: "r1"}, []string{"c", "d", "b", "e"}},
		{"citizen", booking.Filter{Citizen: "C1"}, []string{"c", "b", "e"}},
		{"range", booking.Filter{From: slotAt(2), To: slotAt(3)}, []string{"b"}},
		{"statuses", booking.Filter{Statuses: []booking.Status{booking.StatusConfirmed, booking.StatusHeld}}, []string{"a", "c", "e"}},
		{"combined", booking.Filter{ResourceID: "r1", Citizen: "C1", Statuses: []booking.Status{booking.StatusConfirmed}}, []string{"e"}},
	} {
		if got := ids(tc.f); !equal(got, tc.want) {
			t.Errorf("List %s = %v, want %v", tc.name, got, tc.want)
		}
	}

	occ, err := s.Occupancy(ctx, "r1", slotAt(0), slotAt(4), t0)
	if err != nil {
		t.Fatal(err)
	}
	want := []booking.Occupancy{{Start: slotAt(1), Taken: 2}, {Start: slotAt(3), Taken: 1}}
	if len(occ) != len(want) {
		t.Fatalf("Occupancy = %+v, want %+v", occ, want)
	}
	for i := range want {
		if !occ[i].Start.Equal(want[i].Start) || occ[i].Taken != want[i].Taken {
			t.Errorf("Occupancy[%d] = %+v, want %+v", i, occ[i], want[i])
		}
	}
	occ, _ = s.Occupancy(ctx, "r1", slotAt(0), slotAt(2), t0.Add(2*time.Hour)) // the hold has lapsed
	if len(occ) != 1 || occ[0].Taken != 1 {
		t.Errorf("Occupancy after the hold lapsed = %+v, want one place at 1h", occ)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func testWaitlist(t *testing.T, s booking.Store) {
	ctx := t.Context()
	start := slotAt(1)
	mustInsert(t, s, booking.Insert{Booking: newBooking("taken", "C0", start, booking.StatusConfirmed), Capacity: 1, Now: t0})
	offer := booking.Offer{ResourceID: "r1", Start: start, End: start.Add(30 * time.Minute), Capacity: 1, Now: t0, BookingID: "o1", Until: t0.Add(time.Hour)}
	_, err := s.OfferNext(ctx, offer)
	wantErr(t, "offer with nobody waiting", err, booking.ErrNotFound)
	for i, c := range []string{"C1", "C2"} {
		req := newBooking("", c, start, "")
		e, err := s.JoinWaitlist(ctx, booking.Join{Now: t0, Entry: booking.WaitEntry{ID: "w" + c, ResourceID: "r1", Start: start, Request: req, JoinedAt: t0.Add(time.Duration(i) * time.Minute)}})
		if err != nil || e.State != booking.WaitWaiting {
			t.Fatalf("JoinWaitlist(%s) = %+v, %v", c, e, err)
		}
	}
	_, err = s.JoinWaitlist(ctx, booking.Join{Now: t0, Entry: booking.WaitEntry{ID: "again", ResourceID: "r1", Start: start, Request: newBooking("", "C1", start, "")}})
	wantErr(t, "joining twice", err, booking.ErrConflict)
	wantOccupancy(t, s, start, t0, booking.Occupancy{Start: start, Taken: 1, Waiting: 2})

	_, err = s.OfferNext(ctx, offer)
	wantErr(t, "offer on a full slot", err, booking.ErrSlotFull)
	taken, _ := s.Get(ctx, "taken")
	taken.Status = booking.StatusCancelled
	if _, err := s.Update(ctx, booking.Update{Booking: taken, Now: t0}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Insert(ctx, booking.Insert{Booking: newBooking("jump", "C9", start, booking.StatusConfirmed), Capacity: 1, Now: t0})
	wantErr(t, "insert ahead of the waitlist", err, booking.ErrSlotFull)

	after, _ := s.Events(ctx, 0, 0)
	got, err := s.OfferNext(ctx, offer)
	b := got.Booking
	if err != nil {
		t.Fatalf("OfferNext: %v", err)
	}
	if b.ID != "o1" || b.Citizen != "C1" || b.Status != booking.StatusHeld || !b.FromWaitlist || !b.HoldUntil.Equal(offer.Until) || b.Version != 1 {
		t.Errorf("offered booking = %+v, want o1 held for C1 until %v", b, offer.Until)
	}
	wantOccupancy(t, s, start, t0, booking.Occupancy{Start: start, Taken: 1, Waiting: 1})
	list, _ := s.ListWaitlist(ctx, "r1", start)
	if len(list) != 2 || list[0].State != booking.WaitOffered || list[0].BookingID != "o1" || list[1].State != booking.WaitWaiting {
		t.Errorf("waitlist after the offer = %+v", list)
	}
	events, _ := s.Events(ctx, int64(len(after)), 0)
	if len(events) != 1 || events[0].Type != booking.EventWaitlistOffer || events[0].BookingID != "o1" || events[0].Citizen != "C1" || !events[0].Until.Equal(offer.Until) {
		t.Errorf("events after the offer = %+v, want one waitlist offer for o1", events)
	}
	offer.BookingID = "o2"
	_, err = s.OfferNext(ctx, offer)
	wantErr(t, "second offer while the first holds the place", err, booking.ErrSlotFull)
	offer.Now = t0.Add(time.Hour) // the first offer lapsed
	offer.Until = offer.Now.Add(time.Hour)
	if got, err := s.OfferNext(ctx, offer); err != nil || got.Booking.Citizen != "C2" {
		t.Errorf("offer to the next in line = %+v, %v; want C2", got.Booking, err)
	}

	// A slot with nobody in it but a citizen waiting (the offer lapsed, no sweep yet) is reported,
	// and only a waitlist offer may take its free place.
	later := slotAt(2)
	if _, err := s.JoinWaitlist(ctx, booking.Join{Now: t0, Entry: booking.WaitEntry{ID: "wl", ResourceID: "r1", Start: later, Request: newBooking("", "C5", later, "")}}); err != nil {
		t.Fatal(err)
	}
	wantOccupancy(t, s, later, t0, booking.Occupancy{Start: later, Waiting: 1})
	_, err = s.Insert(ctx, booking.Insert{Booking: newBooking("n1", "C6", later, booking.StatusConfirmed), Capacity: 1, Now: t0})
	wantErr(t, "insert into a free place kept for the waitlist", err, booking.ErrSlotFull)
	fromList := booking.Insert{Booking: newBooking("n2", "C5", later, booking.StatusConfirmed), Capacity: 1, Now: t0, FromWaitlist: true}
	mustInsert(t, s, fromList)
}

// wantOccupancy checks the store's occupancy of the one slot at start.
func wantOccupancy(t *testing.T, s booking.Store, start, now time.Time, want booking.Occupancy) {
	t.Helper()
	occ, err := s.Occupancy(t.Context(), "r1", start, start.Add(time.Minute), now)
	if err != nil || len(occ) != 1 || !occ[0].Start.Equal(want.Start) || occ[0].Taken != want.Taken || occ[0].Waiting != want.Waiting {
		t.Errorf("Occupancy(%v) = %+v, %v; want [%+v]", start, occ, err, want)
	}
}

func testOutbox(t *testing.T, s booking.Store) {
	ctx := t.Context()
	b := newBooking("a", "C1", slotAt(1), booking.StatusConfirmed)
	ev := booking.NewEvent(booking.EventConfirmed, &b, t0)
	mustInsert(t, s, booking.Insert{Booking: b, Capacity: 1, Now: t0, Events: []booking.Event{ev, ev}})
	_, err := s.Insert(ctx, booking.Insert{Booking: newBooking("b", "C2", slotAt(1), booking.StatusConfirmed), Capacity: 1, Now: t0, Events: []booking.Event{ev}})
	wantErr(t, "full insert", err, booking.ErrSlotFull)
	stored, _ := s.Get(ctx, "a")
	stored.Status = booking.StatusCancelled
	cancelled := booking.NewEvent(booking.EventCancelled, &stored, t0)
	if _, err := s.Update(ctx, booking.Update{Booking: stored, Now: t0, Events: []booking.Event{cancelled}}); err != nil {
		t.Fatal(err)
	}
	all, err := s.Events(ctx, 0, 0)
	if err != nil || len(all) != 3 {
		t.Fatalf("Events = %+v, %v; want 3 (a failed insert writes none)", all, err)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq <= all[i-1].Seq {
			t.Errorf("Seq not increasing: %d after %d", all[i].Seq, all[i-1].Seq)
		}
	}
	if all[2].Type != booking.EventCancelled || all[0].BookingID != "a" {
		t.Errorf("Events = %+v", all)
	}
	page, _ := s.Events(ctx, all[0].Seq, 1)
	if len(page) != 1 || page[0].Seq != all[1].Seq {
		t.Errorf("Events(after first, 1) = %+v, want the second", page)
	}
}
