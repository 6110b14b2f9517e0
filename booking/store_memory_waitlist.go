package booking

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// JoinWaitlist implements [Store].
func (s *MemoryStore) JoinWaitlist(_ context.Context, j Join) (WaitEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := j.Entry
	key := keyOf(e.ResourceID, e.Start)
	for _, o := range s.waitlist[key] {
		if o.ID == e.ID || (o.State == WaitWaiting && e.Request.Citizen != "" && o.Request.Citizen == e.Request.Citizen) {
			return WaitEntry{}, fmt.Errorf("already waiting: %w", ErrConflict)
		}
	}
	want := e.Request
	want.ID, want.ResourceID, want.Start = "", e.ResourceID, e.Start
	for _, l := range j.Limits {
		if err := s.checkLimit(&want, l, j.Now); err != nil {
			return WaitEntry{}, err
		}
	}
	e.State = WaitWaiting
	e.Request = e.Request.Clone()
	s.waitlist[key] = append(s.waitlist[key], &e)
	s.indexSlot(key)
	return e, nil
}

// ListWaitlist implements [Store].
func (s *MemoryStore) ListWaitlist(_ context.Context, resourceID string, start time.Time) ([]WaitEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []WaitEntry
	for _, e := range s.waitlist[keyOf(resourceID, start)] {
		out = append(out, e.clone())
	}
	return out, nil
}

func (e *WaitEntry) clone() WaitEntry {
	c := *e
	c.Request = e.Request.Clone()
	return c
}

// OfferNext implements [Store].
func (s *MemoryStore) OfferNext(_ context.Context, of Offer) (Offered, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.bookings[of.BookingID]; dup || of.BookingID == "" {
		return Offered{}, fmt.Errorf("booking %q exists: %w", of.BookingID, ErrConflict)
	}
	var res Offered
	var skipped []*WaitEntry // marked only once the whole step succeeds
	for _, e := range s.waitlist[keyOf(of.ResourceID, of.Start)] {
		if e.State != WaitWaiting {
			continue
		}
		b := e.Request.Clone()
		b.ID, b.ResourceID, b.Start, b.End = of.BookingID, of.ResourceID, of.Start, of.End
		b.Status, b.HoldUntil, b.FromWaitlist = StatusHeld, of.Until, true
		b.CreatedAt, b.UpdatedAt = of.Now, of.Now
		b.Version, b.Sequence, b.History, b.TokenHash = 0, 0, nil, nil
		var limits []Limit
		if of.Limits != nil {
			limits = of.Limits(&b)
		}
		seat, err := s.place(&b, of.Capacity, of.Seats, limits, of.Now, true)
		if errors.Is(err, ErrLimit) {
			skipped = append(skipped, e)
			b.ID = ""
			ev := NewEvent(EventWaitlistSkipped, &b, of.Now)
			ev.EntryID, ev.Status, ev.Until = e.ID, "", time.Time{}
			res.Events = append(res.Events, ev)
			continue
		}
		if err != nil {
			return Offered{}, err
		}
		b.Seat = seat
		b.Version = 1
		e.State, e.BookingID = WaitOffered, b.ID
		s.add(&b)
		ev := NewEvent(EventWaitlistOffer, &b, of.Now)
		ev.EntryID = e.ID
		res.Events = append(res.Events, ev)
		res.Booking = b.Clone()
		break
	}
	if res.Booking.ID == "" && len(skipped) == 0 {
		return Offered{}, fmt.Errorf("nobody waiting: %w", ErrNotFound)
	}
	for _, e := range skipped {
		e.State = WaitSkipped
		res.Skipped = append(res.Skipped, e.clone())
	}
	s.emit(res.Events)
	return res, nil
}
