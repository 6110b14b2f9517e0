package pagopa

import (
	"fmt"
	"time"

	"github.com/siopi/siopi/workday"
)

// rome is the location of the node's civil dates; workday embeds the time-zone
// database, so it resolves on hosts without one.
func rome() *time.Location { return workday.Rome() }

// FormatDate returns the civil date of t in Europe/Rome as the node's
// xsd:date ("2006-01-02"), the form of dueDate, applicationDate and
// transferDate.
func FormatDate(t time.Time) string { return t.In(rome()).Format(time.DateOnly) }

// ParseDate parses an xsd:date ("2006-01-02", optionally followed by a zone,
// which is ignored) into midnight UTC of that civil date.
func ParseDate(s string) (time.Time, error) {
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("pagopa: date %q: %w", truncate(s, 16), err)
	}
	return t, nil
}

// EndOfDay returns 23:59:59 of the civil date d (a date of any location,
// read as year-month-day) in Europe/Rome: the instant GPD uses for a due date
// given as a day.
func EndOfDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, rome())
}

// ParseDateTime parses an xsd:dateTime; without a zone it is read in
// Europe/Rome, as the node sends local times.
func ParseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.999999999", s, rome())
	if err != nil {
		return time.Time{}, fmt.Errorf("pagopa: date-time %q: %w", truncate(s, 40), err)
	}
	return t, nil
}
