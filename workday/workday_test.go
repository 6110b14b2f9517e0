package workday_test

import (
	"encoding/json"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/siopi/siopi/workday"
)

func d(y int, m time.Month, day int) workday.Date { return workday.Date{Year: y, Month: m, Day: day} }

func TestEaster(t *testing.T) {
	t.Parallel()
	// Published dates of Easter Sunday.
	want := map[int]workday.Date{
		1961: d(1961, 4, 2), 2000: d(2000, 4, 23), 2008: d(2008, 3, 23), 2019: d(2019, 4, 21),
		2024: d(2024, 3, 31), 2025: d(2025, 4, 20), 2026: d(2026, 4, 5), 2027: d(2027, 3, 28),
		2038: d(2038, 4, 25), 2285: d(2285, 3, 22),
	}
	for year, w := range want {
		if got := workday.Easter(year); got != w {
			t.Errorf("Easter(%d) = %v, want %v", year, got, w)
		}
		if workday.Easter(year).Weekday() != time.Sunday {
			t.Errorf("Easter(%d) is not a Sunday", year)
		}
	}
}

func TestHoliday(t *testing.T) {
	t.Parallel()
	rome, err := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.June, Day: 29}, PatronSaintName: "Santi Pietro e Paolo", Extra: []workday.Date{d(2026, 12, 24)}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		date workday.Date
		name string
	}{
		{d(2026, 1, 1), "Capodanno"},
		{d(2026, 1, 6), "Epifania"},
		{d(2026, 4, 6), "Lunedì dell'Angelo"},
		{d(2025, 4, 21), "Lunedì dell'Angelo"},
		{d(2026, 4, 25), "Festa della Liberazione"},
		{d(2026, 5, 1), "Festa del Lavoro"},
		{d(2026, 6, 2), "Festa della Repubblica"},
		{d(2026, 6, 29), "Santi Pietro e Paolo"},
		{d(2026, 8, 15), "Ferragosto"},
		{d(2026, 10, 4), "San Francesco d'Assisi e Santa Caterina da Siena"},
		{d(2027, 10, 4), "San Francesco d'Assisi e Santa Caterina da Siena"},
		{d(2025, 10, 4), ""}, // not yet a holiday
		{d(2026, 11, 1), "Ognissanti"},
		{d(2026, 12, 8), "Immacolata Concezione"},
		{d(2026, 12, 24), "Chiusura straordinaria"},
		{d(2026, 12, 25), "Natale"},
		{d(2026, 12, 26), "Santo Stefano"},
		{d(2026, 4, 5), ""}, // Easter Sunday is a Sunday, not a listed holiday
		{d(2026, 4, 7), ""},
		{d(2026, 3, 19), ""},
	}
	for _, tt := range tests {
		name, ok := rome.Holiday(tt.date)
		if ok != (tt.name != "") || name != tt.name {
			t.Errorf("Holiday(%v) = %q, %v; want %q", tt.date, name, ok, tt.name)
		}
	}
	if n := len(rome.Holidays(2026)); n != 14 { // 12 national (with 4 October), the patron saint, one extra day
		t.Logf("holidays 2026: %v", rome.Holidays(2026))
		t.Errorf("Holidays(2026) has %d entries, want 14", n)
	}
}

func TestWorkingDays(t *testing.T) {
	t.Parallel()
	cal, err := workday.New(workday.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		got  workday.Date
		want workday.Date
	}{
		{"Friday is working", cal.NextWorkingDay(d(2026, 11, 27)), d(2026, 11, 27)},
		{"Saturday moves to Monday", cal.NextWorkingDay(d(2026, 11, 28)), d(2026, 11, 30)},
		{"Easter Sunday moves past Easter Monday", cal.NextWorkingDay(d(2026, 4, 5)), d(2026, 4, 7)},
		{"Christmas Friday moves to Monday 28", cal.NextWorkingDay(d(2026, 12, 25)), d(2026, 12, 28)},
		{"Saturday 1 May 2027 moves to Monday 3", cal.NextWorkingDay(d(2027, 5, 1)), d(2027, 5, 3)},
		{"5 working days from Thursday 24 Dec 2026", cal.AddWorkingDays(d(2026, 12, 24), 5), d(2027, 1, 4)},
		{"-1 working day from Tuesday 7 Apr 2026", cal.AddWorkingDays(d(2026, 4, 7), -1), d(2026, 4, 3)},
		{"0 working days", cal.AddWorkingDays(d(2026, 11, 28), 0), d(2026, 11, 28)},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	saturdays, _ := workday.New(workday.Config{SaturdayOpen: true})
	if got := saturdays.NextWorkingDay(d(2026, 11, 28)); got != d(2026, 11, 28) {
		t.Errorf("with SaturdayOpen, NextWorkingDay(Sat) = %v", got)
	}
}

// TestNextWorkingDayProperty checks over many random dates that the next
// working day is never a weekend or holiday and that no working day is skipped.
func TestNextWorkingDayProperty(t *testing.T) {
	t.Parallel()
	cal, _ := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.December, Day: 7}})
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		start := workday.NewDate(2000+r.IntN(60), time.January, 1+r.IntN(366))
		next := cal.NextWorkingDay(start)
		if w := next.Weekday(); w == time.Saturday || w == time.Sunday {
			t.Fatalf("NextWorkingDay(%v) = %v, a %v", start, next, w)
		}
		if _, hol := cal.Holiday(next); hol {
			t.Fatalf("NextWorkingDay(%v) = %v, a holiday", start, next)
		}
		for x := start; x.Before(next); x = x.AddDays(1) {
			if cal.IsWorkingDay(x) {
				t.Fatalf("NextWorkingDay(%v) = %v skips working day %v", start, next, x)
			}
		}
	}
}

