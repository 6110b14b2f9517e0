package instance

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// MemoryStore is the in-memory [Store]: for tests, demos and single-process
// deployments that can lose their data. It is safe for concurrent use.
type MemoryStore struct {
	now func() time.Time

	mu        sync.RWMutex
	apps      map[string]*Application
	rows      map[string]Row
	events    map[string][]Event
	byCitizen map[string]map[string]struct{} // fiscal code (applicant or beneficiary) → IDs
	byOffice  map[string]map[string]struct{}
	seq       int64
	outbox    []Event
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty store; now (default time.Now) stamps events
// that carry no time.
func NewMemoryStore(now func() time.Time) *MemoryStore {
	if now == nil {
		now = time.Now
	}
	return &MemoryStore{
		now: now, apps: make(map[string]*Application), rows: make(map[string]Row),
		events: make(map[string][]Event), byCitizen: make(map[string]map[string]struct{}),
		byOffice: make(map[string]map[string]struct{}),
	}
}

// Create implements [Applications].
func (s *MemoryStore) Create(ctx context.Context, app *Application, ev Event) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("instance: create: %w", err)
	}
	if app.ID == "" {
		return fmt.Errorf("instance: create: empty ID: %w", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.apps[app.ID]; ok {
		return fmt.Errorf("instance: create %s: %w", app.ID, ErrExists)
	}
	c := app.Clone()
	c.Version = 1
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now().UTC()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	s.apps[c.ID] = c
	s.index(c)
	s.append(c, ev)
	app.Version, app.CreatedAt, app.UpdatedAt = c.Version, c.CreatedAt, c.UpdatedAt
	return nil
}

// Get implements [Applications].
func (s *MemoryStore) Get(ctx context.Context, id string) (*Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: get: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	a, ok := s.apps[id]
	if !ok {
		return nil, fmt.Errorf("instance: get %s: %w", id, ErrNotFound)
	}
	return a.Clone(), nil
}

// Update implements [Applications].
func (s *MemoryStore) Update(ctx context.Context, id string, version int64, fn func(*Application) (Event, error)) (*Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: update: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, ok := s.apps[id]
	if !ok {
		return nil, fmt.Errorf("instance: update %s: %w", id, ErrNotFound)
	}
	if cur.Version != version {
		return nil, fmt.Errorf("instance: update %s: have version %d, caller read %d: %w", id, cur.Version, version, ErrConflict)
	}
	next := cur.Clone()
	ev, err := fn(next)
	if err != nil {
		return nil, err
	}
	if next.ID != id {
		return nil, fmt.Errorf("instance: update %s: the ID cannot change: %w", id, ErrInvalid)
	}
	next.Version = version + 1
	if ev.At.IsZero() {
		ev.At = s.now().UTC()
	}
	if next.UpdatedAt.Before(ev.At) {
		next.UpdatedAt = ev.At
	}
	s.unindex(cur)
	s.apps[id] = next
	s.index(next)
	s.append(next, ev)
	return next.Clone(), nil
}

// append stamps ev and adds it to the log and the outbox. Callers hold mu.
func (s *MemoryStore) append(a *Application, ev Event) {
	s.seq++
	ev = ev.Clone()
	ev.Seq, ev.ApplicationID, ev.Version = s.seq, a.ID, a.Version
	if ev.At.IsZero() {
		ev.At = a.UpdatedAt
	}
	s.events[a.ID] = append(s.events[a.ID], ev)
	s.outbox = append(s.outbox, ev)
}

func (s *MemoryStore) index(a *Application) {
	s.rows[a.ID] = a.Row()
	add := func(m map[string]map[string]struct{}, k string) {
		if m[k] == nil {
			m[k] = make(map[string]struct{})
		}
		m[k][a.ID] = struct{}{}
	}
	add(s.byCitizen, fiscalcode.Normalize(a.Applicant.FiscalCode))
	if a.Beneficiary != nil && a.Beneficiary.FiscalCode != "" {
		add(s.byCitizen, fiscalcode.Normalize(a.Beneficiary.FiscalCode))
	}
	add(s.byOffice, a.Office)
}

func (s *MemoryStore) unindex(a *Application) {
	delete(s.byCitizen[fiscalcode.Normalize(a.Applicant.FiscalCode)], a.ID)
	if a.Beneficiary != nil {
		delete(s.byCitizen[fiscalcode.Normalize(a.Beneficiary.FiscalCode)], a.ID)
	}
	delete(s.byOffice[a.Office], a.ID)
}

// Events implements [History].
func (s *MemoryStore) Events(ctx context.Context, id string) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: events: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if _, ok := s.apps[id]; !ok {
		return nil, fmt.Errorf("instance: events %s: %w", id, ErrNotFound)
	}
	out := make([]Event, len(s.events[id]))
	for i, e := range s.events[id] {
		out[i] = e.Clone()
	}
	return out, nil
}

// ListByCitizen implements [Finder].
func (s *MemoryStore) ListByCitizen(ctx context.Context, q CitizenQuery) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, fmt.Errorf("instance: list: %w", err)
	}
	if q.FiscalCode == "" {
		return Page{}, fmt.Errorf("instance: list: fiscal code required: %w", ErrInvalid)
	}
	s.mu.RLock()
	ids := s.byCitizen[fiscalcode.Normalize(q.FiscalCode)]
	rows := make([]Row, 0, len(ids))
	for id := range ids {
		if r := s.rows[id]; q.Match(r) {
			rows = append(rows, r)
		}
	}
	s.mu.RUnlock()
	return paginate(rows, q.Sort, q.Ascending, q.Limit, q.Offset), nil
}

// Worklist implements [Finder].
func (s *MemoryStore) Worklist(ctx context.Context, q WorklistQuery) (Page, error) {
	if err := ctx.Err(); err != nil {
		return Page{}, fmt.Errorf("instance: worklist: %w", err)
	}
	if q.Office == "" {
		return Page{}, fmt.Errorf("instance: worklist: office required: %w", ErrInvalid)
	}
	q.Today = q.today()
	s.mu.RLock()
	ids := s.byOffice[q.Office]
	var rows []Row
	for id := range ids {
		if r := s.rows[id]; q.Match(r) {
			rows = append(rows, r)
		}
	}
	s.mu.RUnlock()
	return paginate(rows, q.Sort, q.Ascending, q.Limit, q.Offset), nil
}

// Pending implements [Outbox].
func (s *MemoryStore) Pending(ctx context.Context, limit int) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("instance: outbox: %w", err)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := min(len(s.outbox), pageLimit(limit))
	out := make([]Event, n)
	for i := range n {
		out[i] = s.outbox[i].Clone()
	}
	return out, nil
}

// Ack implements [Outbox].
func (s *MemoryStore) Ack(ctx context.Context, seqs ...int64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("instance: ack: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	acked := make(map[int64]bool, len(seqs))
	for _, q := range seqs {
		acked[q] = true
	}
	s.outbox = slices.DeleteFunc(s.outbox, func(e Event) bool { return acked[e.Seq] })
	return nil
}
