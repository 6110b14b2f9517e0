package instance

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/siopi/siopi/workday"
)

// DeadlinePolicy says what happens to a deadline that falls on a closed day.
type DeadlinePolicy int

// Deadline policies.
const (
	// NextWorkingDay moves the deadline to the next working day of the
	// calendar (art. 2963 c.c., art. 155 c.p.c.); the default.
	NextWorkingDay DeadlinePolicy = iota
	// CalendarDay keeps the deadline where the count ends.
	CalendarDay
)

// ReceivedPolicy says which instant starts the term (art. 2 c.6).
type ReceivedPolicy int

// Received-at policies.
const (
	ReceivedAtSubmission ReceivedPolicy = iota // when the citizen submits (the default)
	ReceivedAtProtocol                         // when the application is protocolled
)

// Clock computes the legal clock of L. 241/1990 art. 2: the deadline from
// receipt, term and suspensions; days elapsed gross and net of suspensions;
// lateness; silence-means-consent. Its zero value is ready to use with
// Italy's national holidays and no patron saint. A Clock is a value, safe for
// concurrent use.
type Clock struct {
	// Calendar decides working days; nil means workday.New(workday.Config{}).
	Calendar *workday.Calendar
	Deadline DeadlinePolicy
	Received ReceivedPolicy
	// NearDays is how many days before the deadline an application counts as
	// near it (worklists, the "deadline near" event); zero means 5.
	NearDays int
}

var nationalCalendar = sync.OnceValue(func() *workday.Calendar {
	c, err := workday.New(workday.Config{})
	if err != nil {
		panic("instance: default calendar: " + err.Error()) // a zero Config is always valid
	}
	return c
})

func (c Clock) calendar() *workday.Calendar {
	if c.Calendar != nil {
		return c.Calendar
	}
	return nationalCalendar()
}

// Near is the near-deadline window in days, applying the default.
func (c Clock) Near() int {
	if c.NearDays <= 0 {
		return 5
	}
	return c.NearDays
}

// ClockInput is what the clock needs of an application.
type ClockInput struct {
	Received    workday.Date // zero: not received yet
	TermDays    int
	Suspensions []Suspension
	// MaxSuspension caps art. 2 c.7 suspensions (zero means 30).
	MaxSuspension int
	// Decided is the day the procedure ended; zero while pending.
	Decided workday.Date
	// SilenceMeansConsent is the service's flag.
	SilenceMeansConsent bool
}

// Timing is the legal clock of one application on one day.
type Timing struct {
	Received workday.Date
	TermDays int
	// Deadline is the last day for the decision: received + term + suspended
	// days, moved by the policy. A running suspension counts as long as the
	// law lets it run: art. 2 c.7 to its cap, art. 10-bis to 10 days after
	// observations made on the window's last day (or to the window's end once
	// it closed without them). It is thus the latest expected decision date
	// shown to the citizen (C.SE.1.10); it moves earlier when the suspension ends.
	Deadline workday.Date
	// Decided is the day of the decision, zero while pending.
	Decided workday.Date
	// Gross is the days from receipt to the decision (or to the day asked);
	// Suspended the suspended days among them; Net = Gross − Suspended.
	Gross, Suspended, Net int
	// Suspending reports a suspension running on the day asked.
	Suspending bool
	// DaysLeft is the days from the day asked to the deadline (negative when
	// past); Late the days from the deadline to the decision or the day asked.
	DaysLeft, Late int
	// SilenceConsent: the term passed without a decision on a
	// silence-means-consent service (art. 20): the application is accepted.
	SilenceConsent bool
}

// Running reports whether the clock has started (the application was received).
func (t Timing) Running() bool { return !t.Received.IsZero() }

// Timing computes the clock of app on the day of now (Europe/Rome).
func (c Clock) Timing(app *Application, svc *Service, now time.Time) Timing {
	return c.Compute(c.Input(app, svc), workday.DateOf(now))
}

// Input extracts the clock's input from an application.
func (c Clock) Input(app *Application, svc *Service) ClockInput {
	in := ClockInput{TermDays: app.TermDays, Suspensions: app.Suspensions}
	if !app.ReceivedAt.IsZero() {
		in.Received = workday.DateOf(app.ReceivedAt)
	}
	if in.TermDays == 0 {
		in.TermDays = svc.Term()
	}
	if !app.DecidedAt.IsZero() {
		in.Decided = workday.DateOf(app.DecidedAt)
	}
	in.MaxSuspension = svc.Suspension.Max()
	in.SilenceMeansConsent = svc.SilenceMeansConsent
	return in
}

