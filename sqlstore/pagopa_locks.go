package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// LockOption implements [pagopa.Store] with one upsert: it inserts the
// lock, or takes over one that expired at or before now.
func (s *PagopaStore) LockOption(ctx context.Context, org string, iuv pagopa.IUV, now, until time.Time) error {
	res, err := s.db.write.ExecContext(ctx, `INSERT INTO pagopa_locks (org, iuv, until_us) VALUES ($1, $2, $3)
		ON CONFLICT (org, iuv) DO UPDATE SET until_us = excluded.until_us WHERE pagopa_locks.until_us <= $4`,
		org, string(iuv), micros(until), micros(now))
	if err != nil {
		return fmt.Errorf("sqlstore: lock iuv %s: %w", iuv, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: lock iuv %s: %w", iuv, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlstore: lock iuv %s: %w", iuv, pagopa.ErrInProgress)
	}
	return nil
}

// LockedUntil implements [pagopa.Store]. The instant has microsecond
// precision.
func (s *PagopaStore) LockedUntil(ctx context.Context, org string, iuv pagopa.IUV, now time.Time) (time.Time, error) {
	var until int64
	err := s.db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(until_us), 0) FROM pagopa_locks
		WHERE org = $1 AND iuv = $2 AND until_us > $3`, org, string(iuv), micros(now)).Scan(&until)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlstore: lock of iuv %s: %w", iuv, err)
	}
	if until == 0 {
		return time.Time{}, nil
	}
	return time.UnixMicro(until).UTC(), nil
}

// UnlockOption implements [pagopa.Store].
func (s *PagopaStore) UnlockOption(ctx context.Context, org string, iuv pagopa.IUV) error {
	if _, err := s.db.write.ExecContext(ctx, `DELETE FROM pagopa_locks WHERE org = $1 AND iuv = $2`, org, string(iuv)); err != nil {
		return fmt.Errorf("sqlstore: unlock iuv %s: %w", iuv, err)
	}
	return nil
}
