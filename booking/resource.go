package booking

import (
	"fmt"
	"slices"
	"time"

	"github.com/siopi/siopi/workday"
)

// Kind tells an office calendar from a bookable public space.
type Kind string

// Kinds of [Resource].
const (
	KindOffice Kind = "office" // a desk of a municipal office (registry, CIE issue, technical office)
	KindSpace  Kind = "space"  // a public space: a pitch, a meeting room, a library reading room
)

// Resource is something citizens book: an office calendar or a public space. Its slots come from its
// opening [OpeningRule]s minus its [Closure]s and the holidays of the scheduler's [workday.Calendar].
type Resource struct {
	ID           string // stable identifier, required
	Municipality string // fiscal code of the municipality (Comune) that owns it
	Name         string // e.g. "Ufficio anagrafe – sportello 1", shown to citizens and in iCalendar
	Kind         Kind
	Location     string // address, used in iCalendar LOCATION
	Email        string // contact address; the iCalendar ORGANIZER when set

	// Capacity is the number of places per slot (a pitch = 1, a reading room = 40) unless a rule sets
	// its own. With Seats, Capacity is len(Seats) and may be left zero.
	Capacity int
	// Seats optionally names the places (desk numbers); each booking is then given one seat.
	Seats []string

	// Moderated resources take requests as pending; a moderator approves or refuses them.
	Moderated bool
	// Moderators lists the operators allowed to approve and refuse; empty = any operator.
	Moderators []string
	// Services lists the service IDs (catalogue entries) this resource serves, so that booking from a
	// service page preselects office and topic (Modello Comuni C.SE.2.2).
	Services []string
	// Topics lists the topics ("motivi") a citizen chooses from when booking (C.SE.2.2); a request's
	// Topic must be one of them. Empty = free text.
	Topics []string

	Rules    []OpeningRule
	Closures []Closure
	// OpenOnHolidays keeps the opening rules on holidays (a pitch, a park); offices close.
	OpenOnHolidays bool
	Policy         Policy
}

// OpeningRule opens a resource on some weekdays between two civil times (Europe/Rome), for the dates
// in [From, To]. Slots of SlotMinutes start at Open and then every SlotMinutes+BufferMinutes, as long
// as they end by Close. Rules of one resource must not overlap (same dates, weekday and hours).
type OpeningRule struct {
	From, To      workday.Date   // validity, inclusive; a zero date leaves that side open
	Weekdays      []time.Weekday // days the rule applies to; required
	Open, Close   TimeOfDay      // civil opening hours, Open < Close ≤ 24:00
	SlotMinutes   int            // slot length, required
	BufferMinutes int            // gap after each slot
	Capacity      int            // places per slot; 0 = the resource's capacity
}

// TimeOfDay is a civil time of day in minutes after midnight (0–1440).
type TimeOfDay int

// Clock returns the time of day hour:min.
func Clock(hour, min int) TimeOfDay { return TimeOfDay(hour*60 + min) }

// String formats t as "15:04".
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(t)/60, int(t)%60) }

// Closure closes a resource over an interval of instants (maintenance, a strike, the summer break).
// A slot that overlaps [From, To) is not offered.
type Closure struct {
	From, To time.Time
	Reason   string
}

// Policy holds a resource's booking rules. The zero Policy is usable: every field documents its
// default.
type Policy struct {
	// WindowDays is the rolling booking window: slots up to today+WindowDays (civil days) can be
	// booked. 0 = 30; at most 180.
	WindowDays int
	// MinNotice is the minimum time between booking and the slot's start. 0 = none.
	MinNotice time.Duration
	// CancelCutoff is how long before the start a citizen may still cancel or reschedule.
	// 0 = until the start. The office can always cancel.
	CancelCutoff time.Duration
	// HoldTTL is how long a hold keeps its place while the citizen completes the wizard. 0 = 10 min.
	HoldTTL time.Duration
	// OfferTTL is how long a waitlist offer keeps the place for the citizen before it passes to the
	// next in line, and at most until the slot starts. 0 = 2 h.
	OfferTTL time.Duration
	// MaxOpenPerService caps a citizen's open (future, not cancelled) bookings for one service — or
	// on this resource, for bookings that name no service. 0 = 1; a negative value = no limit.
	MaxOpenPerService int
	// MaxMinutesPerWeek caps a citizen's booked minutes on this resource per ISO week (Monday to
	// Sunday, Europe/Rome), e.g. 120 for two hours of pitch. 0 = no limit.
	MaxMinutesPerWeek int
}

func (p Policy) window() int             { return defaultInt(p.WindowDays, 30) }
func (p Policy) holdTTL() time.Duration  { return defaultDur(p.HoldTTL, 10*time.Minute) }
func (p Policy) offerTTL() time.Duration { return defaultDur(p.OfferTTL, 2*time.Hour) }
func (p Policy) maxOpen() int            { return defaultInt(p.MaxOpenPerService, 1) }

