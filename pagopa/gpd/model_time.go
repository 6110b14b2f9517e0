package gpd

import (
	"bytes"
	"fmt"
	"time"
)

// DateTime is a GPD date-time. It marshals as RFC 3339 in UTC with milliseconds and accepts, when
// unmarshalling, both offset forms and GPD's zone-less LocalDateTime ("2026-12-31T23:59:59"),
// which it reads as UTC.
type DateTime struct{ time.Time }

// NewDateTime returns t as a [DateTime]; a zero t gives the zero DateTime (omitted from JSON).
func NewDateTime(t time.Time) DateTime { return DateTime{t} }

// MarshalJSON implements json.Marshaler.
func (d DateTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + d.UTC().Format("2006-01-02T15:04:05.000Z07:00") + `"`), nil
}

var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
}

// UnmarshalJSON implements json.Unmarshaler.
func (d *DateTime) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = DateTime{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("gpd: date-time %s is not a string", b)
	}
	s := string(b[1 : len(b)-1])
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			d.Time = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("gpd: bad date-time %q", s)
}
