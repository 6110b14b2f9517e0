package workday

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/Rome must resolve on machines without a zoneinfo database.
)

var rome = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Rome")
	if err != nil {
		// The embedded database always has Europe/Rome; reaching this is a build defect.
		panic("workday: Europe/Rome not in the embedded time zone database: " + err.Error())
	}
	return loc
}()

// Rome returns the Europe/Rome location, in which Italian civil dates are computed.
func Rome() *time.Location { return rome }

// Date is a civil date (year, month, day) with no time zone. The zero Date is
// not a valid date; use [Date.IsZero] to test for it.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of instant t in Europe/Rome.
func DateOf(t time.Time) Date {
	y, m, d := t.In(rome).Date()
	return Date{y, m, d}
}

// NewDate returns the date y-m-d, normalised as time.Date normalises (so
// 31 April becomes 1 May).
func NewDate(y int, m time.Month, d int) Date {
	return dateOfUTC(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// ParseDate parses an ISO date "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("workday: parse date %q: %w", s, err)
	}
	return dateOfUTC(t), nil
}

func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// utc is the date at midnight UTC, used for day arithmetic (UTC has no DST).
func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// AddDays returns the date n calendar days after d (before, if n is negative).
func (d Date) AddDays(n int) Date { return dateOfUTC(d.utc().AddDate(0, 0, n)) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp(int(d.Month), int(o.Month))
	default:
		return cmp(d.Day, o.Day)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// DaysUntil returns the number of calendar days from d to o (negative when o is
// before d).
func (d Date) DaysUntil(o Date) int {
	return int(o.utc().Sub(d.utc()).Hours() / 24)
}

// At returns the instant of the civil time hour:min on d in Europe/Rome. On the
// spring-forward day a time in the skipped hour (02:00–02:59) is moved forward
// by an hour, as time.Date does; on the fall-back day the repeated hour resolves
// to its first (summer-time) occurrence.
func (d Date) At(hour, min int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, min, 0, 0, rome)
}

// Start returns the instant the civil day d begins in Europe/Rome.
func (d Date) Start() time.Time { return d.At(0, 0) }

// End returns the last instant of the civil day d in Europe/Rome (one
// nanosecond before the next day starts), whatever the day's length.
func (d Date) End() time.Time { return d.AddDays(1).Start().Add(-time.Nanosecond) }

// String formats d as "2006-01-02".
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// MarshalText implements encoding.TextMarshaler ("2006-01-02").
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts what
// MarshalText writes, including "0000-00-00" for the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if string(b) == (Date{}).String() {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MonthDay is a recurring day of the year, such as a patron saint's day.
type MonthDay struct {
	Month time.Month
	Day   int
}

// valid reports whether m names a day that exists in some year.
func (m MonthDay) valid() bool {
	return m.Month >= time.January && m.Month <= time.December && m.Day >= 1 &&
		m.Day <= time.Date(2024, m.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() // 2024 is a leap year
}
