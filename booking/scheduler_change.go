package booking

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"time"
)

// Cancel cancels a booking of the logged-in citizen. A hold can always be released; a pending or
// confirmed booking only until the resource's CancelCutoff before its start ([ErrTooLate] after).
func (s *Scheduler) Cancel(ctx context.Context, id, citizen string) (Booking, error) {
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: cancel: %w", err)
	}
	if citizen == "" || b.Citizen != citizen {
		return Booking{}, fmt.Errorf("booking: cancel %q: not the citizen's booking: %w", id, ErrForbidden)
	}
	return s.cancel(ctx, b, RoleCitizen, "", "", true)
}

// CancelByToken cancels a booking through the secret link sent to the citizen (no login needed). The
// token is compared with the stored hash in constant time; a wrong token wraps [ErrForbidden]. The
// cut-off applies as in [Scheduler.Cancel].
func (s *Scheduler) CancelByToken(ctx context.Context, id, token string) (Booking, error) {
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: cancel by token: %w", err)
	}
	sum := sha256.Sum256([]byte(token))
	if len(b.TokenHash) != len(sum) || subtle.ConstantTimeCompare(sum[:], b.TokenHash) != 1 {
		return Booking{}, fmt.Errorf("booking: cancel by token %q: %w", id, ErrForbidden)
	}
	return s.cancel(ctx, b, RoleCitizen, "", "", true)
}

// CancelByOffice cancels a booking on behalf of the office, at any time, with a reason the citizen
// is told (required).
func (s *Scheduler) CancelByOffice(ctx context.Context, id, operator, reason string) (Booking, error) {
	if reason == "" {
		return Booking{}, fmt.Errorf("booking: cancel by office: empty reason: %w", ErrInvalid)
	}
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: cancel by office: %w", err)
	}
	return s.cancel(ctx, b, RoleOffice, operator, reason, false)
}

func (s *Scheduler) cancel(ctx context.Context, b Booking, by Role, actor, reason string, cutoff bool) (Booking, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, b.ResourceID)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: cancel: %w", err)
	}
	switch b.Status {
	case StatusHeld:
	case StatusPending, StatusConfirmed:
		if cutoff && now.After(b.Start.Add(-r.Policy.CancelCutoff)) {
			return Booking{}, fmt.Errorf("booking: cancel %q: cut-off %v before the start passed: %w", b.ID, r.Policy.CancelCutoff, ErrTooLate)
		}
	default:
		return Booking{}, fmt.Errorf("booking: cancel %q: status %s: %w", b.ID, b.Status, ErrTransition)
	}
	wasHeld := b.Status == StatusHeld
	record(&b, StatusCancelled, by, actor, reason, now)
	var events []Event
	if !wasHeld {
		b.Sequence++
		ev := NewEvent(EventCancelled, &b, now)
		ev.Reason = reason
		events = append(events, ev)
	}
	b, err = s.update(ctx, Update{Booking: b, Now: now, Events: events})
	if err != nil {
		return Booking{}, fmt.Errorf("booking: cancel: %w", err)
	}
	s.offerFreed(ctx, &r, b.Start, b.End)
	return b, nil
}

// Reschedule moves the citizen's pending or confirmed booking to another slot of the same resource,
// atomically taking the new place before the old one is released. The booking keeps its ID (and
// iCalendar UID); its Sequence is incremented and the old slot is kept in its history. The cut-off
// applies to the old slot; notice, window and limits to the new one.
func (s *Scheduler) Reschedule(ctx context.Context, id, citizen string, start time.Time) (Booking, error) {
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: reschedule: %w", err)
	}
	if citizen == "" || b.Citizen != citizen {
		return Booking{}, fmt.Errorf("booking: reschedule %q: not the citizen's booking: %w", id, ErrForbidden)
	}
	b, err = s.move(ctx, b, start, RoleCitizen, "", "")
	if err != nil {
		return Booking{}, fmt.Errorf("booking: reschedule: %w", err)
	}
	return b, nil
}

