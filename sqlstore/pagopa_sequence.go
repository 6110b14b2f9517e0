package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/siopi/siopi/pagopa"
)

// IUVSequence is the [pagopa.IUVSequence] of a [DB]: one row per (creditor
// body, segregation code) holding the next base, advanced by one atomic
// upsert … RETURNING in a transaction. On PostgreSQL the row lock makes
// concurrent callers on any replica wait for each other; on SQLite the
// write lock does. Values start at 1, never repeat, and a transaction that
// rolls back returns its value to no one (a gap, never a reuse).
type IUVSequence struct {
	db *DB
}

var _ pagopa.IUVSequence = (*IUVSequence)(nil)

// IUVSequence returns the database's [pagopa.IUVSequence].
func (db *DB) IUVSequence() *IUVSequence { return &IUVSequence{db: db} }

// Next implements [pagopa.IUVSequence].
func (q *IUVSequence) Next(ctx context.Context, org string, seg int) (int64, error) {
	if seg < 0 || seg > 99 {
		return 0, fmt.Errorf("sqlstore: iuv sequence: %d: %w", seg, pagopa.ErrSegregationCode)
	}
	var v int64
	err := q.db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO pagopa_iuv_sequences (org, segregation_code, next_base)
			VALUES ($1, $2, 2)
			ON CONFLICT (org, segregation_code) DO UPDATE SET next_base = pagopa_iuv_sequences.next_base + 1
			RETURNING next_base - 1`, org, seg).Scan(&v); err != nil {
			return fmt.Errorf("sqlstore: iuv sequence %s/%02d: %w", org, seg, err)
		}
		if v > pagopa.MaxIUVBase {
			return fmt.Errorf("sqlstore: iuv sequence %s/%02d: %w", org, seg, pagopa.ErrSequenceExhausted)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return v, nil
}
