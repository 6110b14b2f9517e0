package booking_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
)

func TestHoldConfirmCancel(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	hold := must(h.Hold(ctx, req("anagrafe", "RSSMRA80A01H501U", at(1, 9, 0))))
	if hold.Status != booking.StatusHeld || !hold.HoldUntil.Equal(h.clock.Now().Add(10*time.Minute)) {
		t.Errorf("hold = %+v, want held for 10 minutes", hold)
	}
	_, err := h.Confirm(ctx, hold.ID, "someone else")
	wantErr(t, "confirm by another citizen", err, booking.ErrForbidden)
	rc := must(h.Confirm(ctx, hold.ID, "RSSMRA80A01H501U"))
	if rc.Booking.Status != booking.StatusConfirmed || rc.CancelToken == "" || len(rc.Booking.TokenHash) != 32 {
		t.Errorf("confirmed = %+v", rc.Booking)
	}
	stored := must(h.store.Get(ctx, hold.ID))
	if sum := sha256.Sum256([]byte(rc.CancelToken)); !bytes.Equal(stored.TokenHash, sum[:]) ||
		strings.Contains(fmt.Sprintf("%+v", stored), rc.CancelToken) {
		t.Errorf("stored booking %+v: want the token's SHA-256 and never the token", stored)
	}
	_, err = h.Confirm(ctx, hold.ID, "RSSMRA80A01H501U")
	wantErr(t, "confirm twice", err, booking.ErrTransition)
	_, err = h.CancelByToken(ctx, hold.ID, rc.CancelToken+"x")
	wantErr(t, "cancel with a wrong token", err, booking.ErrForbidden)
	got := must(h.CancelByToken(ctx, hold.ID, rc.CancelToken))
	if got.Status != booking.StatusCancelled || got.Sequence != 1 || got.History[len(got.History)-1].By != booking.RoleCitizen {
		t.Errorf("cancelled = %+v", got)
	}
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventConfirmed, booking.EventCancelled}) {
		t.Errorf("events = %v", ev)
	}
}

func TestHoldExpiry(t *testing.T) {
	t.Parallel()
	h := newHarness(t, oneDesk())
	ctx := t.Context()
	start := at(1, 9, 0)
	a := must(h.Hold(ctx, req("anagrafe", "A", start)))
	_, err := h.Hold(ctx, req("anagrafe", "B", start))
	wantErr(t, "hold on a held slot", err, booking.ErrSlotFull)

	h.clock.Add(11 * time.Minute) // a's hold lapses; its place is still free
	if rc, err := h.Confirm(ctx, a.ID, "A"); err != nil || rc.Booking.Status != booking.StatusConfirmed {
		t.Errorf("late confirm of a still-free place = %v, %v", rc.Booking.Status, err)
	}

	c := must(h.Hold(ctx, req("anagrafe", "C", at(1, 9, 30))))
	h.clock.Add(11 * time.Minute)
	must(h.Hold(ctx, req("anagrafe", "D", at(1, 9, 30)))) // takes the lapsed place
	_, err = h.Confirm(ctx, c.ID, "C")
	wantErr(t, "confirm after the place went", err, booking.ErrHoldExpired)

	h.clock.Add(11 * time.Minute)
	if n := must(h.Sweep(ctx)); n != 2 {
		t.Errorf("Sweep expired %d holds, want 2 (C's and D's)", n)
	}
	if b := must(h.store.Get(ctx, c.ID)); b.Status != booking.StatusExpired {
		t.Errorf("C's hold is %s", b.Status)
	}
}

