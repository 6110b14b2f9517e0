// Package bookingtest is the conformance suite for implementations of [booking.Store]: the memory
// store runs it in this module, and the SQL stores run the same tests against SQLite and PostgreSQL.
//
// # Usage
//
//	func TestStore(t *testing.T) {
//		bookingtest.TestStore(t, func(t *testing.T) booking.Store { return newEmptyStore(t) })
//	}
//
// Every call of newStore must return an empty store. The suite includes the concurrency tests: one
// last place hammered by 1,000 goroutines through the [booking.Scheduler], and direct races on each
// atomic operation — inserts for one slot, one citizen's inserts into many slots against the
// per-citizen limits, compare-and-swap updates of one booking, moves into one place, waitlist
// offers of freed places, and offers of many slots to one citizen against the per-citizen limits;
// run it with -race.
package bookingtest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// TestStore runs the conformance suite against the stores newStore returns.
func TestStore(t *testing.T, newStore func(t *testing.T) booking.Store) {
	t.Run("Resources", func(t *testing.T) { t.Parallel(); testResources(t, newStore(t)) })
	t.Run("Municipalities", func(t *testing.T) { t.Parallel(); testMunicipalities(t, newStore(t)) })
	t.Run("RoundTrip", func(t *testing.T) { t.Parallel(); testRoundTrip(t, newStore(t)) })
	t.Run("InsertCapacity", func(t *testing.T) { t.Parallel(); testInsertCapacity(t, newStore(t)) })
	t.Run("HoldsAndStatuses", func(t *testing.T) { t.Parallel(); testHoldsAndStatuses(t, newStore(t)) })
	t.Run("Seats", func(t *testing.T) { t.Parallel(); testSeats(t, newStore(t)) })
	t.Run("Limits", func(t *testing.T) { t.Parallel(); testLimits(t, newStore(t)) })
	t.Run("UpdateCompareAndSwap", func(t *testing.T) { t.Parallel(); testUpdateCAS(t, newStore(t)) })
	t.Run("UpdateReserve", func(t *testing.T) { t.Parallel(); testUpdateReserve(t, newStore(t)) })
	t.Run("ListAndOccupancy", func(t *testing.T) { t.Parallel(); testListAndOccupancy(t, newStore(t)) })
	t.Run("Waitlist", func(t *testing.T) { t.Parallel(); testWaitlist(t, newStore(t)) })
	t.Run("WaitlistLimits", func(t *testing.T) { t.Parallel(); testWaitlistLimits(t, newStore(t)) })
	t.Run("WaitlistSeatFallback", func(t *testing.T) { t.Parallel(); testWaitlistSeatFallback(t, newStore(t)) })
	t.Run("Outbox", func(t *testing.T) { t.Parallel(); testOutbox(t, newStore(t)) })
	t.Run("ConcurrentInserts", func(t *testing.T) { t.Parallel(); testConcurrentInserts(t, newStore(t)) })
	t.Run("ConcurrentLimits", func(t *testing.T) { t.Parallel(); testConcurrentLimits(t, newStore(t)) })
	t.Run("ConcurrentUpdates", func(t *testing.T) { t.Parallel(); testConcurrentUpdates(t, newStore(t)) })
	t.Run("ConcurrentMoves", func(t *testing.T) { t.Parallel(); testConcurrentMoves(t, newStore(t)) })
	t.Run("ConcurrentJoins", func(t *testing.T) { t.Parallel(); testConcurrentJoins(t, newStore(t)) })
	t.Run("ConcurrentOffers", func(t *testing.T) { t.Parallel(); testConcurrentOffers(t, newStore(t)) })
	t.Run("ConcurrentOfferLimits", func(t *testing.T) { t.Parallel(); testConcurrentOfferLimits(t, newStore(t)) })
	t.Run("LastPlaceHammer", func(t *testing.T) {
		t.Parallel()
		for _, moderated := range []bool{false, true} {
			t.Run(fmt.Sprintf("moderated=%v", moderated), func(t *testing.T) {
				t.Parallel()
				testLastPlaceHammer(t, newStore(t), moderated)
			})
		}
	})
}

// t0 is the suite's reference instant: a Monday, 8:00 in Rome.
var t0 = time.Date(2030, time.January, 7, 7, 0, 0, 0, time.UTC)

func slotAt(hour int) time.Time { return t0.Add(time.Duration(hour) * time.Hour) }

