package workday

import (
	"errors"
	"fmt"
	"time"
)

// SanFrancescoFrom is the first year in which 4 October (San Francesco d'Assisi
// and Santa Caterina da Siena, patrons of Italy) is a national holiday.
const SanFrancescoFrom = 2026

// Config describes a municipality's calendar. The zero Config has the national
// holidays only, with Saturday and Sunday as non-working days.
type Config struct {
	// PatronSaint is the municipality's patron-saint day (e.g. 29 June in Rome,
	// 7 December in Milan); nil means none.
	PatronSaint *MonthDay
	// PatronSaintName names it in [Calendar.Holiday]; empty means "Santo patrono".
	PatronSaintName string
	// Extra lists further closed days (e.g. a day the offices close by decree).
	Extra []Date
	// SaturdayOpen makes Saturday a working day. By default Saturday is not one:
	// art. 155 c.p.c. moves a deadline falling on a Saturday to the next working day.
	SaturdayOpen bool
}

// Calendar answers holiday and working-day questions for one municipality. It
// is immutable and safe for concurrent use.
type Calendar struct {
	patron       *MonthDay
	patronName   string
	extra        map[Date]bool
	saturdayOpen bool
}

// ErrConfig is wrapped by New's errors.
var ErrConfig = errors.New("workday: invalid calendar configuration")

// New validates cfg and returns its Calendar.
func New(cfg Config) (*Calendar, error) {
	c := &Calendar{saturdayOpen: cfg.SaturdayOpen, patronName: cfg.PatronSaintName, extra: make(map[Date]bool, len(cfg.Extra))}
	if cfg.PatronSaint != nil {
		if !cfg.PatronSaint.valid() {
			return nil, fmt.Errorf("%w: patron saint day %d/%d does not exist", ErrConfig, cfg.PatronSaint.Day, cfg.PatronSaint.Month)
		}
		p := *cfg.PatronSaint
		c.patron = &p
		if c.patronName == "" {
			c.patronName = "Santo patrono"
		}
	}
	for _, d := range cfg.Extra {
		if d != NewDate(d.Year, d.Month, d.Day) {
			return nil, fmt.Errorf("%w: extra closed day %v does not exist", ErrConfig, d)
		}
		c.extra[d] = true
	}
	return c, nil
}

// Easter returns the date of Easter Sunday in year (Gregorian calendar,
// anonymous algorithm of Meeus/Jones/Butcher).
func Easter(year int) Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{year, time.Month(month), day}
}

// nationalFixed lists the fixed-date national holidays.
var nationalFixed = map[MonthDay]string{
	{time.January, 1}:   "Capodanno",
	{time.January, 6}:   "Epifania",
	{time.April, 25}:    "Festa della Liberazione",
	{time.May, 1}:       "Festa del Lavoro",
	{time.June, 2}:      "Festa della Repubblica",
	{time.August, 15}:   "Ferragosto",
	{time.November, 1}:  "Ognissanti",
	{time.December, 8}:  "Immacolata Concezione",
	{time.December, 25}: "Natale",
	{time.December, 26}: "Santo Stefano",
}

// National reports whether d is a national holiday, and its Italian name.
func National(d Date) (name string, ok bool) {
	if name, ok := nationalFixed[MonthDay{d.Month, d.Day}]; ok {
		return name, true
	}
	if d.Month == time.October && d.Day == 4 && d.Year >= SanFrancescoFrom {
		return "San Francesco d'Assisi e Santa Caterina da Siena", true
	}
	if d.Month == time.March || d.Month == time.April {
		if Easter(d.Year).AddDays(1) == d {
			return "Lunedì dell'Angelo", true
		}
	}
	return "", false
}

// Holiday reports whether d is a holiday in c — national, the patron saint's
// day or an extra closed day — and its name.
func (c *Calendar) Holiday(d Date) (name string, ok bool) {
	if name, ok := National(d); ok {
		return name, true
	}
	if c.patron != nil && c.patron.Month == d.Month && c.patron.Day == d.Day {
		return c.patronName, true
	}
	if c.extra[d] {
		return "Chiusura straordinaria", true
	}
	return "", false
}

// IsWorkingDay reports whether d is a working day: not a Sunday, not a
// Saturday unless the calendar opens on Saturdays, and not a holiday.
func (c *Calendar) IsWorkingDay(d Date) bool {
	switch d.Weekday() {
	case time.Sunday:
		return false
	case time.Saturday:
		if !c.saturdayOpen {
			return false
		}
	}
	_, holiday := c.Holiday(d)
	return !holiday
}

// NextWorkingDay returns d if it is a working day, otherwise the first working
// day after it.
func (c *Calendar) NextWorkingDay(d Date) Date {
	for !c.IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the date n working days after d (before it, if n is
// negative), not counting d itself. With n == 0 it returns d.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// Holiday is one holiday of a year.
type Holiday struct {
	Date Date
	Name string
}

// Holidays lists the holidays of year in c, in date order.
func (c *Calendar) Holidays(year int) []Holiday {
	var out []Holiday
	for d := (Date{year, time.January, 1}); d.Year == year; d = d.AddDays(1) {
		if name, ok := c.Holiday(d); ok {
			out = append(out, Holiday{d, name})
		}
	}
	return out
}
