package booking

import (
	"context"
	"fmt"
	"time"
)

// JoinWaitlist implements [Store].
func (s *MemoryStore) JoinWaitlist(_ context.Context, e WaitEntry) (WaitEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := keyOf(e.ResourceID, e.Start)
	for _, o := range s.waitlist[key] {
		if o.ID == e.ID || (o.State == WaitWaiting && e.Request.Citizen != "" && o.Request.Citizen == e.Request.Citizen) {
			return WaitEntry{}, fmt.Errorf("already waiting: %w", ErrConflict)
		}
	}
	e.State = WaitWaiting
	e.Request = e.Request.Clone()
	s.waitlist[key] = append(s.waitlist[key], &e)
	return e, nil
}

// ListWaitlist implements [Store].
func (s *MemoryStore) ListWaitlist(_ context.Context, resourceID string, start time.Time) ([]WaitEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []WaitEntry
	for _, e := range s.waitlist[keyOf(resourceID, start)] {
		c := *e
		c.Request = e.Request.Clone()
		out = append(out, c)
	}
	return out, nil
}

// OfferNext implements [Store].
func (s *MemoryStore) OfferNext(_ context.Context, of Offer) (Booking, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var entry *WaitEntry
	for _, e := range s.waitlist[keyOf(of.ResourceID, of.Start)] {
		if e.State == WaitWaiting {
			entry = e
			break
		}
	}
	if entry == nil {
		return Booking{}, fmt.Errorf("nobody waiting: %w", ErrNotFound)
	}
	if _, dup := s.bookings[of.BookingID]; dup || of.BookingID == "" {
		return Booking{}, fmt.Errorf("booking %q exists: %w", of.BookingID, ErrConflict)
	}
	b := entry.Request.Clone()
	b.ID, b.ResourceID, b.Start, b.End = of.BookingID, of.ResourceID, of.Start, of.End
	b.Status, b.HoldUntil, b.FromWaitlist = StatusHeld, of.Until, true
	b.CreatedAt, b.UpdatedAt = of.Now, of.Now
	b.Version, b.Sequence, b.History, b.TokenHash = 0, 0, nil, nil
	seat, err := s.place(&b, of.Capacity, of.Seats, nil, of.Now, true)
	if err != nil {
		return Booking{}, err
	}
	b.Seat = seat
	b.Version = 1
	entry.State, entry.BookingID = WaitOffered, b.ID
	s.add(&b)
	s.emit([]Event{NewEvent(EventWaitlistOffer, &b, of.Now)})
	return b.Clone(), nil
}
