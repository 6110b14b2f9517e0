package booking_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

func TestWaitlist(t *testing.T) {
	t.Parallel()
	r := oneDesk()
	r.Policy.OfferTTL = 30 * time.Minute
	h := newHarness(t, r)
	ctx := t.Context()
	start := at(2, 9, 0)
	first := must(h.Book(ctx, req("anagrafe", "A", start)))
	for _, c := range []string{"B", "C"} {
		if e := must(h.JoinWaitlist(ctx, req("anagrafe", c, start))); e.State != booking.WaitWaiting {
			t.Errorf("%s: entry %+v", c, e)
		}
	}
	_, err := h.JoinWaitlist(ctx, req("anagrafe", "B", start))
	wantErr(t, "join twice", err, booking.ErrConflict)
	h.notified()

	must(h.Cancel(ctx, first.Booking.ID, "A"))
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventCancelled, booking.EventWaitlistOffer}) {
		t.Fatalf("events after the cancellation = %v", ev)
	}
	_, err = h.Book(ctx, req("anagrafe", "D", start))
	wantErr(t, "newcomer while the place is offered", err, booking.ErrSlotFull)
	offers := must(h.store.List(ctx, booking.Filter{Citizen: "B", Statuses: []booking.Status{booking.StatusHeld}}))
	if len(offers) != 1 || !offers[0].FromWaitlist || !offers[0].HoldUntil.Equal(h.clock.Now().Add(30*time.Minute)) {
		t.Fatalf("B's offer = %+v", offers)
	}

	// B lets the offer lapse; the next sweep offers the place to C, who accepts.
	h.clock.Add(31 * time.Minute)
	must(h.Sweep(ctx))
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventOfferExpired, booking.EventWaitlistOffer}) {
		t.Fatalf("events after the sweep = %v", ev)
	}
	_, err = h.Confirm(ctx, offers[0].ID, "B")
	wantErr(t, "B confirms a lapsed offer", err, booking.ErrHoldExpired)
	offers = must(h.store.List(ctx, booking.Filter{Citizen: "C", Statuses: []booking.Status{booking.StatusHeld}}))
	if len(offers) != 1 {
		t.Fatalf("C's offer = %+v", offers)
	}
	rc := must(h.Confirm(ctx, offers[0].ID, "C"))
	if rc.Booking.Status != booking.StatusConfirmed || rc.CancelToken == "" {
		t.Errorf("C's booking = %+v", rc.Booking)
	}
	// The waitlist is served: the slot is simply full now.
	_, err = h.Book(ctx, req("anagrafe", "D", start))
	wantErr(t, "full slot", err, booking.ErrSlotFull)
	list := must(h.store.ListWaitlist(ctx, "anagrafe", start))
	if len(list) != 2 || list[0].State != booking.WaitOffered || list[1].State != booking.WaitOffered {
		t.Errorf("waitlist = %+v", list)
	}
}

func TestWaitlistJoinFreeSlot(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	must(h.JoinWaitlist(ctx, req("anagrafe", "A", at(2, 9, 0))))
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventWaitlistOffer}) {
		t.Errorf("joining a free slot: events %v, want an immediate offer", ev)
	}
}

func TestOutboxMatchesNotify(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe(), sala())
	ctx := t.Context()
	rc := must(h.Book(ctx, req("anagrafe", "A", at(2, 9, 0))))
	must(h.Reschedule(ctx, rc.Booking.ID, "A", at(2, 10, 0)))
	p := must(h.Book(ctx, booking.Request{ResourceID: "sala", Start: at(3, 14, 0), Citizen: "B"}))
	must(h.Approve(ctx, p.Booking.ID, "m2"))
	must(h.CancelByOffice(ctx, rc.Booking.ID, "op", "chiusura"))
	notified := h.notified()
	stored := must(h.store.Events(ctx, 0, 0))
	var types []booking.EventType
	for _, e := range stored {
		types = append(types, e.Type)
	}
	want := []booking.EventType{booking.EventConfirmed, booking.EventRescheduled, booking.EventPending, booking.EventConfirmed, booking.EventCancelled}
	if !slices.Equal(types, want) || !slices.Equal(notified, want) {
		t.Errorf("outbox %v, notified %v, want %v", types, notified, want)
	}
	if last := stored[len(stored)-1]; last.Reason != "chiusura" || last.Citizen != "A" || last.Seq != 5 {
		t.Errorf("cancellation event = %+v", last)
	}
}