func newBooking(id, citizen string, start time.Time, status booking.Status) booking.Booking {
	return booking.Booking{
		ID: id, ResourceID: "r1", ServiceID: "svc", Citizen: citizen, Name: "Mario Rossi",
		Start: start, End: start.Add(30 * time.Minute), Status: status, CreatedAt: t0, UpdatedAt: t0,
	}
}

func mustInsert(t *testing.T, s booking.Store, in booking.Insert) booking.Booking {
	t.Helper()
	b, err := s.Insert(t.Context(), in)
	if err != nil {
		t.Fatalf("Insert(%s): %v", in.Booking.ID, err)
	}
	return b
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", what, err, want)
	}
}

func testResources(t *testing.T, s booking.Store) {
	ctx := t.Context()
	if _, err := s.GetResource(ctx, "nope"); !errors.Is(err, booking.ErrNotFound) {
		t.Errorf("GetResource(missing) = %v, want ErrNotFound", err)
	}
	r := booking.Resource{
		ID: "b", Municipality: "00000000000", Name: "Campo di calcetto", Kind: booking.KindSpace,
		Location: "Via dello Sport 1", Email: "sport@comune.esempio.it", Seats: []string{"A", "B"},
		Moderated: true, Moderators: []string{"m1"}, Services: []string{"svc"}, Topics: []string{"Allenamento"},
		Rules: []booking.OpeningRule{{
			From: workday.Date{Year: 2030, Month: time.January, Day: 1}, To: workday.Date{Year: 2030, Month: time.June, Day: 30},
			Weekdays: []time.Weekday{time.Monday}, Open: booking.Clock(9, 0), Close: booking.Clock(12, 0),
			SlotMinutes: 60, BufferMinutes: 15, Capacity: 1,
		}},
		Closures:       []booking.Closure{{From: t0, To: t0.Add(time.Hour), Reason: "manutenzione"}},
		OpenOnHolidays: true,
		Policy: booking.Policy{WindowDays: 60, MinNotice: time.Hour, CancelCutoff: 24 * time.Hour, HoldTTL: time.Minute,
			OfferTTL: time.Hour, MaxOpenPerService: 2, MaxMinutesPerWeek: 120},
	}
	want := r
	want.Services = []string{"svc"}
	for _, id := range []string{"b", "a"} {
		r.ID = id
		if err := s.PutResource(ctx, r); err != nil {
			t.Fatalf("PutResource: %v", err)
		}
	}
	r.Services[0] = "changed after put"
	got, err := s.GetResource(ctx, "b")
	if err != nil {
		t.Fatalf("GetResource: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetResource =\n%+v\nwant the resource as put\n%+v", got, want)
	}
	r.ID, r.Name = "b", "Campo B"
	if err := s.PutResource(ctx, r); err != nil {
		t.Fatalf("PutResource (replace): %v", err)
	}
	all, err := s.ListResources(ctx, "")
	if err != nil || len(all) != 2 || all[0].ID != "a" || all[1].Name != "Campo B" {
		t.Errorf("ListResources = %+v, %v; want a, then the replaced b", all, err)
	}
}

func testInsertCapacity(t *testing.T, s booking.Store) {
	ctx := t.Context()
	in := func(id string, start time.Time) booking.Insert {
		return booking.Insert{Booking: newBooking(id, "", start, booking.StatusConfirmed), Capacity: 2, Now: t0}
	}
	b := mustInsert(t, s, in("a", slotAt(1)))
	if b.Version != 1 {
		t.Errorf("inserted Version = %d, want 1", b.Version)
	}
	mustInsert(t, s, in("b", slotAt(1)))
	_, err := s.Insert(ctx, in("c", slotAt(1)))
	wantErr(t, "third insert into a slot of 2", err, booking.ErrSlotFull)
	_, err = s.Insert(ctx, in("a", slotAt(2)))
	wantErr(t, "insert with an existing id", err, booking.ErrConflict)
	mustInsert(t, s, in("c", slotAt(2)))
	other := in("d", slotAt(1))
	other.Booking.ResourceID = "r2"
	mustInsert(t, s, other)
	if _, err := s.Get(ctx, "c"); err != nil {
		t.Errorf("Get(c) = %v", err)
	}
	_, err = s.Get(ctx, "zzz")
	wantErr(t, "Get(missing)", err, booking.ErrNotFound)
}

