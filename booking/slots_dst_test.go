package booking_test

import (
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

var everyDay = []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}

// TestSlotsDSTDays checks the documented DST rules on the change days of 2025–2030 for a resource
// open around the clock in 30-minute slots, and for a 09:00 slot.
func TestSlotsDSTDays(t *testing.T) {
	t.Parallel()
	r := booking.Resource{ID: "h24", Capacity: 1, Rules: []booking.OpeningRule{
		{Weekdays: everyDay, Open: booking.Clock(0, 0), Close: booking.Clock(24, 0), SlotMinutes: 30},
	}}
	for y := 2025; y <= 2030; y++ {
		spring, autumn := lastSunday(y, time.March), lastSunday(y, time.October)
		for _, tc := range []struct {
			day   workday.Date
			slots int
			nine  string // 09:00 Rome in UTC
		}{
			{spring.AddDays(-1), 48, "08:00"},
			{spring, 46, "07:00"}, // 02:00 and 02:30 do not exist
			{spring.AddDays(1), 48, "07:00"},
			{autumn.AddDays(-1), 48, "07:00"},
			{autumn, 48, "08:00"}, // the repeated hour is not offered twice
			{autumn.AddDays(1), 48, "08:00"},
		} {
			got := r.Slots(nil, tc.day, tc.day)
			if len(got) != tc.slots {
				t.Errorf("%v: %d slots, want %d", tc.day, len(got), tc.slots)
			}
			seen := map[string]bool{}
			for _, s := range got {
				civil := s.Start.In(workday.Rome()).Format("15:04")
				if seen[civil] {
					t.Errorf("%v: civil start %s twice", tc.day, civil)
				}
				seen[civil] = true
				if civil == "09:00" && s.Start.Format("15:04") != tc.nine {
					t.Errorf("%v: 09:00 Rome is %s UTC, want %s", tc.day, s.Start.Format("15:04"), tc.nine)
				}
				if s.End.Sub(s.Start) != 30*time.Minute {
					t.Errorf("%v: slot at %s lasts %v", tc.day, civil, s.End.Sub(s.Start))
				}
			}
			if !seen["09:00"] || !seen["01:30"] || !seen["03:00"] {
				t.Errorf("%v: a regular slot vanished: %v", tc.day, brief(got))
			}
			if tc.day == spring && (seen["02:00"] || seen["02:30"]) {
				t.Errorf("%v: a slot in the missing hour: %v", tc.day, brief(got))
			}
		}
	}
}

// TestSlotsSpringStraddle: a slot whose civil interval reaches into the missing hour is dropped; one
// that ends exactly when the clocks jump is kept.
func TestSlotsSpringStraddle(t *testing.T) {
	t.Parallel()
	spring := lastSunday(2026, time.March)
	r := booking.Resource{ID: "n", Capacity: 1, Rules: []booking.OpeningRule{
		{Weekdays: everyDay, Open: booking.Clock(0, 0), Close: booking.Clock(4, 0), SlotMinutes: 60},
	}}
	var got []string
	for _, s := range r.Slots(nil, spring, spring) {
		got = append(got, s.Start.In(workday.Rome()).Format("15:04"))
	}
	want := []string{"00:00", "01:00", "03:00"} // 01:00–02:00 ends at the jump; 02:00 does not exist
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("slots = %v, want %v", got, want)
	}
	r.Rules[0].Open, r.Rules[0].Close = booking.Clock(1, 30), booking.Clock(5, 0)
	if got := r.Slots(nil, spring, spring); len(got) != 1 || got[0].Start.In(workday.Rome()).Format("15:04") != "03:30" {
		t.Errorf("from 01:30: %v, want only 03:30 (01:30–02:30 reaches into the missing hour)", brief(got))
	}
}

func TestSlotsHolidaysAndClosures(t *testing.T) {
	t.Parallel()
	cal := testCalendar(t)
	r := booking.Resource{ID: "anagrafe", Capacity: 2, Rules: []booking.OpeningRule{
		{Weekdays: everyDay[1:6], Open: booking.Clock(8, 30), Close: booking.Clock(12, 30), SlotMinutes: 20, BufferMinutes: 10},
		{From: workday.Date{Year: 2027, Month: time.June, Day: 1}, To: workday.Date{Year: 2027, Month: time.September, Day: 30},
			Weekdays: []time.Weekday{time.Thursday}, Open: booking.Clock(15, 0), Close: booking.Clock(17, 0), SlotMinutes: 30, Capacity: 1},
	}}
	closure := workday.Date{Year: 2027, Month: time.June, Day: 10}
	r.Closures = []booking.Closure{{From: closure.At(10, 0), To: closure.At(11, 0), Reason: "sciopero"}}
	for _, tc := range []struct {
		name  string
		day   workday.Date
		slots int
	}{
		{"ordinary Tuesday", workday.Date{Year: 2027, Month: time.June, Day: 8}, 8},
		{"Thursday with the summer afternoon", workday.Date{Year: 2027, Month: time.June, Day: 3}, 12},
		{"Thursday with a closure 10–11", closure, 12 - 2},
		{"Thursday after the summer rule", workday.Date{Year: 2027, Month: time.October, Day: 7}, 8},
		{"2 June, Festa della Repubblica", workday.Date{Year: 2027, Month: time.June, Day: 2}, 0},
		{"Easter Monday 2027", workday.Date{Year: 2027, Month: time.March, Day: 29}, 0},
		{"patron saint, 29 June", workday.Date{Year: 2027, Month: time.June, Day: 29}, 0},
		{"4 October from 2027 (a Monday)", workday.Date{Year: 2027, Month: time.October, Day: 4}, 0},
		{"Saturday", workday.Date{Year: 2027, Month: time.June, Day: 12}, 0},
	} {
		if got := r.Slots(cal, tc.day, tc.day); len(got) != tc.slots {
			t.Errorf("%s (%v): %d slots, want %d: %v", tc.name, tc.day, len(got), tc.slots, brief(got))
		}
	}
	r.OpenOnHolidays = true
	if got := r.Slots(cal, workday.Date{Year: 2027, Month: time.June, Day: 2}, workday.Date{Year: 2027, Month: time.June, Day: 2}); len(got) != 8 {
		t.Errorf("open on holidays: %d slots on 2 June, want 8", len(got))
	}
	if got := r.Slots(cal, workday.Date{Year: 2027, Month: time.June, Day: 3}, workday.Date{Year: 2027, Month: time.June, Day: 3}); got[len(got)-1].Capacity != 1 || got[0].Capacity != 2 {
		t.Errorf("rule capacity not applied: first %d, last %d", got[0].Capacity, got[len(got)-1].Capacity)
	}
}

