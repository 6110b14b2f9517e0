package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/workday"
)

// JoinWaitlist puts the citizen in line for a slot (normally a full one). When a place frees up —
// a cancellation, a refusal, a lapsed hold — the first in line gets it as a hold that lasts the
// resource's OfferTTL (but never past the slot's start; a place freed once the slot has begun is
// offered to nobody), announced by an [EventWaitlistOffer]; [Scheduler.Confirm] accepts it and
// [Scheduler.Cancel] declines it. An offer
// that lapses passes to the next in line at the next [Scheduler.Sweep]. While anyone waits, the slot
// counts as full for everybody else. If the slot has a free place when the citizen joins, the offer
// is made at once.
//
// Per-citizen limits apply as to a booking of the slot: a citizen at a limit cannot join
// ([ErrLimit]), and one who has reached a limit since joining is passed over when a place frees
// up ([EventWaitlistSkipped]; the entry becomes [WaitSkipped]), so the place goes to the next in
// line at once rather than being held for an offer that could not be confirmed.
func (s *Scheduler) JoinWaitlist(ctx context.Context, req Request) (WaitEntry, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, req.ResourceID)
	if err != nil {
		return WaitEntry{}, fmt.Errorf("booking: join waitlist: %w", err)
	}
	b, _, err := s.prepare(&r, req, now)
	if err != nil {
		return WaitEntry{}, fmt.Errorf("booking: join waitlist: %w", err)
	}
	e, err := s.store.JoinWaitlist(ctx, Join{
		Entry:  WaitEntry{ID: b.ID, ResourceID: r.ID, Start: b.Start, Request: b, JoinedAt: now},
		Limits: limits(&r, &b), Now: now,
	})
	if err != nil {
		return WaitEntry{}, fmt.Errorf("booking: join waitlist: %w", err)
	}
	s.offerFreed(ctx, &r, b.Start, b.End)
	return e, nil
}

// offerFreed offers the free places of a slot to the waitlist, in order, until the slot is full or
// nobody waits. Failures are logged: the place stays free, kept for the waitlist, and the next
// [Scheduler.Sweep] offers it again.
func (s *Scheduler) offerFreed(ctx context.Context, r *Resource, start, end time.Time) {
	sl, err := s.slotAt(r, start)
	if err != nil {
		return // the slot no longer exists (closure, changed rules)
	}
	for range sl.Capacity {
		now := s.now().UTC()
		if !now.Before(start) {
			return // the appointment has begun: nobody can still come
		}
		until := now.Add(r.Policy.offerTTL())
		if until.After(start) {
			until = start
		}
		res, err := s.store.OfferNext(ctx, Offer{
			ResourceID: r.ID, Start: start, End: end, Capacity: sl.Capacity, Seats: r.Seats, Now: now,
			BookingID: s.newID(), Until: until,
			Limits: func(b *Booking) []Limit { return limits(r, b) },
		})
		if errors.Is(err, ErrNotFound) || errors.Is(err, ErrSlotFull) {
			return
		}
		if err != nil {
			s.log.WarnContext(ctx, "booking: waitlist offer failed", "resource", r.ID, "start", start, "err", err)
			return
		}
		s.publish(res.Events)
		if res.Booking.ID == "" {
			return // everyone waiting was at a limit
		}
	}
}

// Sweep expires the holds and waitlist offers whose TTL has lapsed and offers free places to the
// waitlists: those the expired holds release, and any left free with citizens waiting (an offer
// that failed, or was never made because the process stopped after a cancellation). Capacity does
// not depend on it (lapsed holds stop counting by themselves); it keeps the records and waitlists
// moving. Run it every minute or so. It returns the number of holds expired.
func (s *Scheduler) Sweep(ctx context.Context) (int, error) {
	n, err := s.expireHolds(ctx)
	if err != nil {
		return n, fmt.Errorf("booking: sweep: %w", err)
	}
	if err := s.offerWaiting(ctx); err != nil {
		return n, fmt.Errorf("booking: sweep: %w", err)
	}
	return n, nil
}

// expireHolds marks the lapsed holds expired and offers their places to the waitlist.
func (s *Scheduler) expireHolds(ctx context.Context) (int, error) {
	now := s.now().UTC()
	held, err := s.store.List(ctx, Filter{Municipality: s.muni, Statuses: []Status{StatusHeld}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range held {
		if now.Before(b.HoldUntil) {
			continue
		}
		record(&b, StatusExpired, RoleSystem, "", "", now)
		var events []Event
		if b.FromWaitlist {
			events = append(events, NewEvent(EventOfferExpired, &b, now))
		}
		if _, err := s.update(ctx, Update{Booking: b, Now: now, Events: events}); err != nil {
			if errors.Is(err, ErrConflict) {
				continue // confirmed or cancelled meanwhile
			}
			return n, err
		}
		n++
		if r, err := s.resource(ctx, b.ResourceID); err == nil {
			s.offerFreed(ctx, &r, b.Start, b.End)
		}
	}
	return n, nil
}

// offerWaiting offers the free places of future slots that have citizens waiting.
func (s *Scheduler) offerWaiting(ctx context.Context) error {
	now := s.now().UTC()
	resources, err := s.store.ListResources(ctx, s.muni)
	if err != nil {
		return err
	}
	for i := range resources {
		r := &resources[i]
		occ, err := s.store.Occupancy(ctx, r.ID, now, workday.DateOf(now).AddDays(r.Policy.window()+1).Start().UTC(), now)
		if err != nil {
			return err
		}
		for _, o := range occ {
			if o.Waiting == 0 {
				continue
			}
			if sl, err := s.slotAt(r, o.Start); err == nil && o.Taken < sl.Capacity {
				s.offerFreed(ctx, r, sl.Start, sl.End)
			}
		}
	}
	return nil
}
