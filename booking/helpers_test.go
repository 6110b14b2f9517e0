package booking_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// Monday 1 March 2027, 08:00 in Rome: the reference "now" of the scheduler tests.
var monday = workday.Date{Year: 2027, Month: time.March, Day: 1}

type testClock struct{ ns atomic.Int64 }

func (c *testClock) Now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) Set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *testClock) Add(d time.Duration) { c.ns.Add(int64(d)) }

type harness struct {
	*booking.Scheduler
	store  *booking.MemoryStore
	clock  *testClock
	mu     sync.Mutex
	events []booking.Event
}

func newHarness(t testing.TB, resources ...booking.Resource) *harness {
	h := &harness{store: booking.NewMemoryStore(), clock: &testClock{}}
	h.clock.Set(monday.At(8, 0))
	s, err := booking.New(booking.Config{
		Store: h.store, Calendar: testCalendar(t), Now: h.clock.Now, ICalDomain: "servizi.comune.esempio.it",
		Reminders: []time.Duration{24 * time.Hour, 2 * time.Hour},
		Notify: func(e booking.Event) {
			h.mu.Lock()
			h.events = append(h.events, e)
			h.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	h.Scheduler = s
	for _, r := range resources {
		if err := s.PutResource(t.Context(), r); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// notified returns the types of the events passed to Notify so far, and forgets them.
func (h *harness) notified() []booking.EventType {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []booking.EventType
	for _, e := range h.events {
		out = append(out, e.Type)
	}
	h.events = nil
	return out
}

// anagrafe is a registry office: weekday mornings, 30-minute slots, two desks.
func anagrafe() booking.Resource {
	return booking.Resource{
		ID: "anagrafe", Municipality: "00000000000", Name: "Ufficio anagrafe", Kind: booking.KindOffice,
		Location: "Piazza del Municipio 1, Esempio", Email: "anagrafe@comune.esempio.it", Capacity: 2,
		Services: []string{"cie", "residenza"}, Topics: []string{"Primo rilascio", "Rinnovo", "Cambio di residenza"},
		Rules:  []booking.OpeningRule{{Weekdays: everyDay[1:6], Open: booking.Clock(9, 0), Close: booking.Clock(12, 0), SlotMinutes: 30}},
		Policy: booking.Policy{MinNotice: 2 * time.Hour, CancelCutoff: 24 * time.Hour, WindowDays: 30},
	}
}

// oneDesk is [anagrafe] with a single desk: one booking fills a slot.
func oneDesk() booking.Resource {
	r := anagrafe()
	r.Capacity = 1
	return r
}

// sala is a moderated meeting room, one booking per slot, moderated by two operators.
func sala() booking.Resource {
	return booking.Resource{
		ID: "sala", Name: "Sala consiliare", Kind: booking.KindSpace, Capacity: 1, Moderated: true,
		Moderators: []string{"m1", "m2"},
		Rules:      []booking.OpeningRule{{Weekdays: everyDay, Open: booking.Clock(14, 0), Close: booking.Clock(20, 0), SlotMinutes: 120}},
		Policy:     booking.Policy{MaxOpenPerService: -1},
	}
}

// at is a civil time on monday+days in Rome, as a UTC instant.
func at(days, hour, min int) time.Time { return monday.AddDays(days).At(hour, min).UTC() }

func req(resource, citizen string, start time.Time) booking.Request {
	return booking.Request{ResourceID: resource, Start: start, Citizen: citizen, Name: "Mario Rossi", Email: "mario@example.it", ServiceID: "cie"}
}

// must returns v, or panics on err: a failed setup step ends the test run with its stack.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", what, err, want)
	}
}
