package booking_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/siopi/siopi/booking"
)

// TestRescheduleByOffice: the office moves a booking with a reason, past the citizen's cut-off and
// notice, keeping its ID, iCalendar UID and history; the citizen gets an event with the reason, and
// the old place goes to the waitlist.
func TestRescheduleByOffice(t *testing.T) {
	t.Parallel()
	h := newHarness(t, oneDesk())
	ctx := t.Context()
	a := must(h.Book(ctx, req("anagrafe", "A", at(1, 9, 0))))
	must(h.Book(ctx, req("anagrafe", "B", at(1, 9, 30))))
	must(h.JoinWaitlist(ctx, req("anagrafe", "C", at(1, 9, 0))))
	h.clock.Set(at(1, 8, 0)) // inside the 24 h cut-off and the 2 h notice
	h.notified()

	_, err := h.Reschedule(ctx, a.Booking.ID, "A", at(1, 10, 0))
	wantErr(t, "the citizen inside the cut-off", err, booking.ErrTooLate)
	for _, tc := range []struct {
		name   string
		reason string
		start  time.Time
		want   error
	}{
		{"no reason", "", at(1, 10, 0), booking.ErrInvalid},
		{"a full slot", "sportello chiuso", at(1, 9, 30), booking.ErrSlotFull},
		{"off the grid", "sportello chiuso", at(1, 10, 10), booking.ErrNoSlot},
		{"a slot already started", "sportello chiuso", at(0, 9, 0), booking.ErrTooLate},
	} {
		_, err := h.RescheduleByOffice(ctx, a.Booking.ID, "op1", tc.reason, tc.start)
		wantErr(t, tc.name, err, tc.want)
	}
	if cur := must(h.store.Get(ctx, a.Booking.ID)); !cur.Start.Equal(at(1, 9, 0)) || cur.Version != a.Booking.Version {
		t.Fatalf("failed moves changed the booking: %+v", cur)
	}

	b := must(h.RescheduleByOffice(ctx, a.Booking.ID, "op1", "sportello chiuso", at(1, 11, 30)))
	if b.ID != a.Booking.ID || !b.Start.Equal(at(1, 11, 30)) || b.Sequence != 1 || b.Status != booking.StatusConfirmed {
		t.Errorf("moved booking = %+v", b)
	}
	last := b.History[len(b.History)-1]
	if last.By != booking.RoleOffice || last.Actor != "op1" || last.Reason != "sportello chiuso" || !last.PrevStart.Equal(at(1, 9, 0)) {
		t.Errorf("history entry = %+v", last)
	}
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventRescheduled, booking.EventWaitlistOffer}) {
		t.Errorf("events = %v, want rescheduled, then the old place offered", ev)
	}
	stored := must(h.store.Events(ctx, 0, 0))
	i := slices.IndexFunc(stored, func(e booking.Event) bool { return e.Type == booking.EventRescheduled })
	if i < 0 || stored[i].Reason != "sportello chiuso" || stored[i].Citizen != "A" || !stored[i].Start.Equal(at(1, 11, 30)) {
		t.Errorf("rescheduled event = %+v", stored)
	}
	_, ev := decode(t, must(h.ICS(ctx, b.ID)))
	if ev.Props.Get(ical.PropSequence).Value != "1" {
		t.Errorf("SEQUENCE %s, want 1", ev.Props.Get(ical.PropSequence).Value)
	}
	if offers := must(h.CitizenBookings(ctx, "C")); len(offers) != 1 || !offers[0].Start.Equal(at(1, 9, 0)) {
		t.Errorf("C's offer = %+v, want the place A left", offers)
	}
	must(h.CancelByOffice(ctx, b.ID, "op1", "annullato"))
	_, err = h.RescheduleByOffice(ctx, b.ID, "op1", "sportello chiuso", at(1, 10, 0))
	wantErr(t, "moving a cancelled booking", err, booking.ErrTransition)
}

// TestRescheduleByOfficeLastPlace: operators moving many bookings into one last place at once put
// exactly one there.
func TestRescheduleByOfficeLastPlace(t *testing.T) {
	t.Parallel()
	r := oneDesk()
	r.Policy.MaxOpenPerService = -1
	h := newHarness(t, r)
	ctx := t.Context()
	var ids []string
	for day := range 4 {
		for i := range 5 {
			rc := must(h.Book(ctx, req("anagrafe", fmt.Sprint("C", day, i), at(day+1, 9, 30*i))))
			ids = append(ids, rc.Booking.ID)
		}
	}
	target := at(4, 11, 30)
	ok, full := 0, 0
	results := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			_, err := h.RescheduleByOffice(ctx, id, "op", "riorganizzazione", target)
			results <- err
		}()
	}
	for range ids {
		switch err := <-results; {
		case err == nil:
			ok++
		default:
			wantErr(t, "a move that lost", err, booking.ErrSlotFull)
			full++
		}
	}
	in := must(h.store.List(ctx, booking.Filter{From: target, To: target.Add(time.Minute)}))
	if ok != 1 || full != len(ids)-1 || len(in) != 1 {
		t.Errorf("%d moves succeeded, %d bookings in the slot; want one", ok, len(in))
	}
}