// RescheduleByOffice moves a pending or confirmed booking to another slot of the same resource on
// behalf of the office (a desk closed, an operator absent), with a reason the citizen is told
// (required). As in [Scheduler.Reschedule] the new place is taken atomically — the slot's capacity
// and its waitlist are respected ([ErrSlotFull]) — and the booking keeps its ID and iCalendar UID,
// its Sequence is incremented, the old slot and the reason are kept in its history, and an
// [EventRescheduled] with the reason tells the citizen. Unlike the citizen, the office is not bound
// by the cut-off, the minimum notice, the booking window or the per-citizen limits; the new slot
// must exist ([ErrNoSlot]) and not have started ([ErrTooLate]).
func (s *Scheduler) RescheduleByOffice(ctx context.Context, id, operator, reason string, start time.Time) (Booking, error) {
	if reason == "" {
		return Booking{}, fmt.Errorf("booking: reschedule by office: empty reason: %w", ErrInvalid)
	}
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: reschedule by office: %w", err)
	}
	b, err = s.move(ctx, b, start, RoleOffice, operator, reason)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: reschedule by office: %w", err)
	}
	return b, nil
}

// move moves b to the slot at start for by, checking the citizen's rules when by is the citizen,
// and offers the old place to its waitlist.
func (s *Scheduler) move(ctx context.Context, b Booking, start time.Time, by Role, actor, reason string) (Booking, error) {
	now := s.now().UTC()
	if b.Status != StatusPending && b.Status != StatusConfirmed {
		return Booking{}, fmt.Errorf("booking %q: status %s: %w", b.ID, b.Status, ErrTransition)
	}
	r, err := s.resource(ctx, b.ResourceID)
	if err != nil {
		return Booking{}, err
	}
	sl, err := s.slotAt(&r, start)
	if err != nil {
		return Booking{}, err
	}
	if by == RoleCitizen {
		if now.After(b.Start.Add(-r.Policy.CancelCutoff)) {
			return Booking{}, fmt.Errorf("booking %q: cut-off passed: %w", b.ID, ErrTooLate)
		}
		if err := checkBookable(&r, sl, now); err != nil {
			return Booking{}, err
		}
	} else if !now.Before(sl.Start) {
		return Booking{}, fmt.Errorf("slot at %s has started: %w", sl.Start.Format(time.RFC3339), ErrTooLate)
	}
	oldStart, oldEnd := b.Start, b.End
	b.Start, b.End, b.Seat = sl.Start, sl.End, ""
	b.Sequence++
	b.UpdatedAt = now
	b.History = append(b.History, Change{At: now, Status: b.Status, By: by, Actor: actor, Reason: reason, PrevStart: oldStart, PrevEnd: oldEnd})
	ev := NewEvent(EventRescheduled, &b, now)
	ev.Reason = reason
	rs := &Reserve{Capacity: sl.Capacity, Seats: r.Seats}
	if by == RoleCitizen {
		rs.Limits = limits(&r, &b)
	}
	b, err = s.update(ctx, Update{Booking: b, Now: now, Events: []Event{ev}, Reserve: rs})
	if err != nil {
		return Booking{}, err
	}
	s.offerFreed(ctx, &r, oldStart, oldEnd)
	return b, nil
}

// MarkAttended records that the citizen came to a confirmed appointment (from its start on).
func (s *Scheduler) MarkAttended(ctx context.Context, id, operator string) (Booking, error) {
	return s.close(ctx, id, operator, StatusAttended, EventAttended)
}

// MarkNoShow records that the citizen did not come to a confirmed appointment (from its start on).
func (s *Scheduler) MarkNoShow(ctx context.Context, id, operator string) (Booking, error) {
	return s.close(ctx, id, operator, StatusNoShow, EventNoShow)
}

func (s *Scheduler) close(ctx context.Context, id, operator string, to Status, typ EventType) (Booking, error) {
	now := s.now().UTC()
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: mark %s: %w", to, err)
	}
	if b.Status != StatusConfirmed {
		return Booking{}, fmt.Errorf("booking: mark %s %q: status %s: %w", to, id, b.Status, ErrTransition)
	}
	if now.Before(b.Start) {
		return Booking{}, fmt.Errorf("booking: mark %s %q: the appointment has not started: %w", to, id, ErrTransition)
	}
	record(&b, to, RoleOffice, operator, "", now)
	b, err = s.update(ctx, Update{Booking: b, Now: now, Events: []Event{NewEvent(typ, &b, now)}})
	if err != nil {
		return Booking{}, fmt.Errorf("booking: mark %s: %w", to, err)
	}
	return b, nil
}
