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
// Places only come back under the mutex, so the early answer is linearizable. List reads the
// smallest of its per-citizen, per-resource and per-status indexes, so Sweep (held bookings) and
// RemindersDue (confirmed ones) do not scan cancelled and past records; Occupancy scans only the
// slots of the resource asked for that have live bookings or waitlist entries.
type MemoryStore struct {
	resMu      sync.Mutex                          // serialises resource writers
	resources  atomic.Pointer[map[string]Resource] // copy on write
	firm       sync.Map                            // slotKey → *atomic.Int64: bookings occupying the slot at any time (all but holds)
	mu         sync.Mutex
	bookings   map[string]*Booking
	bySlot     map[slotKey][]*Booking // bookings that may occupy the slot (not cancelled, refused, expired)
	byCitizen  index[string]
	byResource index[string]
	byStatus   index[Status]
	waitlist   map[slotKey][]*WaitEntry
	slots      map[string]map[int64]struct{} // resource → starts of its keys in bySlot or waitlist
	events     []Event
}

// index maps a key to the bookings that have it, by ID.
type index[K comparable] map[K]map[string]*Booking

func (x index[K]) add(k K, b *Booking) {
	m := x[k]
	if m == nil {
		m = map[string]*Booking{}
		x[k] = m
	}
	m[b.ID] = b
}

func (x index[K]) remove(k K, id string) {
	delete(x[k], id)
	if len(x[k]) == 0 {
		delete(x, k)
	}
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
		bookings:   map[string]*Booking{},
		bySlot:     map[slotKey][]*Booking{},
		byCitizen:  index[string]{},
		byResource: index[string]{},
		byStatus:   index[Status]{},
		waitlist:   map[slotKey][]*WaitEntry{},
		slots:      map[string]map[int64]struct{}{},
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
func (s *MemoryStore) ListResources(_ context.Context, municipality string) ([]Resource, error) {
	all := *s.resources.Load()
	out := make([]Resource, 0, len(all))
	for _, r := range all {
		if municipality == "" || r.Municipality == municipality {
			out = append(out, cloneResource(r))
		}
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
	if b.Seat != "" && slices.Contains(seats, b.Seat) && b.Version == 0 && !fromWaitlist {
		// The seat asked for is taken. A waitlist offer takes any free seat instead: the
		// citizen waited for a place, and failing would hold the place back from everyone.
		return "", ErrSlotFull
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
		s.indexSlot(key)
		s.countFirm(key, b, 1)
	}
	s.byCitizen.add(b.Citizen, b)
	s.byResource.add(b.ResourceID, b)
	s.byStatus.add(b.Status, b)
}

func (s *MemoryStore) remove(b *Booking) {
	key := keyOf(b.ResourceID, b.Start)
	if b.Status != StatusCancelled && b.Status != StatusRefused && b.Status != StatusExpired {
		s.countFirm(key, b, -1)
	}
	if list := slices.DeleteFunc(s.bySlot[key], func(o *Booking) bool { return o == b }); len(list) > 0 {
		s.bySlot[key] = list
	} else {
		delete(s.bySlot, key)
		if len(s.waitlist[key]) == 0 {
			delete(s.slots[key.resource], key.start)
			if len(s.slots[key.resource]) == 0 {
				delete(s.slots, key.resource)
			}
		}
	}
	s.byCitizen.remove(b.Citizen, b.ID)
	s.byResource.remove(b.ResourceID, b.ID)
	s.byStatus.remove(b.Status, b.ID)
	delete(s.bookings, b.ID)
}

// indexSlot records that a resource's slot has bookings or waitlist entries, for Occupancy.
func (s *MemoryStore) indexSlot(key slotKey) {
	m := s.slots[key.resource]
	if m == nil {
		m = map[int64]struct{}{}
		s.slots[key.resource] = m
	}
	m[key.start] = struct{}{}
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
	r.Topics = slices.Clone(r.Topics)
	r.Closures = slices.Clone(r.Closures)
	r.Rules = slices.Clone(r.Rules)
	for i := range r.Rules {
		r.Rules[i].Weekdays = slices.Clone(r.Rules[i].Weekdays)
	}
	return r
}
