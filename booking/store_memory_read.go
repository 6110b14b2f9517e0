package booking

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

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
		case f.Municipality != "" && b.Municipality != f.Municipality,
			f.ResourceID != "" && b.ResourceID != f.ResourceID,
			f.Citizen != "" && b.Citizen != f.Citizen,
			!f.From.IsZero() && b.Start.Before(f.From),
			!f.To.IsZero() && !b.Start.Before(f.To),
			len(f.Statuses) > 0 && !slices.Contains(f.Statuses, b.Status):
			return
		}
		out = append(out, b.Clone())
	}
	for _, set := range s.candidates(f) {
		for _, b := range set {
			match(b)
		}
	}
	slices.SortFunc(out, func(a, b Booking) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// candidates returns the smallest collection of indexed sets that holds every booking matching f:
// the citizen's, the resource's, those in the statuses asked for, or all.
func (s *MemoryStore) candidates(f Filter) []map[string]*Booking {
	best, size := []map[string]*Booking{s.bookings}, len(s.bookings)
	consider := func(sets ...map[string]*Booking) {
		n := 0
		for _, m := range sets {
			n += len(m)
		}
		if n < size {
			best, size = sets, n
		}
	}
	if f.Citizen != "" {
		consider(s.byCitizen[f.Citizen])
	}
	if f.ResourceID != "" {
		consider(s.byResource[f.ResourceID])
	}
	if len(f.Statuses) > 0 {
		var sets []map[string]*Booking
		for _, st := range slices.Compact(slices.Sorted(slices.Values(f.Statuses))) {
			sets = append(sets, s.byStatus[st])
		}
		consider(sets...)
	}
	return best
}

// Occupancy implements [Store].
func (s *MemoryStore) Occupancy(_ context.Context, resourceID string, from, to, now time.Time) ([]Occupancy, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Occupancy
	for start := range s.slots[resourceID] {
		if start < from.UnixNano() || start >= to.UnixNano() {
			continue
		}
		key := slotKey{resourceID, start}
		o := Occupancy{Start: time.Unix(0, start).UTC()}
		for _, b := range s.bySlot[key] {
			if b.Occupies(now) {
				o.Taken++
			}
		}
		for _, e := range s.waitlist[key] {
			if e.State == WaitWaiting {
				o.Waiting++
			}
		}
		if o.Taken > 0 || o.Waiting > 0 {
			out = append(out, o)
		}
	}
	slices.SortFunc(out, func(a, b Occupancy) int { return a.Start.Compare(b.Start) })
	return out, nil
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
