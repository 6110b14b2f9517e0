package booking_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkWire checks RFC 5545 §3.1: every line ends in CRLF, is at most 75 octets and is valid UTF-8.
func checkWire(t *testing.T, data []byte) {
	t.Helper()
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		t.Error("output does not end in CRLF")
	}
	for i, line := range bytes.Split(bytes.TrimSuffix(data, []byte("\r\n")), []byte("\r\n")) {
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(line), line)
		}
		if !utf8.Valid(line) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, line)
		}
	}
}

func decode(t *testing.T, data []byte) (*ical.Calendar, ical.Event) {
	t.Helper()
	checkWire(t, data)
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the output: %v\n%s", err, data)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	return cal, events[0]
}

func text(t *testing.T, props ical.Props, name string) string {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		t.Fatalf("no %s", name)
	}
	if v, err := p.Text(); err == nil && p.ValueType() == ical.ValueText || name == ical.PropSummary || name == ical.PropDescription || name == ical.PropLocation {
		return v
	}
	return p.Value
}

func TestICSLifecycle(t *testing.T) {
	t.Parallel()
	r := anagrafe()
	r.Topics = nil // free text
	r.Name = "Ufficio anagrafe; sportello 1, piano terra \\ ingresso B"
	r.Location = "Piazza Garibaldi, 1 – Comune di Città di Castello (PG) con un indirizzo lungo per forzare la piegatura"
	h := newHarness(t, r)
	ctx := t.Context()
	rq := req("anagrafe", "A", at(2, 9, 0))
	rq.Topic = "Carta d'identità elettronica"
	rq.Reason = "Primo rilascio,\nminore; con genitori"
	rc := must(h.Book(ctx, rq))

	cal, ev := decode(t, must(h.ICS(ctx, rc.Booking.ID)))
	if m := cal.Props.Get(ical.PropMethod).Value; m != "PUBLISH" {
		t.Errorf("METHOD %s", m)
	}
	tz := cal.Children[0]
	if tz.Name != ical.CompTimezone || tz.Props.Get(ical.PropTimezoneID).Value != "Europe/Rome" {
		t.Errorf("first component %s, want the Europe/Rome VTIMEZONE", tz.Name)
	}
	uid := ev.Props.Get(ical.PropUID).Value
	if uid != rc.Booking.ID+"@servizi.comune.esempio.it" {
		t.Errorf("UID %q", uid)
	}
	start := ev.Props.Get(ical.PropDateTimeStart)
	if start.Params.Get(ical.ParamTimezoneID) != "Europe/Rome" || start.Value != "20270303T090000" {
		t.Errorf("DTSTART %v %q", start.Params, start.Value)
	}
	if got, _ := ev.DateTimeStart(nil); !got.Equal(at(2, 9, 0)) {
		t.Errorf("DTSTART parses to %v, want %v", got, at(2, 9, 0))
	}
	if got, _ := ev.DateTimeEnd(nil); !got.Equal(at(2, 9, 30)) {
		t.Errorf("DTEND parses to %v", got)
	}
	if got := text(t, ev.Props, ical.PropSummary); got != "Appuntamento: "+r.Name+" – "+rq.Topic {
		t.Errorf("SUMMARY %q", got)
	}
	if got := text(t, ev.Props, ical.PropLocation); got != r.Location {
		t.Errorf("LOCATION %q", got)
	}
	if got := text(t, ev.Props, ical.PropDescription); !strings.Contains(got, "Motivo: "+rq.Reason) {
		t.Errorf("DESCRIPTION %q", got)
	}
	if seq := ev.Props.Get(ical.PropSequence).Value; seq != "0" {
		t.Errorf("SEQUENCE %s", seq)
	}
	if st := ev.Props.Get(ical.PropStatus).Value; st != "CONFIRMED" {
		t.Errorf("STATUS %s", st)
	}
	if org := ev.Props.Get(ical.PropOrganizer).Value; org != "mailto:anagrafe@comune.esempio.it" {
		t.Errorf("ORGANIZER %s", org)
	}

	must(h.Reschedule(ctx, rc.Booking.ID, "A", at(3, 11, 30)))
	_, ev = decode(t, must(h.ICS(ctx, rc.Booking.ID)))
	if ev.Props.Get(ical.PropUID).Value != uid || ev.Props.Get(ical.PropSequence).Value != "1" {
		t.Errorf("after reschedule: UID %s SEQUENCE %s, want the same UID and 1", ev.Props.Get(ical.PropUID).Value, ev.Props.Get(ical.PropSequence).Value)
	}
	if got, _ := ev.DateTimeStart(nil); !got.Equal(at(3, 11, 30)) {
		t.Errorf("after reschedule DTSTART %v", got)
	}

	must(h.CancelByToken(ctx, rc.Booking.ID, rc.CancelToken))
	cal, ev = decode(t, must(h.ICS(ctx, rc.Booking.ID)))
	if cal.Props.Get(ical.PropMethod).Value != "CANCEL" || ev.Props.Get(ical.PropStatus).Value != "CANCELLED" ||
		ev.Props.Get(ical.PropSequence).Value != "2" || ev.Props.Get(ical.PropUID).Value != uid {
		t.Errorf("after cancellation: METHOD %s STATUS %s SEQUENCE %s", cal.Props.Get(ical.PropMethod).Value,
			ev.Props.Get(ical.PropStatus).Value, ev.Props.Get(ical.PropSequence).Value)
	}
}

