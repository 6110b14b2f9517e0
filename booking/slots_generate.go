package booking

import (
	"slices"
	"time"

	"github.com/siopi/siopi/workday"
)

// Slot is one bookable interval of a resource. Start and End are UTC instants; their civil reading
// in Europe/Rome is what citizens see.
type Slot struct {
	ResourceID string
	Start, End time.Time
	Capacity   int // places in the slot
	// Taken and Waiting are filled in by the scheduler's queries: the places held, pending or
	// confirmed, and the citizens on the slot's waitlist.
	Taken   int
	Waiting int
}

// Free is the number of places a new booking can take: none while anyone is on the slot's waitlist
// (a freed place goes to them first, see [Scheduler.JoinWaitlist]), otherwise the places not taken.
func (s Slot) Free() int {
	if s.Waiting > 0 {
		return 0
	}
	return max(0, s.Capacity-s.Taken)
}

// Slots returns r's slots on the civil dates from to to (inclusive), ordered by start. Days that cal
// reports as holidays (national holidays, the patron saint, extra closed days) have no slots unless
// r.OpenOnHolidays; a nil cal skips the holiday check. Slots overlapping a [Closure] are left out.
//
// # Daylight saving time
//
// Slots are laid out in Europe/Rome civil time and converted to UTC one by one, so on the last
// Sunday of March and of October every slot keeps its civil start ("09:00" is 09:00 on both sides of
// the change), none is duplicated and none is shifted. A slot lasts SlotMinutes of real time. Two
// rules cover the night hours the change touches:
//   - Spring forward (02:00 → 03:00): the civil times 02:00–02:59 do not exist. A slot whose civil
//     interval [start, start+length) reaches into that missing hour is not generated; nothing is moved
//     into its place.
//   - Fall back (03:00 → 02:00): the civil times 02:00–02:59 occur twice. A civil time there means its
//     first occurrence (summer time), as in RFC 5545 §3.3.5; the repeated hour is not offered again.
func (r *Resource) Slots(cal *workday.Calendar, from, to workday.Date) []Slot {
	var out []Slot
	for d := from; !d.After(to); d = d.AddDays(1) {
		out = r.appendDay(out, cal, d)
	}
	return out
}

// appendDay appends the slots of r on d to out.
func (r *Resource) appendDay(out []Slot, cal *workday.Calendar, d workday.Date) []Slot {
	if cal != nil && !r.OpenOnHolidays {
		if _, holiday := cal.Holiday(d); holiday {
			return out
		}
	}
	first := len(out)
	var day civilDay
	for i := range r.Rules {
		rule := &r.Rules[i]
		if !rule.covers(d) {
			continue
		}
		if day.loc == nil {
			day = newCivilDay(d)
		}
		length := time.Duration(rule.SlotMinutes) * time.Minute
		capacity := r.SlotCapacity(rule)
		step := TimeOfDay(rule.SlotMinutes + rule.BufferMinutes)
		for m := rule.Open; m+TimeOfDay(rule.SlotMinutes) <= rule.Close; m += step {
			start, ok := day.instant(m)
			if !ok {
				continue // the civil start does not exist (spring forward)
			}
			end := start.Add(length)
			// The last minute of a slot reads later than its civil end only across the missing hour.
			if !day.uniform && day.minutes(end.Add(-time.Minute)) > int(m)+rule.SlotMinutes-1 {
				continue // the civil interval reaches into the missing hour (spring forward)
			}
			if r.closed(start, end) {
				continue
			}
			out = append(out, Slot{ResourceID: r.ID, Start: start, End: end, Capacity: capacity})
		}
	}
	if len(r.Rules) > 1 {
		slices.SortFunc(out[first:], func(a, b Slot) int { return a.Start.Compare(b.Start) })
	}
	return out
}

func (r *Resource) closed(start, end time.Time) bool {
	for _, c := range r.Closures {
		if start.Before(c.To) && c.From.Before(end) {
			return true
		}
	}
	return false
}

// civilDay converts civil times of one date in Europe/Rome to UTC instants. On the ~363 days a year
// without an offset change it is plain arithmetic; on the two change days it goes through
// [time.Date] and checks the result's civil reading.
type civilDay struct {
	date    workday.Date
	loc     *time.Location
	base    time.Time // the date's midnight read as UTC
	offset  time.Duration
	uniform bool // one UTC offset all day
}

func newCivilDay(d workday.Date) civilDay {
	loc := workday.Rome()
	_, off0 := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc).Zone()
	_, off1 := time.Date(d.Year, d.Month, d.Day, 23, 59, 0, 0, loc).Zone()
	return civilDay{
		date:    d,
		loc:     loc,
		base:    time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC),
		offset:  time.Duration(off0) * time.Second,
		uniform: off0 == off1,
	}
}

// instant returns the UTC instant of civil time m on the day, or false when m does not exist. Of a
// repeated civil time it returns the first occurrence. m may be 24:00 (the next midnight).
func (c *civilDay) instant(m TimeOfDay) (time.Time, bool) {
	if c.uniform {
		return c.base.Add(time.Duration(m)*time.Minute - c.offset), true
	}
	t := time.Date(c.date.Year, c.date.Month, c.date.Day, 0, int(m), 0, 0, c.loc)
	if c.minutes(t) != int(m) {
		return time.Time{}, false
	}
	// time.Date does not promise which occurrence it picks; prefer the earlier one.
	if e := t.Add(-time.Hour); c.minutes(e) == int(m) {
		t = e
	}
	return t.UTC(), true
}

// minutes is the civil reading of t in minutes after the day's midnight (1440 and more for the
// following days, negative for earlier ones).
func (c *civilDay) minutes(t time.Time) int {
	l := t.In(c.loc)
	y, mo, d := l.Date()
	days := workday.Date{Year: y, Month: mo, Day: d}
	n := c.date.DaysUntil(days)
	return n*1440 + l.Hour()*60 + l.Minute()
}