func TestDateDST(t *testing.T) {
	t.Parallel()
	// 29 March 2026: clocks go from 02:00 CET to 03:00 CEST; the day has 23 hours.
	spring := d(2026, 3, 29)
	if h := spring.AddDays(1).Start().Sub(spring.Start()); h != 23*time.Hour {
		t.Errorf("29 March 2026 lasts %v, want 23h", h)
	}
	if got := spring.At(9, 0).UTC(); got != time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC) {
		t.Errorf("09:00 on 29 March 2026 = %v UTC, want 07:00", got)
	}
	// 25 October 2026: clocks go back; the day has 25 hours.
	autumn := d(2026, 10, 25)
	if h := autumn.AddDays(1).Start().Sub(autumn.Start()); h != 25*time.Hour {
		t.Errorf("25 October 2026 lasts %v, want 25h", h)
	}
	if got := autumn.At(9, 0).UTC(); got != time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC) {
		t.Errorf("09:00 on 25 October 2026 = %v UTC, want 08:00", got)
	}
	if got := workday.DateOf(time.Date(2026, 10, 24, 22, 30, 0, 0, time.UTC)); got != autumn {
		t.Errorf("DateOf(22:30 UTC on 24 Oct) = %v, want %v", got, autumn)
	}
	if got := workday.DateOf(autumn.End()); got != autumn {
		t.Errorf("DateOf(End) = %v", got)
	}
	if n := spring.DaysUntil(autumn); n != 210 {
		t.Errorf("DaysUntil = %d, want 210", n)
	}
}

func TestParseAndConfig(t *testing.T) {
	t.Parallel()
	if got, err := workday.ParseDate("2026-02-28"); err != nil || got != d(2026, 2, 28) {
		t.Errorf("ParseDate = %v, %v", got, err)
	}
	if _, err := workday.ParseDate("2026-02-30"); err == nil {
		t.Error("ParseDate accepted 30 February")
	}
	var x workday.Date
	if err := x.UnmarshalText([]byte("2024-02-29")); err != nil || x.String() != "2024-02-29" {
		t.Errorf("UnmarshalText = %v, %v", x, err)
	}
	// The zero Date survives a JSON round trip (a draft has no deadline yet).
	in := struct{ D workday.Date }{}
	js, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := struct{ D workday.Date }{D: d(2026, 1, 1)}
	if err := json.Unmarshal(js, &out); err != nil || !out.D.IsZero() {
		t.Errorf("zero Date round trip through %s = %v, %v", js, out.D, err)
	}
	for _, cfg := range []workday.Config{
		{PatronSaint: &workday.MonthDay{Month: time.February, Day: 30}},
		{PatronSaint: &workday.MonthDay{Month: 13, Day: 1}},
		{Extra: []workday.Date{{2026, time.April, 31}}},
	} {
		if _, err := workday.New(cfg); !errors.Is(err, workday.ErrConfig) {
			t.Errorf("New(%+v) = %v, want ErrConfig", cfg, err)
		}
	}
}

func BenchmarkNextWorkingDay(b *testing.B) {
	cal, _ := workday.New(workday.Config{PatronSaint: &workday.MonthDay{Month: time.June, Day: 29}})
	start := d(2026, 12, 24)
	for b.Loop() {
		_ = cal.NextWorkingDay(start)
	}
}
