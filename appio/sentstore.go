package appio

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// SentState is the state of an idempotency key in a [SentStore].
type SentState int

// Key states.
const (
	// SentPending: reserved; the submission is in flight, or its outcome
	// is unknown (the process crashed or the request timed out).
	SentPending SentState = iota + 1
	// SentDone: IO accepted the message; MessageID is set.
	SentDone
)

// SentRecord is what a [SentStore] knows about one idempotency key.
type SentRecord struct {
	Key        string
	State      SentState
	MessageID  string // set when State is SentDone
	ReservedAt time.Time
	SentAt     time.Time
}

// SentStore records idempotency keys so that a message is submitted at most
// once per key, across retries, re-runs and processes. It is a
// reserve-then-complete protocol, designed so a SQL implementation does each
// step atomically in one statement:
//
//   - Reserve inserts the key as pending if it is absent (INSERT … ON
//     CONFLICT DO NOTHING, then SELECT). It returns the new record, or the
//     existing one with [ErrAlreadySent] (done) or [ErrPending] (pending).
//   - Complete turns a pending key into done with the message id (UPDATE …
//     WHERE state = pending); [ErrNotReserved] if it is not pending.
//   - Release deletes a pending key after a failure that certainly sent
//     nothing, so a later run may try again (DELETE … WHERE state =
//     pending); [ErrNotReserved] if it is not pending.
//   - Get returns a record; [ErrNotFound] if the key is absent.
//
// Implementations must be safe for concurrent use by several goroutines and
// processes. appiotest.TestSentStore is the conformance suite.
type SentStore interface {
	Reserve(ctx context.Context, key string) (SentRecord, error)
	Complete(ctx context.Context, key, messageID string) error
	Release(ctx context.Context, key string) error
	Get(ctx context.Context, key string) (SentRecord, error)
}

// MemorySentStore is an in-memory [SentStore], for one process.
type MemorySentStore struct {
	// Now is the clock; nil means [time.Now].
	Now func() time.Time

	mu   sync.Mutex
	keys map[string]SentRecord
}

var _ SentStore = (*MemorySentStore)(nil)

// NewMemorySentStore returns an empty store.
func NewMemorySentStore() *MemorySentStore { return &MemorySentStore{} }

func (s *MemorySentStore) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// Reserve implements [SentStore].
func (s *MemorySentStore) Reserve(_ context.Context, key string) (SentRecord, error) {
	if key == "" {
		return SentRecord{}, fmt.Errorf("appio: reserve: %w", &FieldError{Field: "idempotency key", Reason: "empty"})
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.keys[key]; ok {
		if r.State == SentDone {
			return r, ErrAlreadySent
		}
		return r, ErrPending
	}
	if s.keys == nil {
		s.keys = make(map[string]SentRecord)
	}
	r := SentRecord{Key: key, State: SentPending, ReservedAt: s.now()}
	s.keys[key] = r
	return r, nil
}

// Complete implements [SentStore].
func (s *MemorySentStore) Complete(_ context.Context, key, messageID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.keys[key]
	if !ok || r.State != SentPending {
		return ErrNotReserved
	}
	r.State, r.MessageID, r.SentAt = SentDone, messageID, s.now()
	s.keys[key] = r
	return nil
}

// Release implements [SentStore].
func (s *MemorySentStore) Release(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.keys[key]
	if !ok || r.State != SentPending {
		return ErrNotReserved
	}
	delete(s.keys, key)
	return nil
}

// Get implements [SentStore].
func (s *MemorySentStore) Get(_ context.Context, key string) (SentRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.keys[key]
	if !ok {
		return SentRecord{}, ErrNotFound
	}
	return r, nil
}
