package pagopa

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

type posKey struct{ org, iupd string }
type iuvKey struct {
	org string
	iuv IUV
}

// MemoryStore is an in-memory [Store] for tests, demos and single-process
// use; everything is lost on restart. The zero value is not usable; call
// [NewMemoryStore].
type MemoryStore struct {
	mu        sync.RWMutex
	positions map[posKey]*Position
	byIUV     map[iuvKey]string // → IUPD
	locks     map[iuvKey]time.Time
	receipts  map[iuvKey][]Receipt // in the order stored
	// unreported indexes, per organisation, the paid options with a
	// transfer no flow reported (IUV → IUPD), for UnreportedTransfers.
	unreported map[string]map[IUV]string
	now        func() time.Time
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		positions:  make(map[posKey]*Position),
		byIUV:      make(map[iuvKey]string),
		locks:      make(map[iuvKey]time.Time),
		receipts:   make(map[iuvKey][]Receipt),
		unreported: make(map[string]map[IUV]string),
		now:        time.Now,
	}
}

// CreatePosition implements [Store].
func (s *MemoryStore) CreatePosition(ctx context.Context, p Position) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := posKey{p.OrganizationFiscalCode, p.IUPD}
	if _, ok := s.positions[k]; ok {
		return Position{}, fmt.Errorf("pagopa: create position %s: iupd exists: %w", p.IUPD, ErrConflict)
	}
	seen := map[IUV]bool{}
	for _, o := range p.Options {
		if _, ok := s.byIUV[iuvKey{p.OrganizationFiscalCode, o.IUV}]; ok || seen[o.IUV] {
			return Position{}, fmt.Errorf("pagopa: create position %s: iuv %s exists: %w", p.IUPD, o.IUV, ErrConflict)
		}
		seen[o.IUV] = true
	}
	c := p.Clone()
	c.Version = 1
	now := s.now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	s.positions[k] = &c
	s.reindex(nil, &c)
	for _, o := range c.Options {
		s.byIUV[iuvKey{c.OrganizationFiscalCode, o.IUV}] = c.IUPD
	}
	return c.Clone(), nil
}

// Position implements [Store].
func (s *MemoryStore) Position(ctx context.Context, org, iupd string) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	p, ok := s.positions[posKey{org, iupd}]
	if !ok {
		return Position{}, fmt.Errorf("pagopa: position %s: %w", iupd, ErrNotFound)
	}
	return p.Clone(), nil
}

// PositionByIUV implements [Store].
func (s *MemoryStore) PositionByIUV(ctx context.Context, org string, iuv IUV) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	iupd, ok := s.byIUV[iuvKey{org, iuv}]
	if !ok {
		return Position{}, fmt.Errorf("pagopa: position with iuv %s: %w", iuv, ErrNotFound)
	}
	return s.positions[posKey{org, iupd}].Clone(), nil
}

// UpdatePosition implements [Store].
func (s *MemoryStore) UpdatePosition(ctx context.Context, org, iupd string, fn func(*Position) error) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.positions[posKey{org, iupd}]
	if !ok {
		return Position{}, fmt.Errorf("pagopa: update position %s: %w", iupd, ErrNotFound)
	}
	return s.update(p, fn)
}

// update runs fn on a copy of p and saves it; s.mu must be held.
func (s *MemoryStore) update(p *Position, fn func(*Position) error) (Position, error) {
	c := p.Clone()
	if err := fn(&c); err != nil {
		return Position{}, err
	}
	c.OrganizationFiscalCode, c.IUPD = p.OrganizationFiscalCode, p.IUPD
	if len(c.Options) != len(p.Options) {
		return Position{}, fmt.Errorf("pagopa: update position %s: options changed: %w", p.IUPD, ErrConflict)
	}
	for i := range c.Options {
		if c.Options[i].IUV != p.Options[i].IUV {
			return Position{}, fmt.Errorf("pagopa: update position %s: iuv changed: %w", p.IUPD, ErrConflict)
		}
	}
	c.Version = p.Version + 1
	c.CreatedAt = p.CreatedAt
	c.UpdatedAt = s.now().UTC()
	s.reindex(p, &c)
	*p = c
	return c.Clone(), nil
}

// DeletePosition implements [Store].
func (s *MemoryStore) DeletePosition(ctx context.Context, org, iupd string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := posKey{org, iupd}
	p, ok := s.positions[k]
	if !ok {
		return fmt.Errorf("pagopa: delete position %s: %w", iupd, ErrNotFound)
	}
	for _, o := range p.Options {
		delete(s.byIUV, iuvKey{org, o.IUV})
		delete(s.locks, iuvKey{org, o.IUV})
	}
	s.reindex(p, nil)
	delete(s.positions, k)
	return nil
}

// ListPositions implements [Store].
func (s *MemoryStore) ListPositions(ctx context.Context, org, after string, limit int) ([]Position, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var keys []string
	for k := range s.positions {
		if k.org == org && k.iupd > after {
			keys = append(keys, k.iupd)
		}
	}
	sort.Strings(keys)
	if limit > 0 && len(keys) > limit {
		keys = keys[:limit]
	}
	out := make([]Position, 0, len(keys))
	for _, k := range keys {
		out = append(out, s.positions[posKey{org, k}].Clone())
	}
	return out, nil
}

