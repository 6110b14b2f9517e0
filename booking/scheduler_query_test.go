package booking_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

func TestQueries(t *testing.T) {
	t.Parallel()
	h := newHarness(t, oneDesk(), sala())
	ctx := t.Context()
	// Monday 08:00; notice 2 h: the first bookable slot is 10:00 today.
	first := must(h.FirstAvailable(ctx, "anagrafe"))
	if !first.Start.Equal(at(0, 10, 0)) || first.Free() != 1 {
		t.Errorf("first available = %+v, want today 10:00", first)
	}
	for i, c := range []string{"A", "B", "C", "D"} {
		must(h.Book(ctx, req("anagrafe", c, at(0, 10, 0).Add(time.Duration(i)*30*time.Minute))))
	}
	// Today is full from 10:00 on: the first free slot is Tuesday 09:00.
	if first := must(h.FirstAvailable(ctx, "anagrafe")); !first.Start.Equal(at(1, 9, 0)) {
		t.Errorf("first available after today filled = %v", first.Start)
	}
	slots := must(h.Availability(ctx, "anagrafe", monday, monday.AddDays(1)))
	if len(slots) != 4+6 || slots[0].Taken != 1 || slots[4].Taken != 0 {
		t.Errorf("availability = %+v", slots)
	}
	days := must(h.Days(ctx, "anagrafe", monday, monday.AddDays(6)))
	if len(days) != 5 || days[0].Free != 0 || days[0].Slots != 4 || days[1].Free != 6 {
		t.Errorf("days = %+v, want Monday full (4 bookable slots) and 5 weekdays", days)
	}
	agenda := must(h.Agenda(ctx, "anagrafe", monday))
	if len(agenda) != 4 || agenda[0].Citizen != "A" {
		t.Errorf("agenda = %d bookings", len(agenda))
	}
	if mine := must(h.CitizenBookings(ctx, "B")); len(mine) != 1 || !mine[0].Start.Equal(at(0, 10, 30)) {
		t.Errorf("citizen bookings = %+v", mine)
	}
	offices := must(h.ResourcesForService(ctx, "cie"))
	if len(offices) != 1 || offices[0].ID != "anagrafe" {
		t.Errorf("resources for cie = %+v", offices)
	}

	// A room whose only slots in the window are full has no first availability.
	full := booking.Resource{ID: "full", Capacity: 1, Policy: booking.Policy{WindowDays: 1, MaxOpenPerService: -1},
		Rules: []booking.OpeningRule{{Weekdays: []time.Weekday{time.Tuesday}, Open: booking.Clock(9, 0), Close: booking.Clock(10, 0), SlotMinutes: 60}}}
	if err := h.PutResource(ctx, full); err != nil {
		t.Fatal(err)
	}
	must(h.Book(ctx, booking.Request{ResourceID: "full", Start: at(1, 9, 0), Citizen: "A"}))
	if _, err := h.FirstAvailable(ctx, "full"); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("first available of a full room: %v", err)
	}
}

func TestRemindersDue(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	must(h.Book(ctx, req("anagrafe", "A", at(2, 9, 0))))
	must(h.Book(ctx, req("anagrafe", "B", at(2, 11, 0))))
	c := must(h.Book(ctx, req("anagrafe", "C", at(3, 9, 0))))
	must(h.Cancel(ctx, c.Booking.ID, "C"))

	// Reminders 24 h and 2 h before. Walk the clock in consecutive windows: each is reported once.
	var got []string
	from := at(0, 0, 0)
	for step := range 4 * 24 {
		to := from.Add(time.Hour)
		for _, r := range must(h.RemindersDue(ctx, from, to)) {
			if r.At.Before(from) || !r.At.Before(to) || r.Event().Type != booking.EventReminderDue {
				t.Errorf("step %d: reminder %+v outside [%v, %v)", step, r, from, to)
			}
			got = append(got, r.Booking.Citizen+"-"+r.Offset.String())
		}
		from = to
	}
	want := []string{"A-24h0m0s", "B-24h0m0s", "A-2h0m0s", "B-2h0m0s"}
	if len(got) != len(want) {
		t.Fatalf("reminders = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("reminders = %v, want %v", got, want)
			break
		}
	}
}
