package booking

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// MemoryStore is the in-memory [Store]: one mutex makes every operation atomic. It suits tests, demos
// and a single-process portal; data is lost on exit.
//
// Two read paths avoid the mutex, so that a click day (thousands of citizens at the same instant)
// does not queue every request behind it: resources are an immutable map swapped on write, and a
// slot whose non-expiring bookings already fill it answers [ErrSlotFull] from an atomic counter.
// Places only come back under the mutex, so the early answer is linearizable.
type MemoryStore struct {
	resMu     sync.Mutex                          // serialises resource writers
	resources atomic.Pointer[map[string]Resource] // copy on write
	firm      sync.Map                            // slotKey → *atomic.Int64: bookings occupying the slot at any time (all but holds)
	mu        sync.Mutex
	bookings  map[string]*Booking
	bySlot    map[slotKey][]*Booking // bookings that may occupy the slot (not cancelled, refused, expired)
	byCitizen map[string][]*Booking
	waitlist  map[slotKey][]*WaitEntry
	events    []Event
}

type slotKey struct {
	resource string
	start    int64 // Unix nanoseconds
}

func keyOf(resource string, start time.Time) slotKey { return slotKey{resource, start.UnixNano()} }

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty [MemoryStore].
func NewMemoryStore() *MemoryStore {
	s := &MemoryStore{
		bookings:  map[string]*Booking{},
		bySlot:    map[slotKey][]*Booking{},
		byCitizen: map[string][]*Booking{},
		waitlist:  map[slotKey][]*WaitEntry{},
	}
	s.resources.Store(&map[string]Resource{})
	return s
}

// PutResource implements [Store].
func (s *MemoryStore) PutResource(_ context.Context, r Resource) error {
	s.resMu.Lock()
	defer s.resMu.Unlock()
	next := maps.Clone(*s.resources.Load())
	next[r.ID] = cloneResource(r)
	s.resources.Store(&next)
	return nil
}

// GetResource implements [Store].
func (s *MemoryStore) GetResource(_ context.Context, id string) (Resource, error) {
	r, ok := (*s.resources.Load())[id]
	if !ok {
		return Resource{}, fmt.Errorf("resource %q: %w", id, ErrNotFound)
	}
	return cloneResource(r), nil
}

