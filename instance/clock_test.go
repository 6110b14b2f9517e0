package instance

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/workday"
)

func date(y int, m time.Month, d int) workday.Date { return workday.Date{Year: y, Month: m, Day: d} }

func TestDayNumRoundTrip(t *testing.T) {
	t.Parallel()
	start := time.Date(1899, 12, 25, 0, 0, 0, 0, time.UTC)
	for i := range 200 * 366 {
		tm := start.AddDate(0, 0, i)
		d := workday.Date{Year: tm.Year(), Month: tm.Month(), Day: tm.Day()}
		n := dayNum(d)
		if want := int(tm.Unix() / 86400); n != want {
			t.Fatalf("dayNum(%s) = %d, want %d", d, n, want)
		}
		if back := fromDayNum(n); back != d {
			t.Fatalf("fromDayNum(%d) = %s, want %s", n, back, d)
		}
	}
}

func TestClockExamples(t *testing.T) {
	t.Parallel()
	mon := date(2026, 3, 2)
	tests := []struct {
		name string
		in   ClockInput
		asOf workday.Date
		clk  Clock
		want Timing
	}{
		{"plain 30 days", ClockInput{Received: mon, TermDays: 30}, date(2026, 3, 12), Clock{},
			Timing{Deadline: date(2026, 4, 1), Gross: 10, Net: 10, DaysLeft: 20}},
		{"deadline on Easter Monday moves to Tuesday", ClockInput{Received: date(2026, 3, 7), TermDays: 30}, date(2026, 3, 7), Clock{},
			Timing{Deadline: date(2026, 4, 7), DaysLeft: 31}},
		{"calendar-day policy keeps Easter Monday", ClockInput{Received: date(2026, 3, 7), TermDays: 30}, date(2026, 3, 7), Clock{Deadline: CalendarDay},
			Timing{Deadline: date(2026, 4, 6), DaysLeft: 30}},
		{"closed suspension moves the deadline to a Saturday, then Monday", ClockInput{Received: mon, TermDays: 30,
			Suspensions: []Suspension{{Basis: SuspendIntegration, From: date(2026, 3, 10), Until: date(2026, 3, 20)}}},
			date(2026, 3, 25), Clock{}, Timing{Deadline: date(2026, 4, 13), Gross: 23, Suspended: 10, Net: 13, DaysLeft: 19}},
		{"art. 2 c.7 capped at 30 days", ClockInput{Received: mon, TermDays: 30,
			Suspensions: []Suspension{{Basis: SuspendIntegration, From: date(2026, 3, 3)}}},
			date(2026, 4, 22), Clock{Deadline: CalendarDay}, Timing{Deadline: date(2026, 5, 1), Gross: 51, Suspended: 30, Net: 21, DaysLeft: 9}},
		{"art. 2 c.7 running", ClockInput{Received: mon, TermDays: 30,
			Suspensions: []Suspension{{Basis: SuspendIntegration, From: date(2026, 3, 3)}}},
			date(2026, 3, 8), Clock{Deadline: CalendarDay}, Timing{Deadline: date(2026, 5, 1), Gross: 6, Suspended: 5, Net: 1, DaysLeft: 54, Suspending: true}},
		{"art. 10-bis window open: projected to observations on its last day", ClockInput{Received: mon, TermDays: 30,
			Suspensions: []Suspension{{Basis: SuspendRejectionNotice, From: date(2026, 3, 12)}}},
			date(2026, 3, 15), Clock{Deadline: CalendarDay}, Timing{Deadline: date(2026, 4, 21), Gross: 13, Suspended: 3, Net: 10, DaysLeft: 37, Suspending: true}},
		{"art. 10-bis without observations: 10 days", ClockInput{Received: mon, TermDays: 30,
			Suspensions: []Suspension{{Basis: SuspendRejectionNotice, From: date(2026, 3, 12)}}},
			date(2026, 3, 30), Clock{Deadline: CalendarDay}, Timing{Deadline: date(2026, 4, 11), Gross: 28, Suspended: 10, Net: 18, DaysLeft: 12}},
		{"decided late", ClockInput{Received: mon, TermDays: 30, Decided: date(2026, 4, 11)}, date(2026, 5, 1), Clock{},
			Timing{Deadline: date(2026, 4, 1), Decided: date(2026, 4, 11), Gross: 40, Net: 40, DaysLeft: -30, Late: 10}},
		{"silence means consent after the deadline", ClockInput{Received: mon, TermDays: 30, SilenceMeansConsent: true},
			date(2026, 4, 2), Clock{}, Timing{Deadline: date(2026, 4, 1), Gross: 31, Net: 31, DaysLeft: -1, Late: 1, SilenceConsent: true}},
		{"not received", ClockInput{TermDays: 30}, mon, Clock{}, Timing{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := tt.clk.Compute(tt.in, tt.asOf)
			tt.want.Received, tt.want.TermDays = tt.in.Received, tt.in.TermDays
			if tt.in.Decided.IsZero() {
				tt.want.Decided = workday.Date{}
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestLateStatement(t *testing.T) {
	t.Parallel()
	tm := Clock{}.Compute(ClockInput{Received: date(2026, 3, 2), TermDays: 30, Decided: date(2026, 4, 11),
		Suspensions: []Suspension{{Basis: SuspendIntegration, From: date(2026, 3, 5), Until: date(2026, 3, 8)}}}, date(2026, 4, 11))
	got := tm.LateStatement("Regolamento comunale, art. 4")
	for _, want := range []string{"9-quinquies", "previsto 30 giorni (Regolamento comunale, art. 4)", "impiegato 40 giorni, di cui 3 di sospensione", "ritardo di 4 giorni", "07/04/2026"} {
		if !strings.Contains(got, want) {
			t.Errorf("statement %q lacks %q", got, want)
		}
	}
	if s := (Timing{Received: date(2026, 1, 1)}).LateStatement(""); s != "" {
		t.Errorf("on time but got a statement: %q", s)
	}
}

// randomInput draws closed suspensions within the legal caps, so that the
// brute-force count below needs no legal knowledge.
func randomInput(r *rand.Rand) (ClockInput, workday.Date) {
	recv := fromDayNum(dayNum(date(2024, 1, 1)) + r.IntN(3*365))
	in := ClockInput{Received: recv, TermDays: 1 + r.IntN(180), MaxSuspension: 30}
	for range r.IntN(4) {
		from := recv.AddDays(r.IntN(120) - 10)
		if r.IntN(2) == 0 {
			in.Suspensions = append(in.Suspensions, Suspension{Basis: SuspendIntegration, From: from, Until: from.AddDays(r.IntN(31))})
		} else {
			in.Suspensions = append(in.Suspensions, Suspension{Basis: SuspendRejectionNotice, From: from, Until: from.AddDays(10 + r.IntN(11))})
		}
	}
	asOf := recv.AddDays(r.IntN(400))
	if r.IntN(3) == 0 {
		in.Decided = recv.AddDays(r.IntN(300))
		asOf = in.Decided.AddDays(r.IntN(30))
	}
	return in, asOf
}

// TestClockNeverCountsSuspendedDays checks the clock against a day-by-day
// count: net days are exactly the unsuspended days from receipt to the end,
// and the calendar-day deadline is the day the unsuspended count reaches the term.
func TestClockNeverCountsSuspendedDays(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		in, asOf := randomInput(r)
		got := Clock{Deadline: CalendarDay}.Compute(in, asOf)
		// Brute force over day numbers (dayNum is checked against package time above).
		suspended := func(d int, decided bool) bool {
			for _, s := range in.Suspensions {
				until := dayNum(s.Until)
				if decided {
					until = min(until, dayNum(in.Decided))
				}
				if d > dayNum(s.From) && d <= until {
					return true
				}
			}
			return false
		}
		end := asOf
		if !in.Decided.IsZero() {
			end = in.Decided
		}
		net := 0
		for d := dayNum(in.Received) + 1; d <= dayNum(end); d++ {
			if !suspended(d, !in.Decided.IsZero()) {
				net++
			}
		}
		if got.Net != net || got.Gross-got.Suspended != got.Net {
			t.Fatalf("case %d %+v as of %s: net %d (gross %d, suspended %d), brute force %d", i, in, asOf, got.Net, got.Gross, got.Suspended, net)
		}
		// The deadline (undecided, so suspensions are not cut by a decision).
		in.Decided = workday.Date{}
		got = Clock{Deadline: CalendarDay}.Compute(in, asOf)
		count, d := 0, dayNum(in.Received)
		for count < in.TermDays {
			d++
			if !suspended(d, false) {
				count++
			}
		}
		if got.Deadline != fromDayNum(d) {
			t.Fatalf("case %d %+v: deadline %s, brute force %s", i, in, got.Deadline, fromDayNum(d))
		}
	}
}

// TestDeadlineOnWorkingDay: with the default policy the deadline is a working
// day, the first on or after the calendar-day deadline.
func TestDeadlineOnWorkingDay(t *testing.T) {
	t.Parallel()
	cal, err := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.June, Day: 29}})
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		in, asOf := randomInput(r)
		raw := Clock{Deadline: CalendarDay, Calendar: cal}.Compute(in, asOf).Deadline
		got := Clock{Calendar: cal}.Compute(in, asOf).Deadline
		if !cal.IsWorkingDay(got) {
			t.Fatalf("%+v: deadline %s (%s) is not a working day", in, got, got.Weekday())
		}
		for d := raw; d.Before(got); d = d.AddDays(1) {
			if cal.IsWorkingDay(d) {
				t.Fatalf("%+v: deadline %s skips working day %s", in, got, d)
			}
		}
	}
}

