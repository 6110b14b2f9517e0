package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// ProtocolRegister is a durable [instance.Protocol]: the SQL form of
// [instance.ProtocolRegister]. Numbers are progressive per administration,
// AOO and register, and restart at 1 each calendar year in Europe/Rome
// (DPR 445/2000 art. 57). Each registration advances the year's counter
// row and writes its entry, with the document's impronta, in one
// transaction: concurrent registrations on any replica wait on the
// counter's row lock (the write lock on SQLite), so numbers never repeat,
// and a registration that fails leaves no gap. Entries are never edited or
// removed, only cancelled with a reason (art. 54).
type ProtocolRegister struct {
	db  *DB
	cfg instance.RegisterConfig
}

var _ instance.Protocol = (*ProtocolRegister)(nil)

// Protocol returns the database's protocol register for cfg's
// administration, AOO and register (default "REG_PROT"); cfg.Now defaults
// to the database's clock. Several registers (AOOs, Comuni) share the
// tables, each with its own numbering.
func (db *DB) Protocol(cfg instance.RegisterConfig) (*ProtocolRegister, error) {
	cfg, err := cfg.Check()
	if err != nil {
		return nil, fmt.Errorf("sqlstore: %w", err)
	}
	if cfg.Now == nil {
		cfg.Now = db.now
	}
	return &ProtocolRegister{db: db, cfg: cfg}, nil
}

// Register implements [instance.Protocol]: it assigns the next number of
// the current year in Europe/Rome.
func (p *ProtocolRegister) Register(ctx context.Context, req instance.ProtocolRequest) (instance.Registration, error) {
	if err := ctx.Err(); err != nil {
		return instance.Registration{}, fmt.Errorf("sqlstore: protocol: %w", err)
	}
	if err := req.Validate(); err != nil {
		return instance.Registration{}, fmt.Errorf("sqlstore: %w", err)
	}
	var r instance.Registration
	err := p.db.inTx(ctx, func(tx *sql.Tx) error {
		now := p.cfg.Now()
		year := workday.DateOf(now).Year
		var number int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO instance_protocol_counters (administration, aoo, register, year, last)
			VALUES ($1, $2, $3, $4, 1)
			ON CONFLICT (administration, aoo, register, year) DO UPDATE SET last = instance_protocol_counters.last + 1
			RETURNING last`, p.cfg.Administration, p.cfg.AOO, p.cfg.Register, year).Scan(&number); err != nil {
			return fmt.Errorf("sqlstore: protocol: counter %d: %w", year, err)
		}
		r = p.cfg.NewRegistration(req, number, now)
		doc, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("sqlstore: protocol: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO instance_protocol_entries (administration, aoo, register, year, number,
			registered_us, sha256, application_id, cancelled_us, cancel_reason, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, '', $9)`,
			p.cfg.Administration, p.cfg.AOO, p.cfg.Register, r.Year, r.Number,
			micros(r.Date), r.SHA256, req.ApplicationID, string(doc)); err != nil {
			return fmt.Errorf("sqlstore: protocol %s: %w", r, err)
		}
		return nil
	})
	if err != nil {
		return instance.Registration{}, err
	}
	return r, nil
}

// Cancel implements [instance.Protocol]: it marks the registration of
// this register with reg's year and number cancelled, with a reason.
func (p *ProtocolRegister) Cancel(ctx context.Context, reg instance.Registration, reason string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: protocol cancel: %w", err)
	}
	if strings.TrimSpace(reason) == "" {
		return fmt.Errorf("sqlstore: protocol cancel: reason required: %w", instance.ErrRequirement)
	}
	return p.db.inTx(ctx, func(tx *sql.Tx) error {
		var cancelled int64
		err := tx.QueryRowContext(ctx, `SELECT cancelled_us FROM instance_protocol_entries
			WHERE administration = $1 AND aoo = $2 AND register = $3 AND year = $4 AND number = $5`+p.db.forUpdate(),
			p.cfg.Administration, p.cfg.AOO, p.cfg.Register, reg.Year, reg.Number).Scan(&cancelled)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlstore: protocol cancel %s: %w", reg, instance.ErrNotFound)
		case err != nil:
			return fmt.Errorf("sqlstore: protocol cancel %s: %w", reg, err)
		case cancelled != 0:
			return fmt.Errorf("sqlstore: protocol cancel %s: already cancelled: %w", reg, instance.ErrConflict)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE instance_protocol_entries SET cancelled_us = $6, cancel_reason = $7
			WHERE administration = $1 AND aoo = $2 AND register = $3 AND year = $4 AND number = $5`,
			p.cfg.Administration, p.cfg.AOO, p.cfg.Register, reg.Year, reg.Number,
			micros(p.cfg.Now()), reason); err != nil {
			return fmt.Errorf("sqlstore: protocol cancel %s: %w", reg, err)
		}
		return nil
	})
}

// Entries returns the register's lines of a year in number order (the
// daily register's source), cancelled ones with their reason.
func (p *ProtocolRegister) Entries(ctx context.Context, year int) ([]instance.Entry, error) {
	rows, err := p.db.read.QueryContext(ctx, `SELECT cancelled_us, cancel_reason, doc FROM instance_protocol_entries
		WHERE administration = $1 AND aoo = $2 AND register = $3 AND year = $4 ORDER BY number`,
		p.cfg.Administration, p.cfg.AOO, p.cfg.Register, year)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: protocol entries %d: %w", year, err)
	}
	defer rows.Close()
	var out []instance.Entry
	for rows.Next() {
		var (
			e         instance.Entry
			cancelled int64
			doc       []byte
		)
		if err := rows.Scan(&cancelled, &e.CancelReason, &doc); err != nil {
			return nil, fmt.Errorf("sqlstore: protocol entries %d: %w", year, err)
		}
		if err := json.Unmarshal(doc, &e.Registration); err != nil {
			return nil, fmt.Errorf("sqlstore: protocol entries %d: decode: %w", year, err)
		}
		if cancelled != 0 {
			e.Cancelled = time.UnixMicro(cancelled).UTC()
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: protocol entries %d: %w", year, err)
	}
	return out, nil
}
