package booking_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/siopi/siopi/workday"
)

// TestICSVTimezoneMatchesTZData expands the VTIMEZONE the export writes (its RRULEs, as a calendar
// client would) over 2025–2035 and checks each transition's instant and offsets against Go's
// Europe/Rome zone data: a client that trusts the VTIMEZONE rather than its own tz database must
// place every appointment at the same instant.
func TestICSVTimezoneMatchesTZData(t *testing.T) {
	t.Parallel()
	h := newHarness(t, anagrafe())
	rc := must(h.Book(t.Context(), req("anagrafe", "A", at(2, 9, 0))))
	cal, _ := decode(t, must(h.ICS(t.Context(), rc.Booking.ID)))
	i := slices.IndexFunc(cal.Children, func(c *ical.Component) bool { return c.Name == ical.CompTimezone })
	if i < 0 {
		t.Fatal("no VTIMEZONE")
	}
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)
	type transition struct {
		at       time.Time
		from, to int // offsets in seconds
	}
	var got []transition
	for _, obs := range cal.Children[i].Children {
		set, err := obs.RecurrenceSet(time.UTC) // observance times are local; read them as UTC, then shift
		if err != nil || set == nil {
			t.Fatalf("%s: no recurrence: %v", obs.Name, err)
		}
		off := func(name string) int {
			v := obs.Props.Get(name).Value
			hh, _ := strconv.Atoi(v[1:3])
			mm, _ := strconv.Atoi(v[3:5])
			n := hh*3600 + mm*60
			if v[0] == '-' {
				n = -n
			}
			return n
		}
		for _, local := range set.Between(from, to, true) {
			at := local.Add(-time.Duration(off(ical.PropTimezoneOffsetFrom)) * time.Second)
			got = append(got, transition{at, off(ical.PropTimezoneOffsetFrom), off(ical.PropTimezoneOffsetTo)})
		}
	}
	slices.SortFunc(got, func(a, b transition) int { return a.at.Compare(b.at) })

	var want []transition
	rome := workday.Rome()
	_, prev := from.In(rome).Zone()
	for x := from; x.Before(to); x = x.Add(time.Hour) {
		if _, off := x.In(rome).Zone(); off != prev {
			want = append(want, transition{x, prev, off})
			prev = off
		}
	}
	if len(want) != 22 || !slices.EqualFunc(got, want, func(a, b transition) bool { return a.at.Equal(b.at) && a.from == b.from && a.to == b.to }) {
		t.Errorf("VTIMEZONE transitions\n got %v\nwant %v", got, want)
	}
}
