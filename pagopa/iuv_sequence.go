package pagopa

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// ErrSequenceExhausted reports that an IUV sequence has passed [MaxIUVBase].
var ErrSequenceExhausted = errors.New("iuv sequence exhausted")

// IUVSequence hands out 13-digit IUV bases. For one (creditor body fiscal
// code, segregation code) pair it never returns the same value twice — across
// goroutines and, for durable implementations, across restarts and replicas —
// and it returns [ErrSequenceExhausted] rather than wrap past [MaxIUVBase].
// Implementations must be safe for concurrent use. A database implementation
// is one atomic "UPDATE … SET next = next + 1 … RETURNING" per call.
type IUVSequence interface {
	Next(ctx context.Context, organizationFiscalCode string, segregationCode int) (int64, error)
}

// NextNoticeNumber takes the next base from seq and returns the aux-3 notice
// number for it; its IUV is n.IUV().
func NextNoticeNumber(ctx context.Context, seq IUVSequence, organizationFiscalCode string, segregationCode int) (NoticeNumber, error) {
	if segregationCode < 0 || segregationCode > 99 {
		return "", fmt.Errorf("pagopa: next notice number: %d: %w", segregationCode, ErrSegregationCode)
	}
	base, err := seq.Next(ctx, organizationFiscalCode, segregationCode)
	if err != nil {
		return "", fmt.Errorf("pagopa: next notice number: %w", err)
	}
	return NewNoticeNumber(segregationCode, base)
}

type seqKey struct {
	org string
	seg int
}

// MemorySequence is an in-memory [IUVSequence] for tests and demos: values
// are lost on restart, so never use it where IUVs are persisted. The zero
// value is ready to use and starts every sequence at 1.
type MemorySequence struct {
	// Start is the first value of every sequence (zero means 1).
	Start int64

	mu   sync.Mutex
	next map[seqKey]int64
}

var _ IUVSequence = (*MemorySequence)(nil)

// Next implements [IUVSequence].
func (s *MemorySequence) Next(ctx context.Context, org string, seg int) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	if seg < 0 || seg > 99 {
		return 0, fmt.Errorf("pagopa: iuv sequence: %d: %w", seg, ErrSegregationCode)
	}
	k := seqKey{org, seg}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.next == nil {
		s.next = make(map[seqKey]int64)
	}
	v, ok := s.next[k]
	if !ok {
		v = max(s.Start, 1)
	}
	if v > MaxIUVBase {
		return 0, fmt.Errorf("pagopa: iuv sequence %s/%02d: %w", org, seg, ErrSequenceExhausted)
	}
	s.next[k] = v + 1
	return v, nil
}