func testHoldsAndStatuses(t *testing.T, s booking.Store) {
	ctx := t.Context()
	hold := newBooking("h", "", slotAt(1), booking.StatusHeld)
	hold.HoldUntil = t0.Add(10 * time.Minute)
	mustInsert(t, s, booking.Insert{Booking: hold, Capacity: 1, Now: t0})
	full := booking.Insert{Booking: newBooking("x", "", slotAt(1), booking.StatusConfirmed), Capacity: 1, Now: t0.Add(9 * time.Minute)}
	_, err := s.Insert(ctx, full)
	wantErr(t, "insert while a live hold fills the slot", err, booking.ErrSlotFull)
	full.Now = t0.Add(10 * time.Minute) // the hold lapses exactly at HoldUntil
	mustInsert(t, s, full)

	for i, st := range []booking.Status{booking.StatusCancelled, booking.StatusRefused, booking.StatusExpired} {
		mustInsert(t, s, booking.Insert{Booking: newBooking(fmt.Sprint("free", i), "", slotAt(2), st), Capacity: 1, Now: t0})
	}
	mustInsert(t, s, booking.Insert{Booking: newBooking("p", "", slotAt(2), booking.StatusPending), Capacity: 1, Now: t0})
	_, err = s.Insert(ctx, booking.Insert{Booking: newBooking("q", "", slotAt(2), booking.StatusHeld), Capacity: 1, Now: t0})
	wantErr(t, "insert next to a pending booking", err, booking.ErrSlotFull)
	for i, st := range []booking.Status{booking.StatusAttended, booking.StatusNoShow} {
		mustInsert(t, s, booking.Insert{Booking: newBooking(fmt.Sprint("past", i), "", slotAt(3), st), Capacity: 2, Now: t0})
	}
	_, err = s.Insert(ctx, booking.Insert{Booking: newBooking("late", "", slotAt(3), booking.StatusConfirmed), Capacity: 2, Now: t0})
	wantErr(t, "attended and no-show bookings occupy their places", err, booking.ErrSlotFull)
}

func testSeats(t *testing.T, s booking.Store) {
	ctx := t.Context()
	seats := []string{"A1", "A2", "A3"}
	in := func(id, seat string) booking.Insert {
		b := newBooking(id, "", slotAt(1), booking.StatusConfirmed)
		b.Seat = seat
		return booking.Insert{Booking: b, Capacity: 3, Seats: seats, Now: t0}
	}
	if b := mustInsert(t, s, in("a", "A2")); b.Seat != "A2" {
		t.Errorf("seat asked A2, got %q", b.Seat)
	}
	_, err := s.Insert(ctx, in("b", "A2"))
	wantErr(t, "a taken seat", err, booking.ErrSlotFull)
	if b := mustInsert(t, s, in("c", "")); b.Seat != "A1" {
		t.Errorf("first free seat = %q, want A1", b.Seat)
	}
	if b := mustInsert(t, s, in("d", "")); b.Seat != "A3" {
		t.Errorf("next free seat = %q, want A3", b.Seat)
	}
	_, err = s.Insert(ctx, in("e", ""))
	wantErr(t, "no seat left", err, booking.ErrSlotFull)
	c, _ := s.Get(ctx, "c")
	c.Status = booking.StatusCancelled
	if _, err := s.Update(ctx, booking.Update{Booking: c, Now: t0}); err != nil {
		t.Fatal(err)
	}
	if b := mustInsert(t, s, in("f", "")); b.Seat != "A1" {
		t.Errorf("seat freed by a cancellation = %q, want A1", b.Seat)
	}
}

