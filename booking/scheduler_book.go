package booking

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// Request asks for a place in a slot.
type Request struct {
	ResourceID string
	Start      time.Time // the slot's start instant (any location)
	ServiceID  string    // the service the booking starts from, if any; must be one the resource serves
	Citizen    string    // fiscal code of the logged-in citizen; "" for an anonymous booking
	Name       string
	Email      string
	Phone      string
	Topic      string
	Reason     string
	Seat       string // a preferred seat, on resources with seats
}

// LogValue logs r without personal data.
func (r Request) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("resource", r.ResourceID),
		slog.Time("start", r.Start),
		slog.String("service", r.ServiceID),
		slog.String("citizen", fiscalcode.Mask(r.Citizen)),
	)
}

// prepare checks req against r at now and returns the booking to insert with its slot.
func (s *Scheduler) prepare(r *Resource, req Request, now time.Time) (Booking, Slot, error) {
	if req.ServiceID != "" && len(r.Services) > 0 && !r.Serves(req.ServiceID) {
		return Booking{}, Slot{}, fmt.Errorf("resource %q does not serve service %q: %w", r.ID, req.ServiceID, ErrInvalid)
	}
	if req.Topic != "" && len(r.Topics) > 0 && !slices.Contains(r.Topics, req.Topic) {
		return Booking{}, Slot{}, fmt.Errorf("resource %q has no topic %q: %w", r.ID, req.Topic, ErrInvalid)
	}
	if req.Seat != "" && !slices.Contains(r.Seats, req.Seat) {
		return Booking{}, Slot{}, fmt.Errorf("resource %q has no seat %q: %w", r.ID, req.Seat, ErrInvalid)
	}
	sl, err := s.slotAt(r, req.Start)
	if err != nil {
		return Booking{}, Slot{}, err
	}
	if err := checkBookable(r, sl, now); err != nil {
		return Booking{}, Slot{}, err
	}
	b := Booking{
		ID: s.newID(), Municipality: r.Municipality, ResourceID: r.ID, ServiceID: req.ServiceID,
		Citizen: req.Citizen, Name: req.Name, Email: req.Email, Phone: req.Phone, Topic: req.Topic,
		Reason: req.Reason, Start: sl.Start, End: sl.End, Seat: req.Seat, CreatedAt: now,
	}
	return b, sl, nil
}

// Hold keeps a place in a slot for the resource's HoldTTL while the citizen completes the booking
// wizard. The hold counts against capacity; [Scheduler.Confirm] turns it into a booking. Errors wrap
// [ErrSlotFull], [ErrNoSlot], [ErrTooLate], [ErrOutsideWindow], [ErrLimit] or [ErrNotFound].
func (s *Scheduler) Hold(ctx context.Context, req Request) (Booking, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, req.ResourceID)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: hold: %w", err)
	}
	b, sl, err := s.prepare(&r, req, now)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: hold: %w", err)
	}
	b.HoldUntil = now.Add(r.Policy.holdTTL())
	record(&b, StatusHeld, RoleCitizen, "", "", now)
	b, err = s.store.Insert(ctx, Insert{Booking: b, Capacity: sl.Capacity, Seats: r.Seats, Now: now, Limits: limits(&r, &b)})
	if err != nil {
		return Booking{}, fmt.Errorf("booking: hold: %w", err)
	}
	return b, nil
}

// Book takes a place in one step: confirmed, or pending on a moderated resource. The receipt carries
// the cancellation token, returned only here.
func (s *Scheduler) Book(ctx context.Context, req Request) (Receipt, error) {
	now := s.now().UTC()
	r, err := s.resource(ctx, req.ResourceID)
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: book: %w", err)
	}
	b, sl, err := s.prepare(&r, req, now)
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: book: %w", err)
	}
	token, hash, err := s.newToken()
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: book: %w", err)
	}
	b.TokenHash = hash
	events := s.accept(&r, &b, RoleCitizen, "", now)
	b, err = s.store.Insert(ctx, Insert{
		Booking: b, Capacity: sl.Capacity, Seats: r.Seats, Now: now, Limits: limits(&r, &b), Events: events,
	})
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: book: %w", err)
	}
	s.publish(events)
	return Receipt{Booking: b, CancelToken: token}, nil
}

// accept moves b to confirmed, or to pending on a moderated resource, and returns the event.
func (s *Scheduler) accept(r *Resource, b *Booking, by Role, actor string, now time.Time) []Event {
	to, typ := StatusConfirmed, EventConfirmed
	if r.Moderated {
		to, typ = StatusPending, EventPending
	}
	b.HoldUntil = time.Time{}
	record(b, to, by, actor, "", now)
	return []Event{NewEvent(typ, b, now)}
}