func TestSubstituteDeadline(t *testing.T) {
	t.Parallel()
	// 45 days → 23; 1 April + 23 = 24 April, a Friday.
	if got := (Clock{}).SubstituteDeadline(date(2026, 4, 1), 45); got != date(2026, 4, 24) {
		t.Errorf("got %s", got)
	}
	// 1 April + 24 = 25 April (Liberation Day, a Saturday) → Monday 27.
	if got := (Clock{}).SubstituteDeadline(date(2026, 4, 1), 48); got != date(2026, 4, 27) {
		t.Errorf("got %s", got)
	}
}

func TestNextWorkingDayMatchesCalendar(t *testing.T) {
	t.Parallel()
	for _, cfg := range []workday.Config{{}, {SaturdayOpen: true, PatronSaint: &workday.MonthDay{Month: time.December, Day: 7}}} {
		cal, err := workday.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		clk := Clock{Calendar: cal}
		for n := dayNum(date(1999, 12, 1)); n < dayNum(date(2031, 1, 31)); n++ {
			if got, want := fromDayNum(clk.nextWorkingDay(n)), cal.NextWorkingDay(fromDayNum(n)); got != want {
				t.Fatalf("%+v: next working day of %s = %s, want %s", cfg, fromDayNum(n), got, want)
			}
		}
	}
}
