package fdr

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// MemoryStore is an in-memory [Store], for tests, demos and benchmarks.
type MemoryStore struct {
	mu  sync.RWMutex
	org map[string]map[Key]*Transfer
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore { return &MemoryStore{org: map[string]map[Key]*Transfer{}} }

// Add stores the paid transfers ts of org (replacing any with the same key).
func (s *MemoryStore) Add(org string, ts ...Transfer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.org[org]
	if m == nil {
		m = make(map[Key]*Transfer, len(ts))
		s.org[org] = m
	}
	for _, t := range ts {
		m[t.Key] = &t
	}
}

// Transfers implements [Store].
func (s *MemoryStore) Transfers(_ context.Context, org string, keys []Key) (map[Key]Transfer, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := s.org[org]
	out := make(map[Key]Transfer, len(keys))
	for _, k := range keys {
		if t, ok := m[k]; ok {
			out[k] = *t
		}
	}
	return out, nil
}

// MarkReported implements [Store]. It fails, changing nothing, if a key is unknown.
func (s *MemoryStore) MarkReported(_ context.Context, org, flowID string, keys []Key, _ time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.org[org]
	for _, k := range keys {
		if m[k] == nil {
			return fmt.Errorf("fdr: mark reported: unknown transfer %s/%d", k.IUV, k.Index)
		}
	}
	for _, k := range keys {
		m[k].ReportedIn = flowID
	}
	return nil
}

// Unreported implements [Store].
func (s *MemoryStore) Unreported(_ context.Context, org string, paidBefore time.Time) ([]Transfer, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Transfer
	for _, t := range s.org[org] {
		if t.ReportedIn == "" && t.PaidAt.Before(paidBefore) {
			out = append(out, *t)
		}
	}
	return out, nil
}
