package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/siopi/siopi/pagopa"
)

// PagopaStore is the [pagopa.Store] of a [DB]. A position is one row with
// the position as a JSON document plus the columns queries select on, and
// one row per payment option (IUV, notice number, status, due date) that
// makes IUVs unique per creditor body and finds a position by IUV. Every
// method runs in one transaction.
type PagopaStore struct {
	db *DB
}

var _ pagopa.Store = (*PagopaStore)(nil)

// Pagopa returns the database's [pagopa.Store].
func (db *DB) Pagopa() *PagopaStore { return &PagopaStore{db: db} }

// CreatePosition implements [pagopa.Store].
func (s *PagopaStore) CreatePosition(ctx context.Context, p pagopa.Position) (pagopa.Position, error) {
	c := p.Clone()
	c.Version = 1
	now := s.db.now().UTC()
	c.CreatedAt, c.UpdatedAt = now, now
	doc, err := json.Marshal(c)
	if err != nil {
		return pagopa.Position{}, fmt.Errorf("sqlstore: create position %s: %w", p.IUPD, err)
	}
	err = s.db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO pagopa_positions (org, iupd, status, version, updated_us, doc)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, iupd) DO NOTHING`,
			c.OrganizationFiscalCode, c.IUPD, string(c.Status), c.Version, micros(c.UpdatedAt), string(doc))
		if err := inserted(res, err); err != nil {
			return fmt.Errorf("sqlstore: create position %s: iupd exists: %w", p.IUPD, err)
		}
		for _, o := range c.Options {
			res, err := tx.ExecContext(ctx, `INSERT INTO pagopa_options (org, iuv, iupd, nav, status, due_us)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org, iuv) DO NOTHING`,
				c.OrganizationFiscalCode, string(o.IUV), c.IUPD, string(o.NoticeNumber), string(o.Status), micros(o.DueDate))
			if err := inserted(res, err); err != nil {
				return fmt.Errorf("sqlstore: create position %s: iuv %s exists: %w", p.IUPD, o.IUV, err)
			}
		}
		return s.reindex(ctx, tx, nil, &c)
	})
	if err != nil {
		return pagopa.Position{}, err
	}
	return c, nil
}

// inserted turns the result of an INSERT … ON CONFLICT DO NOTHING into
// [pagopa.ErrConflict] when it inserted nothing.
func inserted(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return pagopa.ErrConflict
	}
	return nil
}

// Position implements [pagopa.Store].
func (s *PagopaStore) Position(ctx context.Context, org, iupd string) (pagopa.Position, error) {
	p, err := scanPosition(s.db.read.QueryRowContext(ctx,
		`SELECT doc FROM pagopa_positions WHERE org = $1 AND iupd = $2`, org, iupd))
	if err != nil {
		return pagopa.Position{}, fmt.Errorf("sqlstore: position %s: %w", iupd, err)
	}
	return p, nil
}

// PositionByIUV implements [pagopa.Store].
func (s *PagopaStore) PositionByIUV(ctx context.Context, org string, iuv pagopa.IUV) (pagopa.Position, error) {
	p, err := scanPosition(s.db.read.QueryRowContext(ctx, `SELECT p.doc FROM pagopa_options o
		JOIN pagopa_positions p ON p.org = o.org AND p.iupd = o.iupd
		WHERE o.org = $1 AND o.iuv = $2`, org, string(iuv)))
	if err != nil {
		return pagopa.Position{}, fmt.Errorf("sqlstore: position with iuv %s: %w", iuv, err)
	}
	return p, nil
}

// scanPosition decodes the document of a position row; no row is
// [pagopa.ErrNotFound].
func scanPosition(row interface{ Scan(...any) error }) (pagopa.Position, error) {
	var doc []byte
	if err := row.Scan(&doc); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return pagopa.Position{}, pagopa.ErrNotFound
		}
		return pagopa.Position{}, err
	}
	var p pagopa.Position
	if err := json.Unmarshal(doc, &p); err != nil {
		return pagopa.Position{}, fmt.Errorf("decode position: %w", err)
	}
	return p, nil
}

// UpdatePosition implements [pagopa.Store]. The position's row is locked
// (FOR UPDATE on PostgreSQL, the write lock on SQLite) from the read to the
// save.
func (s *PagopaStore) UpdatePosition(ctx context.Context, org, iupd string, fn func(*pagopa.Position) error) (pagopa.Position, error) {
	var out pagopa.Position
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := scanPosition(tx.QueryRowContext(ctx,
			`SELECT doc FROM pagopa_positions WHERE org = $1 AND iupd = $2`+s.db.forUpdate(), org, iupd))
		if err != nil {
			return fmt.Errorf("sqlstore: update position %s: %w", iupd, err)
		}
		out, err = s.save(ctx, tx, &p, fn)
		return err
	})
	if err != nil {
		return pagopa.Position{}, err
	}
	return out, nil
}

// save runs fn on a copy of old, read in tx, and saves the result with
// Version+1. fn's error is returned unchanged.
func (s *PagopaStore) save(ctx context.Context, tx *sql.Tx, old *pagopa.Position, fn func(*pagopa.Position) error) (pagopa.Position, error) {
	c := old.Clone()
	if err := fn(&c); err != nil {
		return pagopa.Position{}, err
	}
	c.OrganizationFiscalCode, c.IUPD = old.OrganizationFiscalCode, old.IUPD
	if len(c.Options) != len(old.Options) {
		return pagopa.Position{}, fmt.Errorf("sqlstore: update position %s: options changed: %w", old.IUPD, pagopa.ErrConflict)
	}
	for i := range c.Options {
		if c.Options[i].IUV != old.Options[i].IUV {
			return pagopa.Position{}, fmt.Errorf("sqlstore: update position %s: iuv changed: %w", old.IUPD, pagopa.ErrConflict)
		}
	}
	c.Version = old.Version + 1
	c.CreatedAt = old.CreatedAt
	c.UpdatedAt = s.db.now().UTC()
	doc, err := json.Marshal(c)
	if err != nil {
		return pagopa.Position{}, fmt.Errorf("sqlstore: update position %s: %w", old.IUPD, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pagopa_positions SET status = $3, version = $4, updated_us = $5, doc = $6
		WHERE org = $1 AND iupd = $2`,
		c.OrganizationFiscalCode, c.IUPD, string(c.Status), c.Version, micros(c.UpdatedAt), string(doc)); err != nil {
		return pagopa.Position{}, fmt.Errorf("sqlstore: update position %s: %w", old.IUPD, err)
	}
	for i, o := range c.Options {
		if was := old.Options[i]; was.Status == o.Status && was.DueDate.Equal(o.DueDate) && was.NoticeNumber == o.NoticeNumber {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE pagopa_options SET nav = $3, status = $4, due_us = $5
			WHERE org = $1 AND iuv = $2`,
			c.OrganizationFiscalCode, string(o.IUV), string(o.NoticeNumber), string(o.Status), micros(o.DueDate)); err != nil {
			return pagopa.Position{}, fmt.Errorf("sqlstore: update position %s: %w", old.IUPD, err)
		}
	}
	if err := s.reindex(ctx, tx, old, &c); err != nil {
		return pagopa.Position{}, err
	}
	return c, nil
}

// DeletePosition implements [pagopa.Store]. It removes the position, its
// options and their activation locks; receipts stay.
func (s *PagopaStore) DeletePosition(ctx context.Context, org, iupd string) error {
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		p, err := scanPosition(tx.QueryRowContext(ctx,
			`SELECT doc FROM pagopa_positions WHERE org = $1 AND iupd = $2`+s.db.forUpdate(), org, iupd))
		if err != nil {
			return fmt.Errorf("sqlstore: delete position %s: %w", iupd, err)
		}
		if err := s.reindex(ctx, tx, &p, nil); err != nil {
			return err
		}
		for _, o := range p.Options {
			if _, err := tx.ExecContext(ctx, `DELETE FROM pagopa_locks WHERE org = $1 AND iuv = $2`, org, string(o.IUV)); err != nil {
				return fmt.Errorf("sqlstore: delete position %s: %w", iupd, err)
			}
		}
		for _, q := range []string{
			`DELETE FROM pagopa_options WHERE org = $1 AND iupd = $2`,
			`DELETE FROM pagopa_positions WHERE org = $1 AND iupd = $2`,
		} {
			if _, err := tx.ExecContext(ctx, q, org, iupd); err != nil {
				return fmt.Errorf("sqlstore: delete position %s: %w", iupd, err)
			}
		}
		return nil
	})
}

// ListPositions implements [pagopa.Store]. IUPDs are ordered byte by byte
// (the "C" collation on PostgreSQL). A limit of zero or less lists all.
func (s *PagopaStore) ListPositions(ctx context.Context, org, after string, limit int) ([]pagopa.Position, error) {
	q := `SELECT doc FROM pagopa_positions WHERE org = $1 AND iupd > $2 ORDER BY iupd`
	args := []any{org, after}
	if limit > 0 {
		q += ` LIMIT $3`
		args = append(args, limit)
	}
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list positions: %w", err)
	}
	defer rows.Close()
	out := []pagopa.Position{}
	for rows.Next() {
		p, err := scanPosition(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list positions: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list positions: %w", err)
	}
	return out, nil
}