// TestICSDaylightSaving exports appointments on both sides of the autumn change: the civil time
// written with TZID must parse back to the same instant.
func TestICSDaylightSaving(t *testing.T) {
	t.Parallel()
	night := booking.Resource{ID: "notte", Name: "Guardia medica", Capacity: 5,
		Rules:  []booking.OpeningRule{{Weekdays: everyDay, Open: booking.Clock(0, 0), Close: booking.Clock(24, 0), SlotMinutes: 60}},
		Policy: booking.Policy{WindowDays: 180, MaxOpenPerService: -1}}
	h := newHarness(t, night)
	ctx := t.Context()
	for _, day := range []workday.Date{lastSunday(2027, time.March), lastSunday(2027, time.October)} {
		for _, sl := range must(h.Availability(ctx, "notte", day, day)) {
			rc := must(h.Book(ctx, booking.Request{ResourceID: "notte", Start: sl.Start, Citizen: "A"}))
			_, ev := decode(t, must(h.ICS(ctx, rc.Booking.ID)))
			start, err1 := ev.DateTimeStart(nil)
			end, err2 := ev.DateTimeEnd(nil)
			if err1 != nil || err2 != nil || !start.Equal(sl.Start) || !end.Equal(sl.End) {
				t.Errorf("%v: slot %v–%v exported as %v–%v (%v, %v)", day, sl.Start, sl.End, start, end, err1, err2)
			}
		}
	}
}

func TestICSFeedGolden(t *testing.T) {
	t.Parallel()
	r := anagrafe()
	r.Topics = nil
	h := newHarness(t, r)
	ctx := t.Context()
	for i, c := range []string{"Anna Bianchi", "Luca Verdi, \"Jr.\""} {
		rq := req("anagrafe", c, at(1, 9, 0).Add(time.Duration(i)*30*time.Minute))
		rq.Name = c
		rq.Topic = "Residenza"
		must(h.Book(ctx, rq))
	}
	data := must(h.Feed(ctx, "anagrafe", monday, monday.AddDays(7)))
	checkWire(t, data)
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cal.Events()); n != 2 {
		t.Errorf("feed has %d events, want 2", n)
	}
	// IDs are random: replace them before comparing with the golden file.
	for _, e := range cal.Events() {
		id := strings.TrimSuffix(e.Props.Get(ical.PropUID).Value, "@servizi.comune.esempio.it")
		data = bytes.ReplaceAll(data, []byte(id), []byte("ID"))
	}
	golden := filepath.Join("testdata", "feed.ics")
	if *update {
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("feed differs from %s:\n%s", golden, data)
	}
}

func FuzzICSText(f *testing.F) {
	for _, s := range []string{"", "a;b,c\\d", "riga\r\nnuova", "àèìòù€ — 😀", strings.Repeat("é", 80), "\x00\x1f\x7f", "\xff\xfe"} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, name, topic string) {
		r := anagrafe()
		r.Name, r.Topics = name, nil
		h := newHarness(t, r)
		rq := req("anagrafe", "A", at(1, 9, 0))
		rq.Topic, rq.Name, rq.Email = topic, name, topic
		rc, err := h.Book(t.Context(), rq)
		if err != nil {
			t.Fatal(err)
		}
		data, err := h.ICS(t.Context(), rc.Booking.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, ev := decode(t, data)
		if got, _ := ev.DateTimeStart(nil); !got.Equal(at(1, 9, 0)) {
			t.Errorf("DTSTART %v", got)
		}
		summary, err := ev.Props.Get(ical.PropSummary).Text()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(summary, clean(name)) {
			t.Errorf("SUMMARY %q lost the name %q", summary, clean(name))
		}
	})
}

// clean is what survives escaping: valid UTF-8, line breaks as LF, no other control characters
// but tab.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
