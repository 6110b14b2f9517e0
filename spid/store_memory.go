package spid

import (
	"context"
	"sync"
	"time"
)

// MemoryRequestStore is a [RequestStore] in memory, for a single process.
// The zero value is ready to use; Now defaults to time.Now.
type MemoryRequestStore struct {
	Now func() time.Time

	mu   sync.Mutex
	reqs map[string]Request
}

var _ RequestStore = (*MemoryRequestStore)(nil)

// Save implements [RequestStore].
func (s *MemoryRequestStore) Save(_ context.Context, req Request) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reqs == nil {
		s.reqs = make(map[string]Request)
	}
	now := nowOr(s.Now)
	for id, r := range s.reqs { // amortised expiry
		if !r.Expires.IsZero() && now.After(r.Expires) {
			delete(s.reqs, id)
		}
	}
	s.reqs[req.ID] = req
	return nil
}

// Take implements [RequestStore].
func (s *MemoryRequestStore) Take(_ context.Context, id string) (Request, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reqs[id]
	if !ok {
		return Request{}, ErrUnknownRequest
	}
	delete(s.reqs, id)
	if !r.Expires.IsZero() && nowOr(s.Now).After(r.Expires) {
		return Request{}, ErrUnknownRequest
	}
	return r, nil
}

// MemoryReplayStore is a [ReplayStore] in memory. The zero value is ready to
// use; Now defaults to time.Now.
type MemoryReplayStore struct {
	Now func() time.Time

	mu   sync.Mutex
	used map[string]time.Time
}

var _ ReplayStore = (*MemoryReplayStore)(nil)

// Use implements [ReplayStore].
func (s *MemoryReplayStore) Use(_ context.Context, id string, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := nowOr(s.Now)
	if s.used == nil {
		s.used = make(map[string]time.Time)
	}
	if exp, ok := s.used[id]; ok && !now.After(exp) {
		return ErrReplay
	}
	if len(s.used) > 1024 {
		for k, exp := range s.used {
			if now.After(exp) {
				delete(s.used, k)
			}
		}
	}
	s.used[id] = expires
	return nil
}

// MemoryRegister is a [Register] in memory, for tests and demos: it keeps
// everything until the process ends.
type MemoryRegister struct {
	mu  sync.Mutex
	txs []Transaction
}

var _ Register = (*MemoryRegister)(nil)

// Record implements [Register].
func (r *MemoryRegister) Record(_ context.Context, t Transaction) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.txs = append(r.txs, t)
	return nil
}

// Transactions returns a copy of the recorded transactions, oldest first.
func (r *MemoryRegister) Transactions() []Transaction {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Transaction(nil), r.txs...)
}

func nowOr(now func() time.Time) time.Time {
	if now == nil {
		return time.Now()
	}
	return now()
}