// Confirm turns the citizen's hold into a booking (pending on a moderated resource). A hold whose
// TTL has lapsed fails with [ErrHoldExpired] — unless its place is still free, in which case it is
// taken again atomically. The receipt carries the cancellation token.
func (s *Scheduler) Confirm(ctx context.Context, id, citizen string) (Receipt, error) {
	now := s.now().UTC()
	b, err := s.get(ctx, id)
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: confirm: %w", err)
	}
	if b.Citizen != citizen {
		return Receipt{}, fmt.Errorf("booking: confirm %q: not the citizen's hold: %w", id, ErrForbidden)
	}
	if b.Status == StatusExpired {
		return Receipt{}, fmt.Errorf("booking: confirm %q: %w", id, ErrHoldExpired)
	}
	if b.Status != StatusHeld {
		return Receipt{}, fmt.Errorf("booking: confirm %q: status %s: %w", id, b.Status, ErrTransition)
	}
	r, err := s.resource(ctx, b.ResourceID)
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: confirm: %w", err)
	}
	sl, err := s.slotAt(&r, b.Start)
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: confirm: %w", err)
	}
	token, hash, err := s.newToken()
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: confirm: %w", err)
	}
	b.TokenHash = hash
	held := b.HoldUntil
	events := s.accept(&r, &b, RoleCitizen, "", now)
	// The hold is re-checked against capacity: another request may have counted it as lapsed.
	b, err = s.update(ctx, Update{
		Booking: b, Now: now, Events: events,
		Reserve: &Reserve{
			Capacity: sl.Capacity, Seats: r.Seats, Limits: limits(&r, &b),
			// A live hold keeps its place even if citizens queued after it; a lapsed one yields to them.
			FromWaitlist: now.Before(held),
		},
	})
	if errors.Is(err, ErrSlotFull) {
		return Receipt{}, fmt.Errorf("booking: confirm %q: place lost: %w", id, ErrHoldExpired)
	}
	if err != nil {
		return Receipt{}, fmt.Errorf("booking: confirm: %w", err)
	}
	return Receipt{Booking: b, CancelToken: token}, nil
}

// Approve confirms a pending booking. It is a compare-and-swap on the booking's version with a
// capacity re-check, so two moderators cannot both decide one request, and approvals never put more
// bookings in a slot than it has places. moderator must be one of the resource's Moderators (any
// operator when the list is empty).
func (s *Scheduler) Approve(ctx context.Context, id, moderator string) (Booking, error) {
	b, r, err := s.moderate(ctx, id, moderator)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: approve: %w", err)
	}
	now := s.now().UTC()
	sl, err := s.slotAt(&r, b.Start)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: approve: %w", err)
	}
	record(&b, StatusConfirmed, RoleOffice, moderator, "", now)
	b, err = s.update(ctx, Update{
		Booking: b, Now: now, Events: []Event{NewEvent(EventConfirmed, &b, now)},
		Reserve: &Reserve{Capacity: sl.Capacity, Seats: r.Seats, FromWaitlist: true},
	})
	if err != nil {
		return Booking{}, fmt.Errorf("booking: approve: %w", err)
	}
	return b, nil
}

// Refuse refuses a pending booking with a reason for the citizen, freeing its place.
func (s *Scheduler) Refuse(ctx context.Context, id, moderator, reason string) (Booking, error) {
	b, r, err := s.moderate(ctx, id, moderator)
	if err != nil {
		return Booking{}, fmt.Errorf("booking: refuse: %w", err)
	}
	now := s.now().UTC()
	record(&b, StatusRefused, RoleOffice, moderator, reason, now)
	ev := NewEvent(EventRefused, &b, now)
	ev.Reason = reason
	b, err = s.update(ctx, Update{Booking: b, Now: now, Events: []Event{ev}})
	if err != nil {
		return Booking{}, fmt.Errorf("booking: refuse: %w", err)
	}
	s.offerFreed(ctx, &r, b.Start, b.End)
	return b, nil
}

// moderate loads a pending booking and checks that moderator may decide it.
func (s *Scheduler) moderate(ctx context.Context, id, moderator string) (Booking, Resource, error) {
	b, err := s.get(ctx, id)
	if err != nil {
		return Booking{}, Resource{}, err
	}
	r, err := s.resource(ctx, b.ResourceID)
	if err != nil {
		return Booking{}, Resource{}, err
	}
	if moderator == "" || (len(r.Moderators) > 0 && !slices.Contains(r.Moderators, moderator)) {
		return Booking{}, Resource{}, fmt.Errorf("%q is not a moderator of %q: %w", moderator, r.ID, ErrForbidden)
	}
	if b.Status != StatusPending {
		return Booking{}, Resource{}, fmt.Errorf("booking %q is %s: %w", id, b.Status, ErrTransition)
	}
	return b, r, nil
}
