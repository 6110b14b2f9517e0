package booking

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/siopi/siopi/workday"
)

// ICS returns one booking as an RFC 5545 iCalendar object for the citizen's calendar: a VEVENT with
// DTSTART/DTEND in TZID=Europe/Rome and the matching VTIMEZONE, METHOD:PUBLISH while the booking is
// live and METHOD:CANCEL once cancelled (or refused). The UID ("<id>@<ICalDomain>") never changes;
// SEQUENCE grows with every reschedule and the cancellation, so calendar clients update the same
// event. Lines end in CRLF and are folded at 75 octets.
func (s *Scheduler) ICS(ctx context.Context, id string) ([]byte, error) {
	b, err := s.get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("booking: ics: %w", err)
	}
	r, err := s.resource(ctx, b.ResourceID)
	if err != nil {
		return nil, fmt.Errorf("booking: ics: %w", err)
	}
	method := "PUBLISH"
	if b.Status == StatusCancelled || b.Status == StatusRefused {
		method = "CANCEL"
	}
	var w icsWriter
	w.begin(method, "")
	w.event(&b, &r, s.domain, s.now(), false)
	w.line("END", "VCALENDAR")
	return w.buf.Bytes(), nil
}

// Feed returns an office's calendar from one civil date to another (inclusive) as an iCalendar feed
// for operators (METHOD:PUBLISH): its pending (TENTATIVE), confirmed, attended and missed bookings,
// with the citizen's name.
func (s *Scheduler) Feed(ctx context.Context, resourceID string, from, to workday.Date) ([]byte, error) {
	r, err := s.resource(ctx, resourceID)
	if err != nil {
		return nil, fmt.Errorf("booking: feed: %w", err)
	}
	list, err := s.store.List(ctx, Filter{
		Municipality: s.muni, ResourceID: resourceID, From: from.Start().UTC(), To: to.AddDays(1).Start().UTC(),
		Statuses: []Status{StatusPending, StatusConfirmed, StatusAttended, StatusNoShow},
	})
	if err != nil {
		return nil, fmt.Errorf("booking: feed: %w", err)
	}
	now := s.now()
	var w icsWriter
	w.begin("PUBLISH", r.Name)
	for i := range list {
		w.event(&list[i], &r, s.domain, now, true)
	}
	w.line("END", "VCALENDAR")
	return w.buf.Bytes(), nil
}

// icsWriter writes content lines with CRLF endings and 75-octet folding (RFC 5545 §3.1).
type icsWriter struct{ buf bytes.Buffer }

const vtimezoneRome = "BEGIN:VTIMEZONE\r\nTZID:Europe/Rome\r\n" +
	"BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n" +
	"DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n" +
	"DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

func (w *icsWriter) begin(method, name string) {
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", "-//siopi//booking//IT")
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", method)
	if name != "" {
		w.line("X-WR-CALNAME", escapeText(name))
		w.line("X-WR-TIMEZONE", "Europe/Rome")
	}
	w.buf.WriteString(vtimezoneRome)
}

func (w *icsWriter) event(b *Booking, r *Resource, domain string, now time.Time, operator bool) {
	w.line("BEGIN", "VEVENT")
	w.line("UID", escapeText(b.ID+"@"+domain))
	w.line("DTSTAMP", now.UTC().Format("20060102T150405Z"))
	w.line("SEQUENCE", strconv.Itoa(b.Sequence))
	w.dateTime("DTSTART", b.Start)
	w.dateTime("DTEND", b.End)
	summary := "Appuntamento: " + r.Name
	if operator && b.Name != "" {
		summary = r.Name + ": " + b.Name
	}
	if b.Topic != "" {
		summary += " – " + b.Topic
	}
	w.line("SUMMARY", escapeText(summary))
	if r.Location != "" {
		w.line("LOCATION", escapeText(r.Location))
	}
	var desc []string
	if b.Topic != "" {
		desc = append(desc, "Argomento: "+b.Topic)
	}
	if b.Seat != "" {
		desc = append(desc, "Posto: "+b.Seat)
	}
	if b.Reason != "" {
		desc = append(desc, "Motivo: "+b.Reason)
	}
	if len(desc) > 0 {
		w.line("DESCRIPTION", escapeText(strings.Join(desc, "\n")))
	}
	organizer := r.Email
	if organizer == "" {
		organizer = "noreply@" + domain
	}
	w.line("ORGANIZER;CN="+paramValue(r.Name), "mailto:"+organizer)
	if b.Email != "" {
		w.line("ATTENDEE;CN="+paramValue(b.Name)+";ROLE=REQ-PARTICIPANT", "mailto:"+escapeURI(b.Email))
	}
	status := "CONFIRMED"
	switch b.Status {
	case StatusPending, StatusHeld:
		status = "TENTATIVE"
	case StatusCancelled, StatusRefused, StatusExpired:
		status = "CANCELLED"
	}
	w.line("STATUS", status)
	w.line("END", "VEVENT")
}

// dateTime writes a DATE-TIME in Europe/Rome with TZID, or in UTC when the civil reading would not
// name the instant (the second occurrence of the repeated autumn hour).
func (w *icsWriter) dateTime(name string, t time.Time) {
	local := t.In(workday.Rome())
	d := workday.DateOf(t)
	day := newCivilDay(d)
	if back, ok := day.instant(Clock(local.Hour(), local.Minute())); ok && back.Equal(t.Truncate(time.Minute)) && t.Second() == 0 {
		w.line(name+";TZID=Europe/Rome", local.Format("20060102T150405"))
		return
	}
	w.line(name, t.UTC().Format("20060102T150405Z"))
}

// line writes "name:value" folded into lines of at most 75 octets, never inside a UTF-8 sequence.
func (w *icsWriter) line(name, value string) {
	s := name + ":" + value
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		w.buf.WriteString(s[:cut])
		w.buf.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	w.buf.WriteString(s)
	w.buf.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline; other
// control characters and invalid UTF-8 are dropped.
func escapeText(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' || c == ';' || c == ',':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\r' && i+1 < len(s) && s[i+1] == '\n':
		case c == '\n' || c == '\r':
			b.WriteString(`\n`)
		case c < 0x20 && c != '\t', c == 0x7f:
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// paramValue quotes a parameter value (RFC 5545 §3.2), dropping what a quoted value cannot hold.
func paramValue(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	return `"` + s + `"`
}

// escapeURI keeps an e-mail address usable in a mailto: URI value.
func escapeURI(s string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f || r == '"' || r == '<' || r == '>' || r == '\\' {
			return -1
		}
		return r
	}, s)
}
