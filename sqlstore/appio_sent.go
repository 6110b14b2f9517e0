package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/appio"
)

// AppIOSentStore is the [appio.SentStore] of one municipality in a [DB]:
// one row per idempotency key, so that a message is submitted to App IO at most once
// per key whichever replica or run sends it. Each step is one statement:
// Reserve inserts the key as pending unless present (ON CONFLICT DO
// NOTHING), Complete and Release change or delete only a pending row.
// Error messages never include the key, which may derive from a fiscal
// code.
type AppIOSentStore struct {
	db  *DB
	org string
}

var _ appio.SentStore = (*AppIOSentStore)(nil)

// AppIOSent returns the [appio.SentStore] of the municipality whose fiscal
// code is org (the one whose App IO services the client sends from). Keys
// of different municipalities never collide.
func (db *DB) AppIOSent(org string) *AppIOSentStore { return &AppIOSentStore{db: db, org: org} }

// Key states in appio_sent.state.
const (
	sentPending = 1
	sentDone    = 2
)

// Reserve implements [appio.SentStore].
func (s *AppIOSentStore) Reserve(ctx context.Context, key string) (appio.SentRecord, error) {
	if key == "" {
		return appio.SentRecord{}, fmt.Errorf("sqlstore: reserve app io key: %w",
			&appio.FieldError{Field: "idempotency key", Reason: "empty"})
	}
	for attempt := 0; ; attempt++ {
		now := s.db.now().UTC()
		res, err := s.db.write.ExecContext(ctx, `INSERT INTO appio_sent (org, idem_key, state, message_id, reserved_us)
			VALUES ($1, $2, $3, '', $4) ON CONFLICT (org, idem_key) DO NOTHING`, s.org, key, sentPending, micros(now))
		if err != nil {
			return appio.SentRecord{}, fmt.Errorf("sqlstore: reserve app io key: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return appio.SentRecord{}, fmt.Errorf("sqlstore: reserve app io key: %w", err)
		}
		if n == 1 {
			return appio.SentRecord{Key: key, State: appio.SentPending, ReservedAt: now.Truncate(time.Microsecond)}, nil
		}
		rec, err := s.get(ctx, s.db.write, key)
		if errors.Is(err, appio.ErrNotFound) && attempt < 10 {
			continue // released between the INSERT and the SELECT: try again
		}
		if err != nil {
			return appio.SentRecord{}, fmt.Errorf("sqlstore: reserve app io key: %w", err)
		}
		if rec.State == appio.SentDone {
			return rec, appio.ErrAlreadySent
		}
		return rec, appio.ErrPending
	}
}

// Complete implements [appio.SentStore].
func (s *AppIOSentStore) Complete(ctx context.Context, key, messageID string) error {
	res, err := s.db.write.ExecContext(ctx, `UPDATE appio_sent SET state = $1, message_id = $2, sent_us = $3
		WHERE org = $4 AND idem_key = $5 AND state = $6`, sentDone, messageID, micros(s.db.now()), s.org, key, sentPending)
	if err != nil {
		return fmt.Errorf("sqlstore: complete app io key: %w", err)
	}
	return pendingChanged("complete", res)
}

// Release implements [appio.SentStore].
func (s *AppIOSentStore) Release(ctx context.Context, key string) error {
	res, err := s.db.write.ExecContext(ctx, `DELETE FROM appio_sent WHERE org = $1 AND idem_key = $2 AND state = $3`,
		s.org, key, sentPending)
	if err != nil {
		return fmt.Errorf("sqlstore: release app io key: %w", err)
	}
	return pendingChanged("release", res)
}

// Get implements [appio.SentStore].
func (s *AppIOSentStore) Get(ctx context.Context, key string) (appio.SentRecord, error) {
	rec, err := s.get(ctx, s.db.read, key)
	if err != nil && !errors.Is(err, appio.ErrNotFound) {
		return appio.SentRecord{}, fmt.Errorf("sqlstore: get app io key: %w", err)
	}
	return rec, err
}

func (s *AppIOSentStore) get(ctx context.Context, q *sql.DB, key string) (appio.SentRecord, error) {
	var (
		rec      = appio.SentRecord{Key: key}
		state    int
		reserved int64
		sent     sql.NullInt64
	)
	err := q.QueryRowContext(ctx, `SELECT state, message_id, reserved_us, sent_us FROM appio_sent WHERE org = $1 AND idem_key = $2`, s.org, key).
		Scan(&state, &rec.MessageID, &reserved, &sent)
	if errors.Is(err, sql.ErrNoRows) {
		return appio.SentRecord{}, appio.ErrNotFound
	}
	if err != nil {
		return appio.SentRecord{}, err
	}
	rec.State = appio.SentPending
	if state == sentDone {
		rec.State = appio.SentDone
	}
	rec.ReservedAt, rec.SentAt = time.UnixMicro(reserved).UTC(), fromNullMicros(sent)
	return rec, nil
}

// pendingChanged turns the result of op's statement on a pending key into
// appio.ErrNotReserved when it changed no row.
func pendingChanged(op string, res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("sqlstore: %s app io key: %w", op, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlstore: %s app io key: %w", op, appio.ErrNotReserved)
	}
	return nil
}