// LockOption implements [Store].
func (s *MemoryStore) LockOption(ctx context.Context, org string, iuv IUV, now, until time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := iuvKey{org, iuv}
	if held, ok := s.locks[k]; ok && held.After(now) {
		return fmt.Errorf("pagopa: lock iuv %s: held until %s: %w", iuv, held.UTC().Format(time.RFC3339), ErrInProgress)
	}
	s.locks[k] = until
	return nil
}

// LockedUntil implements [Store].
func (s *MemoryStore) LockedUntil(ctx context.Context, org string, iuv IUV, now time.Time) (time.Time, error) {
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if held, ok := s.locks[iuvKey{org, iuv}]; ok && held.After(now) {
		return held, nil
	}
	return time.Time{}, nil
}

// UnlockOption implements [Store].
func (s *MemoryStore) UnlockOption(ctx context.Context, org string, iuv IUV) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.locks, iuvKey{org, iuv})
	return nil
}

// RecordReceipt implements [Store].
func (s *MemoryStore) RecordReceipt(ctx context.Context, r Receipt, apply func(*Position) error) (Position, error) {
	if err := ctx.Err(); err != nil {
		return Position{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := iuvKey{r.OrganizationFiscalCode, r.IUV}
	stored := s.receipts[k]
	var paid *Receipt
	double := false
	for i := range stored {
		x := &stored[i]
		if x.ReceiptID == r.ReceiptID && x.Recipient() == r.Recipient() {
			return Position{}, fmt.Errorf("pagopa: record receipt %s for iuv %s: %w", r.ReceiptID, r.IUV, ErrReceiptDuplicate)
		}
		if paid == nil && x.Outcome == OutcomeOK && !x.DoublePayment {
			paid = x
		}
		double = double || (x.DoublePayment && x.ReceiptID == r.ReceiptID)
	}
	switch {
	case paid != nil && paid.ReceiptID == r.ReceiptID:
		s.store(k, r, false)
		return Position{}, nil
	case double || (paid != nil && r.Outcome == OutcomeOK):
		s.store(k, r, true)
		return Position{}, fmt.Errorf("pagopa: record receipt %s for iuv %s: paid by %s: %w", r.ReceiptID, r.IUV, paid.ReceiptID, ErrDoublePayment)
	}
	var out Position
	if apply != nil {
		iupd, ok := s.byIUV[k]
		if !ok {
			return Position{}, fmt.Errorf("pagopa: record receipt: position with iuv %s: %w", r.IUV, ErrNotFound)
		}
		var err error
		out, err = s.update(s.positions[posKey{k.org, iupd}], apply)
		if errors.Is(err, ErrAlreadyPaid) && r.Outcome == OutcomeOK {
			s.store(k, r, true)
			return Position{}, fmt.Errorf("pagopa: record receipt %s for iuv %s: %w: %w", r.ReceiptID, r.IUV, ErrDoublePayment, err)
		}
		if err != nil {
			return Position{}, err
		}
	}
	s.store(k, r, false)
	return out, nil
}

// store appends r to the receipts of k and releases k's lock; s.mu must be held.
func (s *MemoryStore) store(k iuvKey, r Receipt, double bool) {
	r = cloneReceipt(r)
	r.DoublePayment = double
	s.receipts[k] = append(s.receipts[k], r)
	delete(s.locks, k)
}

// Receipt implements [Store].
func (s *MemoryStore) Receipt(ctx context.Context, org string, iuv IUV) (Receipt, error) {
	if err := ctx.Err(); err != nil {
		return Receipt{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var ko *Receipt
	for i, r := range s.receipts[iuvKey{org, iuv}] {
		switch {
		case r.Outcome == OutcomeOK && !r.DoublePayment:
			return cloneReceipt(r), nil
		case r.Outcome == OutcomeKO:
			ko = &s.receipts[iuvKey{org, iuv}][i]
		}
	}
	if ko == nil {
		return Receipt{}, fmt.Errorf("pagopa: receipt for iuv %s: %w", iuv, ErrNotFound)
	}
	return cloneReceipt(*ko), nil
}

// Receipts implements [Store].
func (s *MemoryStore) Receipts(ctx context.Context, org string, iuv IUV) ([]Receipt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	stored := s.receipts[iuvKey{org, iuv}]
	out := make([]Receipt, 0, len(stored))
	for _, r := range stored {
		out = append(out, cloneReceipt(r))
	}
	return out, nil
}

// DoublePayments implements [Store]. It scans every receipt, which suits
// the rarity of double payments and the store's purpose.
func (s *MemoryStore) DoublePayments(ctx context.Context, org string, since time.Time) ([]Receipt, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []Receipt
	for _, stored := range s.receipts {
		for _, r := range stored {
			if r.DoublePayment && r.Recipient() == org && !r.ReceivedAt.Before(since) {
				out = append(out, cloneReceipt(r))
			}
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b Receipt) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ReceiptID, b.ReceiptID)
	})
	return out, nil
}

func cloneReceipt(r Receipt) Receipt {
	r.Transfers = slices.Clone(r.Transfers)
	for i, t := range r.Transfers {
		r.Transfers[i].MBDAttachment = slices.Clone(t.MBDAttachment)
		r.Transfers[i].Metadata = slices.Clone(t.Metadata)
	}
	r.Metadata = slices.Clone(r.Metadata)
	if r.Payer != nil {
		p := *r.Payer
		r.Payer = &p
	}
	return r
}
