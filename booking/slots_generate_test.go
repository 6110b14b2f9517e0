package booking_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// lastSunday is computed here independently of the package: the DST change days in the EU.
func lastSunday(year int, month time.Month) workday.Date {
	t := time.Date(year, month+1, 0, 12, 0, 0, 0, time.UTC) // last day of month
	for t.Weekday() != time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return workday.Date{Year: t.Year(), Month: t.Month(), Day: t.Day()}
}

// civilIndex maps each civil minute (0..1440) of a date in Rome to the first UTC instant that reads
// it, by scanning every minute of the surrounding UTC hours: slow and obviously right.
var civilIndex = struct {
	sync.Mutex
	days map[workday.Date]map[int]time.Time
}{days: map[workday.Date]map[int]time.Time{}}

func civilMinutes(d workday.Date) map[int]time.Time {
	civilIndex.Lock()
	defer civilIndex.Unlock()
	if m, ok := civilIndex.days[d]; ok {
		return m
	}
	rome := workday.Rome()
	next := d.AddDays(1)
	m := map[int]time.Time{}
	base := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
	for t := base.Add(-4 * time.Hour); t.Before(base.Add(28 * time.Hour)); t = t.Add(time.Minute) {
		l := t.In(rome)
		ld := workday.Date{Year: l.Year(), Month: l.Month(), Day: l.Day()}
		key := -1
		switch {
		case ld == d:
			key = l.Hour()*60 + l.Minute()
		case ld == next && l.Hour() == 0 && l.Minute() == 0:
			key = 1440
		}
		if _, seen := m[key]; key >= 0 && !seen {
			m[key] = t
		}
	}
	civilIndex.days[d] = m
	return m
}

// referenceSlots is the simple reference implementation of Resource.Slots.
func referenceSlots(r *booking.Resource, cal *workday.Calendar, from, to workday.Date) []booking.Slot {
	var out []booking.Slot
	for d := from; !d.After(to); d = d.AddDays(1) {
		if _, h := cal.Holiday(d); h && !r.OpenOnHolidays {
			continue
		}
		minutes := civilMinutes(d)
		for _, rule := range r.Rules {
			if (!rule.From.IsZero() && d.Before(rule.From)) || (!rule.To.IsZero() && d.After(rule.To)) || !slices.Contains(rule.Weekdays, d.Weekday()) {
				continue
			}
			capacity := rule.Capacity
			if capacity == 0 {
				capacity = r.Capacity
			}
		grid:
			for m := int(rule.Open); m+rule.SlotMinutes <= int(rule.Close); m += rule.SlotMinutes + rule.BufferMinutes {
				for k := m; k < m+rule.SlotMinutes; k++ {
					if _, ok := minutes[k]; !ok {
						continue grid // the slot reaches into the missing spring hour
					}
				}
				start := minutes[m]
				end := start.Add(time.Duration(rule.SlotMinutes) * time.Minute)
				for _, c := range r.Closures {
					if start.Before(c.To) && c.From.Before(end) {
						continue grid
					}
				}
				out = append(out, booking.Slot{ResourceID: r.ID, Start: start, End: end, Capacity: capacity})
			}
		}
	}
	slices.SortFunc(out, func(a, b booking.Slot) int { return a.Start.Compare(b.Start) })
	return out
}