// TestAvailabilityYieldsToWaitlist: a slot with citizens on its waitlist has no place for a
// newcomer even when a place is momentarily free (an offer lapsed and no sweep has run yet), so
// Availability, Days and FirstAvailable must agree with Hold and Book.
func TestAvailabilityYieldsToWaitlist(t *testing.T) {
	t.Parallel()
	r := oneDesk()
	r.Policy.MinNotice = 0
	r.Policy.OfferTTL = 20 * time.Minute
	h := newHarness(t, r)
	ctx := t.Context()
	start := at(0, 9, 0) // today's first slot; the clock reads 08:00
	a := must(h.Book(ctx, req("anagrafe", "A", start)))
	must(h.JoinWaitlist(ctx, req("anagrafe", "B", start)))
	must(h.CancelByOffice(ctx, a.Booking.ID, "op", "sportello chiuso")) // offered to B
	must(h.JoinWaitlist(ctx, req("anagrafe", "C", start)))
	h.clock.Add(21 * time.Minute) // B's offer lapses; C waits; no sweep yet

	_, err := h.Hold(ctx, req("anagrafe", "D", start))
	wantErr(t, "a newcomer ahead of the waitlist", err, booking.ErrSlotFull)
	slots := must(h.Availability(ctx, "anagrafe", monday, monday))
	if len(slots) != 6 || !slots[0].Start.Equal(start) {
		t.Fatalf("availability = %+v, want six slots from 09:00", slots)
	}
	if sl := slots[0]; sl.Free() != 0 || sl.Waiting != 1 || sl.Taken != 0 {
		t.Errorf("09:00 = %+v (free %d), want no free place, nothing taken and one citizen waiting", sl, sl.Free())
	}
	if days := must(h.Days(ctx, "anagrafe", monday, monday)); len(days) != 1 || days[0].Free != 5 || days[0].Taken != 0 || days[0].Waiting != 1 {
		t.Errorf("days = %+v, want five free places, none taken, one citizen waiting", days)
	}
	if first := must(h.FirstAvailable(ctx, "anagrafe")); !first.Start.Equal(at(0, 9, 30)) {
		t.Errorf("first available = %v, want 09:30 (09:00 is kept for the waitlist)", first.Start)
	}
}

// failingOffers is a store whose OfferNext fails while fail is set, as a database error or a crash
// between a cancellation and its offer would leave things.
type failingOffers struct {
	booking.Store
	fail atomic.Bool
}

func (s *failingOffers) OfferNext(ctx context.Context, of booking.Offer) (booking.Offered, error) {
	if s.fail.Load() {
		return booking.Offered{}, errors.New("connection reset")
	}
	return s.Store.OfferNext(ctx, of)
}

// TestSweepOffersPlacesLeftFree: when the offer that should follow a cancellation fails, the
// place stays free but kept for the waitlist; the next Sweep offers it to the first in line.
func TestSweepOffersPlacesLeftFree(t *testing.T) {
	t.Parallel()
	store := &failingOffers{Store: booking.NewMemoryStore()}
	clock := &testClock{}
	clock.Set(monday.At(8, 0))
	s, err := booking.New(booking.Config{Store: store, Calendar: testCalendar(t), Now: clock.Now,
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	r := oneDesk()
	ctx := t.Context()
	if err := s.PutResource(ctx, r); err != nil {
		t.Fatal(err)
	}
	start := at(2, 9, 0)
	rc := must(s.Book(ctx, req("anagrafe", "A", start)))
	must(s.JoinWaitlist(ctx, req("anagrafe", "B", start)))
	store.fail.Store(true)
	must(s.Cancel(ctx, rc.Booking.ID, "A"))
	store.fail.Store(false)
	if held := must(s.CitizenBookings(ctx, "B")); len(held) != 0 {
		t.Fatalf("B has %+v before the sweep, want nothing (the offer failed)", held)
	}
	must(s.Sweep(ctx))
	held := must(s.CitizenBookings(ctx, "B"))
	if len(held) != 1 || held[0].Status != booking.StatusHeld || !held[0].FromWaitlist {
		t.Errorf("after the sweep B has %+v, want the offered place", held)
	}
}

// TestWaitlistOffersEndAtTheStart: an offer never outlives the appointment it offers, and a place
// freed once the slot has started is offered to nobody.
func TestWaitlistOffersEndAtTheStart(t *testing.T) {
	t.Parallel()
	r := oneDesk()
	r.Policy.OfferTTL = 2 * time.Hour
	r.Policy.MaxOpenPerService = -1 // B waits for two slots of one service
	h := newHarness(t, r)
	ctx := t.Context()
	var booked []booking.Receipt
	for i, start := range []time.Time{at(2, 9, 0), at(2, 9, 30)} {
		booked = append(booked, must(h.Book(ctx, req("anagrafe", fmt.Sprint("A", i), start))))
		must(h.JoinWaitlist(ctx, req("anagrafe", "B", start)))
	}
	for _, rc := range booked {
		h.clock.Set(rc.Booking.Start.Add(-time.Hour))
		must(h.CancelByOffice(ctx, rc.Booking.ID, "op", "sportello chiuso"))
	}
	offers := must(h.CitizenBookings(ctx, "B"))
	if len(offers) != 2 || !offers[0].HoldUntil.Equal(at(2, 9, 0)) || !offers[1].HoldUntil.Equal(at(2, 9, 30)) {
		t.Errorf("offers = %+v, want each held until its slot starts", offers)
	}

	start := at(3, 9, 0)
	rc := must(h.Book(ctx, req("anagrafe", "C", start)))
	must(h.JoinWaitlist(ctx, req("anagrafe", "D", start)))
	h.clock.Set(start.Add(5 * time.Minute))
	must(h.CancelByOffice(ctx, rc.Booking.ID, "op", "sportello chiuso"))
	must(h.Sweep(ctx))
	if got := must(h.CitizenBookings(ctx, "D")); len(got) != 0 {
		t.Errorf("D was offered a slot that had started: %+v", got)
	}
}