func defaultInt(v, d int) int {
	if v == 0 {
		return d
	}
	return v
}

func defaultDur(v, d time.Duration) time.Duration {
	if v == 0 {
		return d
	}
	return v
}

// Serves reports whether r serves the service with the given ID.
func (r *Resource) Serves(serviceID string) bool { return slices.Contains(r.Services, serviceID) }

// SlotCapacity is the number of places a slot of rule has.
func (r *Resource) SlotCapacity(rule *OpeningRule) int {
	if rule.Capacity > 0 {
		return rule.Capacity
	}
	if len(r.Seats) > 0 {
		return len(r.Seats)
	}
	return r.Capacity
}

// Validate checks r: an ID, positive capacities, well-formed and non-overlapping rules, closures that
// end after they start and a policy within bounds. The error wraps [ErrInvalid].
func (r *Resource) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("booking: resource %q: %s: %w", r.ID, fmt.Sprintf(format, a...), ErrInvalid)
	}
	switch {
	case r.ID == "":
		return bad("empty id")
	case r.Kind != "" && r.Kind != KindOffice && r.Kind != KindSpace:
		return bad("unknown kind %q", r.Kind)
	case r.Capacity < 0:
		return bad("negative capacity")
	case len(r.Seats) > 0 && r.Capacity != 0 && r.Capacity != len(r.Seats):
		return bad("capacity %d differs from %d seats", r.Capacity, len(r.Seats))
	case r.Policy.WindowDays < 0 || r.Policy.WindowDays > 180:
		return bad("booking window %d days outside 0–180", r.Policy.WindowDays)
	case r.Policy.MinNotice < 0 || r.Policy.CancelCutoff < 0 || r.Policy.HoldTTL < 0 || r.Policy.OfferTTL < 0:
		return bad("negative duration in policy")
	case r.Policy.MaxMinutesPerWeek < 0:
		return bad("negative weekly minutes")
	case r.Policy.MinNotice >= time.Duration(r.Policy.window())*24*time.Hour:
		return bad("minimum notice %v not shorter than the %d-day window", r.Policy.MinNotice, r.Policy.window())
	}
	seen := map[string]bool{}
	for _, s := range r.Seats {
		if s == "" || seen[s] {
			return bad("empty or repeated seat %q", s)
		}
		seen[s] = true
	}
	for i := range r.Rules {
		if err := r.validateRule(i); err != nil {
			return bad("rule %d: %v", i, err)
		}
	}
	for i, c := range r.Closures {
		if !c.From.Before(c.To) {
			return bad("closure %d does not end after it starts", i)
		}
	}
	return nil
}

func (r *Resource) validateRule(i int) error {
	rule := &r.Rules[i]
	switch {
	case len(rule.Weekdays) == 0:
		return fmt.Errorf("no weekdays")
	case rule.SlotMinutes <= 0 || rule.BufferMinutes < 0:
		return fmt.Errorf("slot minutes must be positive and buffer not negative")
	case rule.Open < 0 || rule.Close > 24*60 || rule.Open >= rule.Close:
		return fmt.Errorf("hours %v–%v are not a range within the day", rule.Open, rule.Close)
	case !rule.From.IsZero() && !rule.To.IsZero() && rule.To.Before(rule.From):
		return fmt.Errorf("valid to %v before from %v", rule.To, rule.From)
	case rule.Capacity < 0 || r.SlotCapacity(rule) <= 0:
		return fmt.Errorf("no places per slot")
	case len(r.Seats) > 0 && rule.Capacity > len(r.Seats):
		return fmt.Errorf("capacity %d exceeds %d seats", rule.Capacity, len(r.Seats))
	}
	for _, w := range rule.Weekdays {
		if w < time.Sunday || w > time.Saturday {
			return fmt.Errorf("weekday %d out of range", w)
		}
	}
	for j := range i {
		if rulesOverlap(rule, &r.Rules[j]) {
			return fmt.Errorf("overlaps rule %d", j)
		}
	}
	return nil
}

func rulesOverlap(a, b *OpeningRule) bool {
	if a.Open >= b.Close || b.Open >= a.Close {
		return false
	}
	if !slices.ContainsFunc(a.Weekdays, func(w time.Weekday) bool { return slices.Contains(b.Weekdays, w) }) {
		return false
	}
	// Date ranges [From, To] with open ends intersect unless one ends before the other starts.
	if !a.To.IsZero() && !b.From.IsZero() && a.To.Before(b.From) {
		return false
	}
	if !b.To.IsZero() && !a.From.IsZero() && b.To.Before(a.From) {
		return false
	}
	return true
}

// covers reports whether rule applies on d.
func (rule *OpeningRule) covers(d workday.Date) bool {
	if !rule.From.IsZero() && d.Before(rule.From) {
		return false
	}
	if !rule.To.IsZero() && d.After(rule.To) {
		return false
	}
	return slices.Contains(rule.Weekdays, d.Weekday())
}
