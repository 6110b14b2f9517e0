package booking_test

import (
	"slices"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

// TestWaitlistJoinRespectsLimits: a citizen already at a per-citizen limit cannot join a waitlist,
// since the offer it leads to could never be confirmed.
func TestWaitlistJoinRespectsLimits(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		policy booking.Policy
	}{
		{"one open booking per service", booking.Policy{}},
		{"minutes per week", booking.Policy{MaxOpenPerService: -1, MaxMinutesPerWeek: 30}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := oneDesk()
			r.Policy = tc.policy
			h := newHarness(t, r)
			ctx := t.Context()
			must(h.Book(ctx, req("anagrafe", "A", at(2, 9, 0))))
			must(h.Book(ctx, req("anagrafe", "B", at(2, 10, 0))))
			_, err := h.JoinWaitlist(ctx, req("anagrafe", "A", at(2, 10, 0)))
			wantErr(t, "joining at the limit", err, booking.ErrLimit)
			if list := must(h.store.ListWaitlist(ctx, "anagrafe", at(2, 10, 0))); len(list) != 0 {
				t.Errorf("waitlist = %+v, want empty", list)
			}
			must(h.JoinWaitlist(ctx, req("anagrafe", "C", at(2, 10, 0))))
		})
	}
}

// TestWaitlistOfferSkipsCitizensAtLimit: a citizen who reached a limit after joining (booked
// another slot meanwhile) is passed over when a place frees up, with an event, and the place goes
// to the next in line at once instead of being held for an offer that cannot be confirmed.
func TestWaitlistOfferSkipsCitizensAtLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t, oneDesk())
	ctx := t.Context()
	start := at(2, 9, 0)
	first := must(h.Book(ctx, req("anagrafe", "A", start)))
	bEntry := must(h.JoinWaitlist(ctx, req("anagrafe", "B", start)))
	must(h.JoinWaitlist(ctx, req("anagrafe", "C", start)))
	must(h.Book(ctx, req("anagrafe", "B", at(3, 9, 0)))) // B is now at the one-booking limit
	h.notified()

	must(h.Cancel(ctx, first.Booking.ID, "A"))
	want := []booking.EventType{booking.EventCancelled, booking.EventWaitlistSkipped, booking.EventWaitlistOffer}
	if ev := h.notified(); !slices.Equal(ev, want) {
		t.Fatalf("events after the cancellation = %v, want %v", ev, want)
	}
	offers := must(h.store.List(ctx, booking.Filter{Citizen: "C", Statuses: []booking.Status{booking.StatusHeld}}))
	if len(offers) != 1 || !offers[0].FromWaitlist {
		t.Fatalf("C's offer = %+v, want the freed place", offers)
	}
	must(h.Confirm(ctx, offers[0].ID, "C"))
	list := must(h.store.ListWaitlist(ctx, "anagrafe", start))
	if len(list) != 2 || list[0].State != booking.WaitSkipped || list[1].State != booking.WaitOffered {
		t.Errorf("waitlist = %+v, want B skipped and C offered", list)
	}
	stored := must(h.store.Events(ctx, 0, 0))
	i := slices.IndexFunc(stored, func(e booking.Event) bool { return e.Type == booking.EventWaitlistSkipped })
	if i < 0 || stored[i].Citizen != "B" || stored[i].EntryID != bEntry.ID || stored[i].BookingID != "" || !stored[i].Start.Equal(start) {
		t.Errorf("outbox skip event = %+v, want B's entry %s", stored, bEntry.ID)
	}
}

// TestWaitlistAllSkippedFreesThePlace: when everyone waiting is at a limit, the place is not kept
// for the waitlist: a newcomer can book it.
func TestWaitlistAllSkippedFreesThePlace(t *testing.T) {
	t.Parallel()
	r := oneDesk()
	r.Policy.MaxOpenPerService = -1
	r.Policy.MaxMinutesPerWeek = 30
	h := newHarness(t, r)
	ctx := t.Context()
	start := at(2, 9, 0)
	first := must(h.Book(ctx, req("anagrafe", "A", start)))
	must(h.JoinWaitlist(ctx, req("anagrafe", "B", start)))
	must(h.Book(ctx, req("anagrafe", "B", at(1, 9, 0)))) // B's 30 minutes this week
	h.clock.Add(time.Minute)
	must(h.CancelByOffice(ctx, first.Booking.ID, "op", "sportello chiuso"))
	if got := must(h.CitizenBookings(ctx, "B")); len(got) != 1 {
		t.Errorf("B's bookings = %+v, want only the one B booked (no offer)", got)
	}
	must(h.Book(ctx, req("anagrafe", "D", start)))
}