// ListResources implements [Store].
func (s *MemoryStore) ListResources(_ context.Context) ([]Resource, error) {
	all := *s.resources.Load()
	out := make([]Resource, 0, len(all))
	for _, r := range all {
		out = append(out, cloneResource(r))
	}
	slices.SortFunc(out, func(a, b Resource) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// Insert implements [Store].
func (s *MemoryStore) Insert(_ context.Context, in Insert) (Booking, error) {
	if c, ok := s.firm.Load(keyOf(in.Booking.ResourceID, in.Booking.Start)); ok && c.(*atomic.Int64).Load() >= int64(in.Capacity) {
		return Booking{}, ErrSlotFull
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := in.Booking.Clone()
	if _, dup := s.bookings[b.ID]; dup || b.ID == "" {
		return Booking{}, fmt.Errorf("booking %q exists: %w", b.ID, ErrConflict)
	}
	seat, err := s.place(&b, in.Capacity, in.Seats, in.Limits, in.Now, in.FromWaitlist)
	if err != nil {
		return Booking{}, err
	}
	b.Seat = seat
	b.Version = 1
	s.add(&b)
	s.emit(in.Events)
	return b.Clone(), nil
}

// Update implements [Store].
func (s *MemoryStore) Update(_ context.Context, up Update) (Booking, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.bookings[up.Booking.ID]
	if !ok {
		return Booking{}, fmt.Errorf("booking %q: %w", up.Booking.ID, ErrNotFound)
	}
	if cur.Version != up.Booking.Version {
		return Booking{}, fmt.Errorf("booking %q: version %d, stored %d: %w",
			up.Booking.ID, up.Booking.Version, cur.Version, ErrConflict)
	}
	b := up.Booking.Clone()
	if rs := up.Reserve; rs != nil {
		seat, err := s.place(&b, rs.Capacity, rs.Seats, rs.Limits, up.Now, rs.FromWaitlist)
		if err != nil {
			return Booking{}, err
		}
		b.Seat = seat
	}
	b.Version = cur.Version + 1
	s.remove(cur)
	s.add(&b)
	s.emit(up.Events)
	return b.Clone(), nil
}

// place checks that b can take a place in its slot and returns its seat. b itself, if stored, is
// not counted.
func (s *MemoryStore) place(b *Booking, capacity int, seats []string, limits []Limit, now time.Time, fromWaitlist bool) (string, error) {
	key := keyOf(b.ResourceID, b.Start)
	taken := 0
	var used map[string]bool // seats taken, tracked only on resources with seats
	if len(seats) > 0 {
		used = make(map[string]bool, len(seats))
	}
	for _, o := range s.bySlot[key] {
		if o.ID != b.ID && o.Occupies(now) {
			taken++
			if used != nil {
				used[o.Seat] = true
			}
		}
	}
	if taken >= capacity {
		return "", ErrSlotFull
	}
	if !fromWaitlist && slices.ContainsFunc(s.waitlist[key], func(e *WaitEntry) bool { return e.State == WaitWaiting }) {
		return "", ErrSlotFull
	}
	for _, l := range limits {
		if err := s.checkLimit(b, l, now); err != nil {
			return "", err
		}
	}
	if len(seats) == 0 {
		return "", nil
	}
	if b.Seat != "" && slices.Contains(seats, b.Seat) && !used[b.Seat] {
		return b.Seat, nil
	}
	if b.Seat != "" && slices.Contains(seats, b.Seat) && b.Version == 0 {
		return "", ErrSlotFull // the seat asked for is taken
	}
	for _, seat := range seats {
		if !used[seat] {
			return seat, nil
		}
	}
	return "", ErrSlotFull
}

func (s *MemoryStore) checkLimit(b *Booking, l Limit, now time.Time) error {
	count, minutes := 1, int(b.End.Sub(b.Start)/time.Minute)
	for _, o := range s.byCitizen[l.Citizen] {
		switch {
		case o.ID == b.ID,
			l.ServiceID != "" && o.ServiceID != l.ServiceID,
			l.ResourceID != "" && o.ResourceID != l.ResourceID,
			!l.From.IsZero() && o.Start.Before(l.From),
			!l.To.IsZero() && !o.Start.Before(l.To),
			l.OpenOnly && !o.Open(now),
			!o.Occupies(now):
			continue
		}
		count++
		minutes += int(o.End.Sub(o.Start) / time.Minute)
	}
	if (l.MaxCount > 0 && count > l.MaxCount) || (l.MaxMinutes > 0 && minutes > l.MaxMinutes) {
		return ErrLimit
	}
	return nil
}

// Get implements [Store].
func (s *MemoryStore) Get(_ context.Context, id string) (Booking, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.bookings[id]
	if !ok {
		return Booking{}, fmt.Errorf("booking %q: %w", id, ErrNotFound)
	}
	return b.Clone(), nil
}

// List implements [Store].
func (s *MemoryStore) List(_ context.Context, f Filter) ([]Booking, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Booking
	match := func(b *Booking) {
		switch {
		case f.ResourceID != "" && b.ResourceID != f.ResourceID,
			f.Citizen != "" && b.Citizen != f.Citizen,
			!f.From.IsZero() && b.Start.Before(f.From),
			!f.To.IsZero() && !b.Start.Before(f.To),
			len(f.Statuses) > 0 && !slices.Contains(f.Statuses, b.Status):
			return
		}
		out = append(out, b.Clone())
	}
	if f.Citizen != "" {
		for _, b := range s.byCitizen[f.Citizen] {
			match(b)
		}
	} else {
		for _, b := range s.bookings {
			match(b)
		}
	}
	slices.SortFunc(out, func(a, b Booking) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Occupancy implements [Store].
func (s *MemoryStore) Occupancy(_ context.Context, resourceID string, from, to, now time.Time) ([]Occupancy, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := func(key slotKey) bool {
		return key.resource == resourceID && key.start >= from.UnixNano() && key.start < to.UnixNano()
	}
	found := map[int64]*Occupancy{}
	get := func(key slotKey) *Occupancy {
		o := found[key.start]
		if o == nil {
			o = &Occupancy{Start: time.Unix(0, key.start).UTC()}
			found[key.start] = o
		}
		return o
	}
	for key, list := range s.bySlot {
		if !in(key) {
			continue
		}
		for _, b := range list {
			if b.Occupies(now) {
				get(key).Taken++
			}
		}
	}
	for key, list := range s.waitlist {
		if !in(key) {
			continue
		}
		for _, e := range list {
			if e.State == WaitWaiting {
				get(key).Waiting++
			}
		}
	}
	out := make([]Occupancy, 0, len(found))
	for _, o := range found {
		out = append(out, *o)
	}
	slices.SortFunc(out, func(a, b Occupancy) int { return a.Start.Compare(b.Start) })
	return out, nil
}

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

// Events implements [Store].
func (s *MemoryStore) Events(_ context.Context, after int64, limit int) ([]Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _ := slices.BinarySearchFunc(s.events, after+1, func(e Event, seq int64) int { return cmp.Compare(e.Seq, seq) })
	end := len(s.events)
	if limit > 0 {
		end = min(end, i+limit)
	}
	return slices.Clone(s.events[i:end]), nil
}

func (s *MemoryStore) emit(events []Event) {
	for _, e := range events {
		e.Seq = int64(len(s.events)) + 1
		s.events = append(s.events, e)
	}
}

// add indexes a stored booking; b must be a private copy.
func (s *MemoryStore) add(b *Booking) {
	s.bookings[b.ID] = b
	if b.Status != StatusCancelled && b.Status != StatusRefused && b.Status != StatusExpired {
		key := keyOf(b.ResourceID, b.Start)
		s.bySlot[key] = append(s.bySlot[key], b)
		s.countFirm(key, b, 1)
	}
	s.byCitizen[b.Citizen] = append(s.byCitizen[b.Citizen], b)
}

func (s *MemoryStore) remove(b *Booking) {
	del := func(list []*Booking) []*Booking {
		return slices.DeleteFunc(list, func(o *Booking) bool { return o == b })
	}
	key := keyOf(b.ResourceID, b.Start)
	if b.Status != StatusCancelled && b.Status != StatusRefused && b.Status != StatusExpired {
		s.countFirm(key, b, -1)
	}
	if list := del(s.bySlot[key]); len(list) > 0 {
		s.bySlot[key] = list
	} else {
		delete(s.bySlot, key)
	}
	s.byCitizen[b.Citizen] = del(s.byCitizen[b.Citizen])
	delete(s.bookings, b.ID)
}

// countFirm adds delta to the slot's counter of bookings that occupy it whatever the time.
func (s *MemoryStore) countFirm(key slotKey, b *Booking, delta int64) {
	if b.Status == StatusHeld {
		return
	}
	c, ok := s.firm.Load(key)
	if !ok {
		c, _ = s.firm.LoadOrStore(key, new(atomic.Int64))
	}
	c.(*atomic.Int64).Add(delta)
}

func cloneResource(r Resource) Resource {
	r.Seats = slices.Clone(r.Seats)
	r.Moderators = slices.Clone(r.Moderators)
	r.Services = slices.Clone(r.Services)
	r.Closures = slices.Clone(r.Closures)
	r.Rules = slices.Clone(r.Rules)
	for i := range r.Rules {
		r.Rules[i].Weekdays = slices.Clone(r.Rules[i].Weekdays)
	}
	return r
}