// randomResource returns a valid resource with 1–3 rules in disjoint hours (night hours included, so
// the DST hours are covered), random weekdays, validity ranges, slot lengths, buffers and closures.
func randomResource(rng *rand.Rand, around workday.Date) booking.Resource {
	r := booking.Resource{ID: "res", Capacity: 1 + rng.IntN(40), OpenOnHolidays: rng.IntN(4) == 0}
	n := 1 + rng.IntN(3)
	cuts := make([]int, 0, 2*n)
	for len(cuts) < 2*n {
		c := rng.IntN(24*12+1) * 5
		if !slices.Contains(cuts, c) {
			cuts = append(cuts, c)
		}
	}
	slices.Sort(cuts)
	lengths := []int{5, 10, 15, 20, 30, 45, 60, 90, 120}
	for i := range n {
		rule := booking.OpeningRule{
			Open: booking.TimeOfDay(cuts[2*i]), Close: booking.TimeOfDay(cuts[2*i+1]),
			SlotMinutes: lengths[rng.IntN(len(lengths))], BufferMinutes: []int{0, 0, 5, 15}[rng.IntN(4)],
		}
		for w := time.Sunday; w <= time.Saturday; w++ {
			if rng.IntN(3) != 0 {
				rule.Weekdays = append(rule.Weekdays, w)
			}
		}
		if len(rule.Weekdays) == 0 {
			rule.Weekdays = []time.Weekday{time.Sunday}
		}
		if rng.IntN(4) == 0 {
			rule.From = around.AddDays(rng.IntN(3) - 1)
		}
		if rng.IntN(4) == 0 {
			rule.To = around.AddDays(rng.IntN(3))
			if rule.To.Before(rule.From) {
				rule.To = rule.From
			}
		}
		if rng.IntN(3) == 0 {
			rule.Capacity = 1 + rng.IntN(5)
		}
		r.Rules = append(r.Rules, rule)
	}
	for range rng.IntN(3) {
		from := around.AddDays(-1).Start().Add(time.Duration(rng.IntN(72*60)) * time.Minute)
		r.Closures = append(r.Closures, booking.Closure{From: from, To: from.Add(time.Duration(1+rng.IntN(240)) * time.Minute)})
	}
	return r
}

func testCalendar(t testing.TB) *workday.Calendar {
	cal, err := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.June, Day: 29}})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// TestSlotsMatchReference checks slot generation against the reference over random rules on both
// DST days of 2025–2030 (and their neighbours) and on random dates, with fixed seeds.
func TestSlotsMatchReference(t *testing.T) {
	t.Parallel()
	cal := testCalendar(t)
	var days []workday.Date
	for y := 2025; y <= 2030; y++ {
		days = append(days, lastSunday(y, time.March), lastSunday(y, time.October))
	}
	rng := rand.New(rand.NewPCG(2025, 2030))
	for range 24 {
		days = append(days, workday.Date{Year: 2025 + rng.IntN(6), Month: time.Month(1 + rng.IntN(12)), Day: 1 + rng.IntN(28)})
	}
	for i, d := range days {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for c := range 40 {
				r := randomResource(rng, d)
				if err := r.Validate(); err != nil {
					t.Fatalf("case %d: generated an invalid resource: %v", c, err)
				}
				got := r.Slots(cal, d.AddDays(-1), d.AddDays(1))
				want := referenceSlots(&r, cal, d.AddDays(-1), d.AddDays(1))
				if !slices.Equal(got, want) {
					t.Fatalf("case %d: rules %+v:\n got %d slots %v\nwant %d slots %v", c, r.Rules, len(got), brief(got), len(want), brief(want))
				}
				checkInvariants(t, got)
			}
		})
	}
}

func checkInvariants(t *testing.T, slots []booking.Slot) {
	t.Helper()
	for i, s := range slots {
		if s.Start.Location() != time.UTC || !s.End.After(s.Start) {
			t.Fatalf("slot %d: %v–%v not a UTC interval", i, s.Start, s.End)
		}
		if i > 0 && s.Start.Before(slots[i-1].End) {
			t.Fatalf("slot %d at %v overlaps the previous one ending %v", i, s.Start, slots[i-1].End)
		}
	}
}

func brief(slots []booking.Slot) []string {
	var out []string
	for _, s := range slots {
		out = append(out, s.Start.In(workday.Rome()).Format("01-02 15:04 MST")+fmt.Sprintf("/%v", s.End.Sub(s.Start)))
	}
	return out
}