func TestBookRules(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	for _, tc := range []struct {
		name string
		req  booking.Request
		want error
	}{
		{"off the grid", req("anagrafe", "X", at(1, 9, 10)), booking.ErrNoSlot},
		{"closed in the afternoon", req("anagrafe", "X", at(1, 15, 0)), booking.ErrNoSlot},
		{"Sunday", req("anagrafe", "X", at(6, 9, 0)), booking.ErrNoSlot},
		{"within the minimum notice", req("anagrafe", "X", at(0, 9, 30)), booking.ErrTooLate},
		{"in the past", req("anagrafe", "X", at(-7, 9, 0)), booking.ErrTooLate},
		{"beyond the window", req("anagrafe", "X", at(35, 9, 0)), booking.ErrOutsideWindow},
		{"unknown resource", req("nope", "X", at(1, 9, 0)), booking.ErrNotFound},
		{"a service the office does not serve", booking.Request{ResourceID: "anagrafe", Start: at(1, 9, 0), ServiceID: "tari"}, booking.ErrInvalid},
		{"a topic the office does not list", booking.Request{ResourceID: "anagrafe", Start: at(1, 9, 0), Topic: "Tributi"}, booking.ErrInvalid},
	} {
		_, err := h.Book(ctx, tc.req)
		wantErr(t, tc.name, err, tc.want)
	}
	withTopic := req("anagrafe", "X", at(0, 10, 0)) // exactly at the notice
	withTopic.Topic = "Rinnovo"
	must(h.Book(ctx, withTopic))
	_, err := h.Book(ctx, req("anagrafe", "X", at(2, 9, 0)))
	wantErr(t, "a second open booking for the same service", err, booking.ErrLimit)
	other := req("anagrafe", "X", at(2, 9, 0))
	other.ServiceID = "residenza"
	must(h.Book(ctx, other))
	must(h.Book(ctx, req("anagrafe", "Y", at(0, 10, 0))))
	_, err = h.Book(ctx, req("anagrafe", "Z", at(0, 10, 0)))
	wantErr(t, "a third booking in a slot of two", err, booking.ErrSlotFull)
	// Holidays: Easter Monday 2027 is 29 March.
	_, err = h.Book(ctx, req("anagrafe", "W", at(28, 9, 0)))
	wantErr(t, "Easter Monday", err, booking.ErrNoSlot)
}

func TestModeration(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sala())
	ctx := t.Context()
	start := at(2, 14, 0)
	rc := must(h.Book(ctx, booking.Request{ResourceID: "sala", Start: start, Citizen: "A", Name: "Associazione"}))
	if rc.Booking.Status != booking.StatusPending {
		t.Fatalf("booking on a moderated room is %s, want pending", rc.Booking.Status)
	}
	_, err := h.Book(ctx, booking.Request{ResourceID: "sala", Start: start, Citizen: "B"})
	wantErr(t, "a pending request holds the place", err, booking.ErrSlotFull)
	_, err = h.Approve(ctx, rc.Booking.ID, "intruder")
	wantErr(t, "approval by a non-moderator", err, booking.ErrForbidden)
	b := must(h.Approve(ctx, rc.Booking.ID, "m1"))
	if b.Status != booking.StatusConfirmed || b.History[len(b.History)-1].Actor != "m1" {
		t.Errorf("approved = %+v", b)
	}
	_, err = h.Approve(ctx, rc.Booking.ID, "m2")
	wantErr(t, "a second approval", err, booking.ErrTransition)

	rc2 := must(h.Book(ctx, booking.Request{ResourceID: "sala", Start: at(2, 16, 0), Citizen: "B"}))
	b = must(h.Refuse(ctx, rc2.Booking.ID, "m2", "sala in manutenzione"))
	if b.Status != booking.StatusRefused {
		t.Errorf("refused = %s", b.Status)
	}
	must(h.Book(ctx, booking.Request{ResourceID: "sala", Start: at(2, 16, 0), Citizen: "C"}))
	if ev := h.notified(); !slices.Equal(ev, []booking.EventType{booking.EventPending, booking.EventConfirmed, booking.EventPending, booking.EventRefused, booking.EventPending}) {
		t.Errorf("events = %v", ev)
	}
}

