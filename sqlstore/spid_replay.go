package sqlstore

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/siopi/siopi/spid"
)

// SPIDReplayStore is the [spid.ReplayStore] of a [DB], the SAML replay cache
// that every replica shares: one row per used message ID with its expiry.
// Use is one upsert that inserts the ID, or takes over a row that expired,
// so of concurrent Uses of one ID exactly one succeeds. Expired rows are
// purged lazily.
type SPIDReplayStore struct {
	db     *DB
	purged atomic.Int64 // microseconds of the last purge
}

var _ spid.ReplayStore = (*SPIDReplayStore)(nil)

// SPIDReplay returns the database's [spid.ReplayStore].
func (db *DB) SPIDReplay() *SPIDReplayStore { return &SPIDReplayStore{db: db} }

// Use implements [spid.ReplayStore]. IDs are compared exactly (byte by
// byte, case-sensitive).
func (s *SPIDReplayStore) Use(ctx context.Context, id string, expires time.Time) error {
	now := micros(s.db.now())
	if due(&s.purged, now) {
		if _, err := s.db.write.ExecContext(ctx, `DELETE FROM spid_replay WHERE expires_us < $1`, now); err != nil {
			return fmt.Errorf("sqlstore: purge spid replay cache: %w", err)
		}
	}
	res, err := s.db.write.ExecContext(ctx, `INSERT INTO spid_replay (id, expires_us) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET expires_us = excluded.expires_us WHERE spid_replay.expires_us < $3`,
		id, micros(expires), now)
	if err != nil {
		return fmt.Errorf("sqlstore: use spid message id: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: use spid message id: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("sqlstore: use spid message id: %w", spid.ErrReplay)
	}
	return nil
}