func testLimits(t *testing.T, s booking.Store) {
	ctx := t.Context()
	perService := booking.Limit{Citizen: "C1", ServiceID: "svc", OpenOnly: true, MaxCount: 1}
	in := func(id, citizen string, start time.Time, now time.Time, l ...booking.Limit) booking.Insert {
		return booking.Insert{Booking: newBooking(id, citizen, start, booking.StatusConfirmed), Capacity: 10, Now: now, Limits: l}
	}
	mustInsert(t, s, in("a", "C1", slotAt(1), t0, perService))
	_, err := s.Insert(ctx, in("b", "C1", slotAt(2), t0, perService))
	wantErr(t, "second open booking for one service", err, booking.ErrLimit)
	other := perService
	other.Citizen = "C2"
	mustInsert(t, s, in("c", "C2", slotAt(2), t0, other))
	// Once the first appointment is over it is no longer open.
	mustInsert(t, s, in("d", "C1", slotAt(48), slotAt(2), perService))

	weekly := booking.Limit{Citizen: "C3", ResourceID: "r1", From: t0, To: t0.Add(7 * 24 * time.Hour), MaxMinutes: 60}
	mustInsert(t, s, in("e", "C3", slotAt(1), t0, weekly))
	mustInsert(t, s, in("f", "C3", slotAt(2), t0, weekly))
	_, err = s.Insert(ctx, in("g", "C3", slotAt(3), t0, weekly))
	wantErr(t, "a third half hour against 60 minutes a week", err, booking.ErrLimit)
	nextWeek := weekly
	nextWeek.From, nextWeek.To = weekly.To, weekly.To.Add(7*24*time.Hour)
	mustInsert(t, s, in("h", "C3", slotAt(24*8), t0, nextWeek)) // this week's bookings do not count
	f, _ := s.Get(ctx, "f")
	f.Status = booking.StatusCancelled
	if _, err := s.Update(ctx, booking.Update{Booking: f, Now: t0}); err != nil {
		t.Fatal(err)
	}
	mustInsert(t, s, in("i", "C3", slotAt(3), t0, weekly))
}

// testRoundTrip checks that every field of a booking and of a waitlist entry survives the store.
func testRoundTrip(t *testing.T, s booking.Store) {
	ctx := t.Context()
	b := booking.Booking{
		ID: "full", Municipality: "00000000000", ResourceID: "r1", ServiceID: "svc", Citizen: "RSSMRA80A01H501U",
		Name: "Mario Rossi", Email: "mario@example.it", Phone: "+39 06 0000000", Topic: "Rinnovo",
		Reason: "Carta scaduta;\nurgente", Start: slotAt(1), End: slotAt(1).Add(30 * time.Minute), Seat: "A2",
		Status: booking.StatusConfirmed, FromWaitlist: true, TokenHash: []byte{1, 2, 3, 4},
		Sequence: 3, CreatedAt: t0, UpdatedAt: t0.Add(time.Minute),
		History: []booking.Change{
			{At: t0, Status: booking.StatusHeld, By: booking.RoleCitizen},
			{At: t0.Add(time.Minute), Status: booking.StatusConfirmed, By: booking.RoleOffice, Actor: "op1", Reason: "ok",
				PrevStart: slotAt(2), PrevEnd: slotAt(2).Add(30 * time.Minute)},
		},
	}
	stored := mustInsert(t, s, booking.Insert{Booking: b, Capacity: 2, Seats: []string{"A1", "A2"}, Now: t0})
	want := b.Clone()
	want.Version = 1
	got, err := s.Get(ctx, "full")
	if err != nil || !same(got, want) || !same(stored, want) {
		t.Errorf("Get = %+v, %v\nInsert returned %+v\nwant %+v", got, err, stored, want)
	}

	e := booking.WaitEntry{ID: "w1", ResourceID: "r1", Start: slotAt(3), Request: b.Clone(), JoinedAt: t0}
	e.Request.ID, e.Request.Status, e.Request.Version, e.Request.History, e.Request.TokenHash = "", "", 0, nil, nil
	if _, err := s.JoinWaitlist(ctx, booking.Join{Entry: e, Now: t0}); err != nil {
		t.Fatal(err)
	}
	e.State = booking.WaitWaiting
	list, err := s.ListWaitlist(ctx, "r1", slotAt(3))
	if err != nil || len(list) != 1 || !same(list[0], e) {
		t.Errorf("ListWaitlist = %+v, %v\nwant [%+v]", list, err, e)
	}
}

// same compares stored values field by field, with instants in UTC and an empty slice equal to nil
// (a SQL store may read either back).
func same[T any](got, want T) bool {
	return reflect.DeepEqual(normalize(reflect.ValueOf(&got).Elem()), normalize(reflect.ValueOf(&want).Elem()))
}

func normalize(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = normalize(v.Index(i))
		}
		return out
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return fmt.Sprint(t.UTC().Format(time.RFC3339Nano), " utc=", t.IsZero() || t.Location() == time.UTC)
		}
		out := make(map[string]any, v.NumField())
		for i := range v.NumField() {
			out[v.Type().Field(i).Name] = normalize(v.Field(i))
		}
		return out
	}
	return v.Interface()
}
