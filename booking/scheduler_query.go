package booking

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/siopi/siopi/workday"
)

// Availability returns the bookable slots of a resource on the civil dates from to to (inclusive):
// those after the minimum notice and within the rolling window, with Taken and Waiting filled in.
// Full slots are included (Free() == 0) so a calendar can show them and offer the waitlist; a slot
// with citizens waiting is full for everyone else, as [Scheduler.Hold] and [Scheduler.Book] find.
func (s *Scheduler) Availability(ctx context.Context, resourceID string, from, to workday.Date) ([]Slot, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, resourceID)
	if err != nil {
		return nil, fmt.Errorf("booking: availability: %w", err)
	}
	slots, err := s.availability(ctx, &r, from, to, now)
	if err != nil {
		return nil, fmt.Errorf("booking: availability: %w", err)
	}
	return slots, nil
}

func (s *Scheduler) availability(ctx context.Context, r *Resource, from, to workday.Date, now time.Time) ([]Slot, error) {
	today := workday.DateOf(now)
	from = latest(from, today)
	if last := today.AddDays(r.Policy.window()); to.After(last) {
		to = last
	}
	if to.Before(from) {
		return nil, nil
	}
	earliest := now.Add(r.Policy.MinNotice)
	slots := slices.DeleteFunc(r.Slots(s.cal, from, to), func(sl Slot) bool { return sl.Start.Before(earliest) })
	if len(slots) == 0 {
		return nil, nil
	}
	occ, err := s.store.Occupancy(ctx, r.ID, slots[0].Start, slots[len(slots)-1].End, now)
	if err != nil {
		return nil, err
	}
	i := 0
	for _, o := range occ {
		for i < len(slots) && slots[i].Start.Before(o.Start) {
			i++
		}
		if i < len(slots) && slots[i].Start.Equal(o.Start) {
			slots[i].Taken, slots[i].Waiting = o.Taken, o.Waiting
		}
	}
	return slots, nil
}

func latest(a, b workday.Date) workday.Date {
	if a.After(b) {
		return a
	}
	return b
}

// FirstAvailable returns the earliest bookable slot of a resource with a free place: the "1°
// disponibilità" citizens and the KPI dashboard look at. No free slot in the window wraps
// [ErrNotFound].
func (s *Scheduler) FirstAvailable(ctx context.Context, resourceID string) (Slot, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, resourceID)
	if err != nil {
		return Slot{}, fmt.Errorf("booking: first available: %w", err)
	}
	today := workday.DateOf(now)
	// A week at a time: the first free slot is usually near, and each step is one store query.
	for from := today; !from.After(today.AddDays(r.Policy.window())); from = from.AddDays(7) {
		slots, err := s.availability(ctx, &r, from, from.AddDays(6), now)
		if err != nil {
			return Slot{}, fmt.Errorf("booking: first available: %w", err)
		}
		for _, sl := range slots {
			if sl.Free() > 0 {
				return sl, nil
			}
		}
	}
	return Slot{}, fmt.Errorf("booking: first available in %q: %w", resourceID, ErrNotFound)
}

// Day sums a resource's bookable capacity on one civil date, for a month view.
type Day struct {
	Date     workday.Date
	Slots    int // bookable slots
	Capacity int // places in them
	Taken    int // places held, pending or confirmed
	Waiting  int // citizens on the slots' waitlists
	Free     int // places a new booking can take: the sum of [Slot.Free]
}

// Days returns the free capacity per civil date from to to (inclusive) over the bookable slots;
// dates without bookable slots (closed, holidays, beyond the window) are left out.
func (s *Scheduler) Days(ctx context.Context, resourceID string, from, to workday.Date) ([]Day, error) {
	slots, err := s.Availability(ctx, resourceID, from, to)
	if err != nil {
		return nil, err
	}
	var out []Day
	for _, sl := range slots {
		d := workday.DateOf(sl.Start)
		if len(out) == 0 || out[len(out)-1].Date != d {
			out = append(out, Day{Date: d})
		}
		last := &out[len(out)-1]
		last.Slots++
		last.Capacity += sl.Capacity
		last.Taken += min(sl.Taken, sl.Capacity)
		last.Waiting += sl.Waiting
		last.Free += sl.Free()
	}
	return out, nil
}

// Agenda returns an office's bookings on a civil date, for the operators' desk: held, pending,
// confirmed, attended and missed ones, in order of start.
func (s *Scheduler) Agenda(ctx context.Context, resourceID string, day workday.Date) ([]Booking, error) {
	now := s.now().UTC()
	list, err := s.store.List(ctx, Filter{
		Municipality: s.muni, ResourceID: resourceID, From: day.Start().UTC(), To: day.AddDays(1).Start().UTC(),
		Statuses: []Status{StatusHeld, StatusPending, StatusConfirmed, StatusAttended, StatusNoShow},
	})
	if err != nil {
		return nil, fmt.Errorf("booking: agenda: %w", err)
	}
	return slices.DeleteFunc(list, func(b Booking) bool { return !b.Occupies(now) }), nil
}

// CitizenBookings returns every booking of a citizen (all statuses), in order of start, for the
// personal area.
func (s *Scheduler) CitizenBookings(ctx context.Context, citizen string) ([]Booking, error) {
	if citizen == "" {
		return nil, fmt.Errorf("booking: citizen bookings: empty citizen: %w", ErrInvalid)
	}
	list, err := s.store.List(ctx, Filter{Municipality: s.muni, Citizen: citizen})
	if err != nil {
		return nil, fmt.Errorf("booking: citizen bookings: %w", err)
	}
	return list, nil
}

// Reminder is a reminder due for a confirmed appointment.
type Reminder struct {
	At      time.Time     // when it is due: Booking.Start - Offset
	Offset  time.Duration // one of Config.Reminders
	Booking Booking
}

// Event returns the reminder as an [EventReminderDue].
func (r Reminder) Event() Event { return NewEvent(EventReminderDue, &r.Booking, r.At) }

// RemindersDue returns the reminders due in [from, to), ordered by due time: one per confirmed
// booking and configured offset. Calling it with consecutive intervals (the previous to as the next
// from) reports each reminder exactly once; the portal sends them via App IO.
func (s *Scheduler) RemindersDue(ctx context.Context, from, to time.Time) ([]Reminder, error) {
	lo, hi := slices.Min(s.reminders), slices.Max(s.reminders)
	list, err := s.store.List(ctx, Filter{
		Municipality: s.muni, From: from.Add(lo).UTC(), To: to.Add(hi).UTC(), Statuses: []Status{StatusConfirmed},
	})
	if err != nil {
		return nil, fmt.Errorf("booking: reminders due: %w", err)
	}
	var out []Reminder
	for _, b := range list {
		for _, off := range s.reminders {
			if at := b.Start.Add(-off); !at.Before(from) && at.Before(to) {
				out = append(out, Reminder{At: at, Offset: off, Booking: b})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Reminder) int { return a.At.Compare(b.At) })
	return out, nil
}