func TestResourceValidate(t *testing.T) {
	t.Parallel()
	ok := func() booking.Resource {
		return booking.Resource{ID: "r", Capacity: 1, Rules: []booking.OpeningRule{
			{Weekdays: []time.Weekday{time.Monday}, Open: booking.Clock(9, 0), Close: booking.Clock(12, 0), SlotMinutes: 30},
		}}
	}
	if r := ok(); r.Validate() != nil {
		t.Fatalf("valid resource rejected: %v", r.Validate())
	}
	for _, tc := range []struct {
		name string
		edit func(*booking.Resource)
	}{
		{"empty id", func(r *booking.Resource) { r.ID = "" }},
		{"no capacity", func(r *booking.Resource) { r.Capacity = 0 }},
		{"seats and capacity differ", func(r *booking.Resource) { r.Seats = []string{"1", "2"}; r.Capacity = 3 }},
		{"repeated seat", func(r *booking.Resource) { r.Seats = []string{"1", "1"}; r.Capacity = 0 }},
		{"window over 180 days", func(r *booking.Resource) { r.Policy.WindowDays = 181 }},
		{"notice as long as the window", func(r *booking.Resource) { r.Policy.MinNotice = 30 * 24 * time.Hour }},
		{"no weekdays", func(r *booking.Resource) { r.Rules[0].Weekdays = nil }},
		{"zero slot", func(r *booking.Resource) { r.Rules[0].SlotMinutes = 0 }},
		{"closes before opening", func(r *booking.Resource) { r.Rules[0].Close = booking.Clock(8, 0) }},
		{"past midnight", func(r *booking.Resource) { r.Rules[0].Close = booking.Clock(24, 30) }},
		{"overlapping rules", func(r *booking.Resource) {
			r.Rules = append(r.Rules, booking.OpeningRule{Weekdays: []time.Weekday{time.Monday, time.Friday}, Open: booking.Clock(11, 0), Close: booking.Clock(13, 0), SlotMinutes: 30})
		}},
		{"closure ends first", func(r *booking.Resource) {
			now := time.Now()
			r.Closures = []booking.Closure{{From: now, To: now}}
		}},
	} {
		r := ok()
		tc.edit(&r)
		if err := r.Validate(); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	r := ok()
	r.Rules = append(r.Rules, booking.OpeningRule{Weekdays: []time.Weekday{time.Monday}, Open: booking.Clock(12, 0), Close: booking.Clock(13, 0), SlotMinutes: 30})
	r.Rules = append(r.Rules, booking.OpeningRule{Weekdays: []time.Weekday{time.Tuesday}, Open: booking.Clock(9, 0), Close: booking.Clock(13, 0), SlotMinutes: 30})
	if err := r.Validate(); err != nil {
		t.Errorf("adjacent and other-day rules rejected: %v", err)
	}
}

// BenchmarkSlotsYear100Resources generates a year of slots for 100 office calendars.
func BenchmarkSlotsYear100Resources(b *testing.B) {
	cal := testCalendar(b)
	resources := make([]booking.Resource, 100)
	for i := range resources {
		resources[i] = booking.Resource{ID: "r", Capacity: 1 + i%5, Rules: []booking.OpeningRule{
			{Weekdays: everyDay[1:6], Open: booking.Clock(8, 30), Close: booking.Clock(12, 30), SlotMinutes: 15},
			{Weekdays: []time.Weekday{time.Tuesday, time.Thursday}, Open: booking.Clock(14, 30), Close: booking.Clock(17, 30), SlotMinutes: 20, BufferMinutes: 5},
		}}
	}
	from := workday.Date{Year: 2027, Month: time.January, Day: 1}
	to := workday.Date{Year: 2027, Month: time.December, Day: 31}
	n := 0
	for b.Loop() {
		n = 0
		for i := range resources {
			n += len(resources[i].Slots(cal, from, to))
		}
	}
	b.ReportMetric(float64(n), "slots/op")
}