func TestCancellationRules(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	rc := must(h.Book(ctx, req("anagrafe", "A", at(2, 9, 0))))
	_, err := h.Cancel(ctx, rc.Booking.ID, "B")
	wantErr(t, "cancel someone else's booking", err, booking.ErrForbidden)
	h.clock.Set(at(1, 9, 1)) // less than 24 h before
	_, err = h.Cancel(ctx, rc.Booking.ID, "A")
	wantErr(t, "cancel after the cut-off", err, booking.ErrTooLate)
	_, err = h.CancelByToken(ctx, rc.Booking.ID, rc.CancelToken)
	wantErr(t, "token cancel after the cut-off", err, booking.ErrTooLate)
	_, err = h.CancelByOffice(ctx, rc.Booking.ID, "op", "")
	wantErr(t, "office cancel without a reason", err, booking.ErrInvalid)
	b := must(h.CancelByOffice(ctx, rc.Booking.ID, "op", "ufficio chiuso per sciopero"))
	last := b.History[len(b.History)-1]
	if b.Status != booking.StatusCancelled || last.By != booking.RoleOffice || last.Reason == "" {
		t.Errorf("office cancel = %+v", b)
	}
	_, err = h.Cancel(ctx, rc.Booking.ID, "A")
	wantErr(t, "cancel twice", err, booking.ErrTransition)
}

func TestReschedule(t *testing.T) {
	t.Parallel()
	h := newHarness(t, oneDesk())
	ctx := t.Context()
	rc := must(h.Book(ctx, req("anagrafe", "A", at(2, 9, 0))))
	blocker := req("anagrafe", "B", at(2, 10, 0))
	blocker.ServiceID = "residenza"
	must(h.Book(ctx, blocker))
	_, err := h.Reschedule(ctx, rc.Booking.ID, "A", at(2, 10, 0))
	wantErr(t, "reschedule into a full slot", err, booking.ErrSlotFull)
	b := must(h.Reschedule(ctx, rc.Booking.ID, "A", at(3, 11, 0)))
	if !b.Start.Equal(at(3, 11, 0)) || b.Sequence != 1 || b.ID != rc.Booking.ID {
		t.Errorf("rescheduled = %+v", b)
	}
	last := b.History[len(b.History)-1]
	if !last.PrevStart.Equal(at(2, 9, 0)) || last.Status != booking.StatusConfirmed {
		t.Errorf("history = %+v, want the old slot", last)
	}
	// The old place is free again.
	must(h.Book(ctx, req("anagrafe", "C", at(2, 9, 0))))
}

func TestAttendance(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	ctx := t.Context()
	a := must(h.Book(ctx, req("anagrafe", "A", at(1, 9, 0))))
	b := must(h.Book(ctx, req("anagrafe", "B", at(1, 9, 0))))
	_, err := h.MarkAttended(ctx, a.Booking.ID, "op")
	wantErr(t, "attended before the start", err, booking.ErrTransition)
	h.clock.Set(at(1, 9, 5))
	if got := must(h.MarkAttended(ctx, a.Booking.ID, "op")); got.Status != booking.StatusAttended {
		t.Errorf("status %s", got.Status)
	}
	if got := must(h.MarkNoShow(ctx, b.Booking.ID, "op")); got.Status != booking.StatusNoShow {
		t.Errorf("status %s", got.Status)
	}
	agenda := must(h.Agenda(ctx, "anagrafe", monday.AddDays(1)))
	if len(agenda) != 2 {
		t.Errorf("agenda has %d bookings, want the attended and the no-show", len(agenda))
	}
}

func TestSeatsAndWeeklyLimit(t *testing.T) {
	t.Parallel()
	room := booking.Resource{
		ID: "biblioteca", Name: "Sala lettura", Kind: booking.KindSpace, Seats: []string{"1", "2", "3"},
		Rules: []booking.OpeningRule{{Weekdays: everyDay[1:6], Open: booking.Clock(9, 0), Close: booking.Clock(13, 0), SlotMinutes: 60}},
	}
	pitch := booking.Resource{
		ID: "campo", Name: "Campo di calcetto", Kind: booking.KindSpace, Capacity: 1,
		Rules:  []booking.OpeningRule{{Weekdays: everyDay, Open: booking.Clock(16, 0), Close: booking.Clock(23, 0), SlotMinutes: 60}},
		Policy: booking.Policy{MaxOpenPerService: -1, MaxMinutesPerWeek: 120},
	}
	h := newHarness(t, room, pitch)
	ctx := t.Context()
	seat2 := booking.Request{ResourceID: "biblioteca", Start: at(1, 9, 0), Citizen: "A", Seat: "2"}
	if rc := must(h.Book(ctx, seat2)); rc.Booking.Seat != "2" {
		t.Errorf("seat %q, want 2", rc.Booking.Seat)
	}
	seat2.Citizen = "B"
	_, err := h.Book(ctx, seat2)
	wantErr(t, "a taken seat", err, booking.ErrSlotFull)
	seat2.Seat = "99"
	_, err = h.Book(ctx, seat2)
	wantErr(t, "a seat the room does not have", err, booking.ErrInvalid)
	seat2.Seat = ""
	if rc := must(h.Book(ctx, seat2)); rc.Booking.Seat != "1" {
		t.Errorf("seat %q, want 1", rc.Booking.Seat)
	}

	for _, day := range []int{1, 3} { // Tuesday and Thursday: two hours
		must(h.Book(ctx, booking.Request{ResourceID: "campo", Start: at(day, 18, 0), Citizen: "A"}))
	}
	_, err = h.Book(ctx, booking.Request{ResourceID: "campo", Start: at(4, 18, 0), Citizen: "A"})
	wantErr(t, "a third hour of pitch in the week", err, booking.ErrLimit)
	must(h.Book(ctx, booking.Request{ResourceID: "campo", Start: at(7, 18, 0), Citizen: "A"})) // next Monday
}