// Compute computes the clock on day asOf. It does not allocate when there are
// at most four suspensions.
func (c Clock) Compute(in ClockInput, asOf workday.Date) Timing {
	t := Timing{Received: in.Received, TermDays: in.TermDays, Decided: in.Decided}
	if in.Received.IsZero() {
		return t
	}
	recv, today := dayNum(in.Received), dayNum(asOf)
	end := today
	if !in.Decided.IsZero() {
		end = dayNum(in.Decided)
	}
	var buf [4]span
	spans := effectiveSpans(buf[:0], in, end)

	// Elapsed, gross and net: days in (recv, end] outside every span.
	t.Gross = max(0, end-recv)
	for _, s := range spans {
		lo, hi := max(s.from, recv), min(s.until, end)
		if hi > lo {
			t.Suspended += hi - lo
		}
		if in.Decided.IsZero() && s.from < today && today <= s.until {
			t.Suspending = true
		}
	}
	t.Net = t.Gross - t.Suspended

	// Deadline: the day the count of unsuspended days reaches the term.
	cur, left := recv, in.TermDays
	for _, s := range spans {
		if s.until <= cur {
			continue
		}
		if s.from > cur {
			if free := s.from - cur; left <= free {
				break
			} else {
				left -= free
			}
		}
		cur = s.until
	}
	dl := cur + left
	if c.Deadline == NextWorkingDay {
		dl = c.nextWorkingDay(dl)
	}
	t.Deadline = fromDayNum(dl)
	t.DaysLeft = dl - today
	t.Late = max(0, end-dl)
	t.SilenceConsent = in.SilenceMeansConsent && in.Decided.IsZero() && today > dl
	return t
}

// span is a suspension as day numbers: days in (from, until] are suspended.
type span struct{ from, until int }

// effectiveSpans applies the legal caps and projections to the suspensions
// and merges them, sorted. end is the decision day or today.
func effectiveSpans(out []span, in ClockInput, end int) []span {
	maxC7 := in.MaxSuspension
	if maxC7 <= 0 {
		maxC7 = MaxSuspensionDays
	}
	for _, s := range in.Suspensions {
		from := dayNum(s.From)
		var until int
		// A running suspension is projected to the latest day the law allows,
		// so that the deadline is the latest expected date (C.SE.1.10).
		switch {
		case s.Until.IsZero() && s.Basis == SuspendRejectionNotice && end > from+ObservationDays:
			until = from + ObservationDays // the window closed without observations
		case s.Until.IsZero() && s.Basis == SuspendRejectionNotice:
			until = from + 2*ObservationDays // observations on the window's last day
		case s.Until.IsZero():
			until = from + maxC7 // art. 2 c.7: at most the cap
		default:
			until = dayNum(s.Until)
		}
		if s.Basis == SuspendIntegration {
			until = min(until, from+maxC7)
		}
		if !in.Decided.IsZero() {
			until = min(until, end) // a decision ends every suspension
		}
		if until > from {
			out = append(out, span{from, until})
		}
	}
	if len(out) < 2 {
		return out
	}
	slices.SortFunc(out, func(a, b span) int { return a.from - b.from })
	merged := out[:1]
	for _, s := range out[1:] {
		last := &merged[len(merged)-1]
		if s.from <= last.until {
			last.until = max(last.until, s.until)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// nextWorkingDay is Calendar.NextWorkingDay on day numbers. Monday to Friday
// are working days unless they are holidays (the Calendar's documented rule),
// which spares building a time.Time per day; weekends ask the Calendar,
// which knows whether Saturdays are open.
func (c Clock) nextWorkingDay(n int) int {
	cal := c.calendar()
	for {
		d := fromDayNum(n)
		if wd := time.Weekday((n%7 + 11) % 7); wd != time.Saturday && wd != time.Sunday {
			if _, holiday := cal.Holiday(d); !holiday {
				return n
			}
		} else if cal.IsWorkingDay(d) {
			return n
		}
		n++
	}
}

// SubstituteDeadline is the deadline of the official with the substitute
// power (art. 2 c.9-ter): half the original term, rounded up, from the day
// the citizen turns to them, moved by the policy like any deadline.
func (c Clock) SubstituteDeadline(requested workday.Date, termDays int) workday.Date {
	d := fromDayNum(dayNum(requested) + (termDays+1)/2)
	if c.Deadline == NextWorkingDay {
		d = c.calendar().NextWorkingDay(d)
	}
	return d
}

// LateStatement is the sentence a late decision must carry (art. 2 c.9-quinquies
// L. 241/1990): the legal term and the time actually taken. It is empty when
// the decision is not late.
func (t Timing) LateStatement(source string) string {
	if t.Late == 0 || !t.Running() {
		return ""
	}
	if source == "" {
		source = DefaultLegalSource
	}
	return fmt.Sprintf("Ai sensi dell'art. 2, comma 9-quinquies, della L. 241/1990: termine di conclusione "+
		"previsto %d giorni (%s); tempo effettivamente impiegato %d giorni, di cui %d di sospensione; "+
		"ritardo di %d giorni rispetto alla scadenza del %s.",
		t.TermDays, source, t.Gross, t.Suspended, t.Late, formatDate(t.Deadline))
}

func formatDate(d workday.Date) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// dayNum is the number of days from 1970-01-01 to d (proleptic Gregorian),
// after Howard Hinnant's days_from_civil; it avoids time.Time on hot paths.
func dayNum(d workday.Date) int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDayNum inverts dayNum (civil_from_days).
func fromDayNum(z int) workday.Date {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return workday.Date{Year: y, Month: time.Month(m), Day: d}
}
