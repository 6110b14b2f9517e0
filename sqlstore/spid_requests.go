package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/siopi/siopi/spid"
)

// purgeEvery is how often a store deletes its expired rows: lazily, on the
// first write after this much time has passed since the last purge.
const purgeEvery = time.Minute

// SPIDRequestStore is the [spid.RequestStore] of a [DB]: one row per
// request the SP sent, keyed by its ID. Take deletes the row and returns it
// in one statement (DELETE … RETURNING), so of concurrent Takes of one
// request, on any replica, exactly one gets it. Expired rows are refused by
// Take and purged lazily by Save.
type SPIDRequestStore struct {
	db     *DB
	purged atomic.Int64 // microseconds of the last purge
}

var _ spid.RequestStore = (*SPIDRequestStore)(nil)

// SPIDRequests returns the database's [spid.RequestStore].
func (db *DB) SPIDRequests() *SPIDRequestStore { return &SPIDRequestStore{db: db} }

// Save implements [spid.RequestStore]. Saving an ID again replaces the
// stored request.
func (s *SPIDRequestStore) Save(ctx context.Context, req spid.Request) error {
	if err := s.purge(ctx); err != nil {
		return err
	}
	_, err := s.db.write.ExecContext(ctx, `INSERT INTO spid_requests (id, kind, issue_us, idp, binding, level,
			comparison, acs_index, attribute_set, relay_state, expires_us, xml, name_id, session_index)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, issue_us = excluded.issue_us, idp = excluded.idp,
			binding = excluded.binding, level = excluded.level, comparison = excluded.comparison,
			acs_index = excluded.acs_index, attribute_set = excluded.attribute_set,
			relay_state = excluded.relay_state, expires_us = excluded.expires_us, xml = excluded.xml,
			name_id = excluded.name_id, session_index = excluded.session_index`,
		req.ID, string(req.Kind), nullMicros(req.IssueInstant), req.IdP, string(req.Binding), int(req.Level),
		string(req.Comparison), req.ACSIndex, req.AttributeSet, req.RelayState, nullMicros(req.Expires),
		req.XML, req.NameID, req.SessionIndex)
	if err != nil {
		return fmt.Errorf("sqlstore: save spid request: %w", err)
	}
	return nil
}

// Take implements [spid.RequestStore]: it deletes the row and returns it in
// one statement. An expired request is deleted too, and refused.
func (s *SPIDRequestStore) Take(ctx context.Context, id string) (spid.Request, error) {
	var (
		r                  spid.Request
		kind, binding, cmp string
		level              int
		issue, expires     sql.NullInt64
		xml                []byte
	)
	err := s.db.write.QueryRowContext(ctx, `DELETE FROM spid_requests WHERE id = $1
		RETURNING id, kind, issue_us, idp, binding, level, comparison, acs_index, attribute_set, relay_state,
			expires_us, xml, name_id, session_index`, id).
		Scan(&r.ID, &kind, &issue, &r.IdP, &binding, &level, &cmp, &r.ACSIndex, &r.AttributeSet, &r.RelayState,
			&expires, &xml, &r.NameID, &r.SessionIndex)
	if errors.Is(err, sql.ErrNoRows) {
		return spid.Request{}, fmt.Errorf("sqlstore: take spid request: %w", spid.ErrUnknownRequest)
	}
	if err != nil {
		return spid.Request{}, fmt.Errorf("sqlstore: take spid request: %w", err)
	}
	r.Kind, r.Binding, r.Comparison, r.Level = spid.RequestKind(kind), spid.Binding(binding), spid.Comparison(cmp), spid.Level(level)
	r.IssueInstant, r.Expires, r.XML = fromNullMicros(issue), fromNullMicros(expires), xml
	if !r.Expires.IsZero() && s.db.now().After(r.Expires) {
		return spid.Request{}, fmt.Errorf("sqlstore: take spid request: expired: %w", spid.ErrUnknownRequest)
	}
	return r, nil
}

// purge deletes the expired requests if the last purge is older than
// purgeEvery.
func (s *SPIDRequestStore) purge(ctx context.Context) error {
	now := micros(s.db.now())
	if !due(&s.purged, now) {
		return nil
	}
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM spid_requests WHERE expires_us < $1`, now); err != nil {
		return fmt.Errorf("sqlstore: purge spid requests: %w", err)
	}
	return nil
}

// due reports whether a purge is due at now (microseconds) given the last
// one in last, and if so claims it, so that concurrent callers purge once.
func due(last *atomic.Int64, now int64) bool {
	prev := last.Load()
	if prev != 0 && now-prev < purgeEvery.Microseconds() {
		return false
	}
	return last.CompareAndSwap(prev, now)
}

// nullMicros is the column value of an instant that may be zero: NULL for
// the zero time, microseconds since the Unix epoch otherwise.
func nullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: micros(t), Valid: true}
}

// fromNullMicros is the inverse of nullMicros; instants come back in UTC.
func fromNullMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMicro(v.Int64).UTC()
}