func TestLogValueRedacts(t *testing.T) {
	t.Parallel()
	b := booking.Booking{ID: "b1", Citizen: "RSSMRA80A01H501U"}
	rc := booking.Receipt{Booking: b, CancelToken: "s3cret"}
	for _, v := range []string{b.LogValue().String(), rc.LogValue().String(),
		booking.Request{Citizen: b.Citizen}.LogValue().String(),
		booking.NewEvent(booking.EventConfirmed, &b, time.Time{}).LogValue().String()} {
		if strings.Contains(v, b.Citizen) || strings.Contains(v, "s3cret") || !strings.Contains(v, "RSSMRA") {
			t.Errorf("LogValue %s leaks or loses the masked code", v)
		}
	}
}

func FuzzCancelByToken(f *testing.F) {
	f.Add("")
	f.Add("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("\x00\xff")
	h := newHarness(f, anagrafe())
	rc := must(h.Book(f.Context(), req("anagrafe", "A", at(2, 9, 0))))
	f.Fuzz(func(t *testing.T, token string) {
		_, err := h.CancelByToken(t.Context(), rc.Booking.ID, token)
		if token == rc.CancelToken {
			return
		}
		if !errors.Is(err, booking.ErrForbidden) {
			t.Errorf("token %q: %v, want ErrForbidden", token, err)
		}
	})
}

// TestApprovalRace: many moderators approve and refuse the same request at once; exactly one
// decision wins, the others see ErrTransition or ErrConflict.
func TestApprovalRace(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sala())
	ctx := t.Context()
	rc := must(h.Book(ctx, booking.Request{ResourceID: "sala", Start: at(2, 14, 0), Citizen: "A"}))
	var wg sync.WaitGroup
	var won atomic.Int32
	for i := range 64 {
		wg.Go(func() {
			var err error
			if i%4 == 0 {
				_, err = h.Refuse(ctx, rc.Booking.ID, "m2", "no")
			} else {
				_, err = h.Approve(ctx, rc.Booking.ID, "m1")
			}
			switch {
			case err == nil:
				won.Add(1)
			case errors.Is(err, booking.ErrTransition), errors.Is(err, booking.ErrConflict):
			default:
				t.Errorf("decision %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	b := must(h.store.Get(ctx, rc.Booking.ID))
	if won.Load() != 1 || b.Version != 2 || len(b.History) != 2 {
		t.Errorf("%d decisions won, version %d, history %d; want exactly one", won.Load(), b.Version, len(b.History))
	}
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  booking.Config
	}{
		{"no store", booking.Config{}},
		{"a reminder after the appointment", booking.Config{Store: booking.NewMemoryStore(), Reminders: []time.Duration{time.Hour, -time.Hour}}},
		{"a reminder at the start", booking.Config{Store: booking.NewMemoryStore(), Reminders: []time.Duration{0}}},
	} {
		if _, err := booking.New(tc.cfg); !errors.Is(err, booking.ErrInvalid) {
			t.Errorf("%s: New = %v, want ErrInvalid", tc.name, err)
		}
	}
}
