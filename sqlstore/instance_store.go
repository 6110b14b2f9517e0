package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

// InstanceStore is the [instance.Store] of a [DB]. An application is one
// row holding it as a JSON document, its list [instance.Row] as a second
// document, and the columns the lists select and sort on. Create and Update
// write the application, its event and the event's outbox row in one
// transaction; events take their Seq from a counter row advanced in that
// transaction, so Seq increases in commit order on both databases.
type InstanceStore struct {
	db *DB
}

var _ instance.Store = (*InstanceStore)(nil)

// Instance returns the database's [instance.Store].
func (db *DB) Instance() *InstanceStore { return &InstanceStore{db: db} }

// Create implements [instance.Applications].
func (s *InstanceStore) Create(ctx context.Context, app *instance.Application, ev instance.Event) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: create application: %w", err)
	}
	if app.ID == "" {
		return fmt.Errorf("sqlstore: create application: empty ID: %w", instance.ErrInvalid)
	}
	c := app.Clone()
	c.Version = 1
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.db.now().UTC()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		cols, err := appColumns(c)
		if err != nil {
			return fmt.Errorf("sqlstore: create application %s: %w", c.ID, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO instance_applications (`+appColumnNames+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
			ON CONFLICT (id) DO NOTHING`, cols...)
		if err != nil {
			return fmt.Errorf("sqlstore: create application %s: %w", c.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: create application %s: %w", c.ID, err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: create application %s: %w", c.ID, instance.ErrExists)
		}
		return s.appendEvent(ctx, tx, c, ev)
	})
	if err != nil {
		return err
	}
	app.Version, app.CreatedAt, app.UpdatedAt = c.Version, c.CreatedAt, c.UpdatedAt
	return nil
}

// appColumnNames lists the columns [appColumns] returns, in order.
const appColumnNames = `id, municipality, service_id, office, protocol_required, state, status,
	applicant_code, beneficiary_code, assignee, created_us, submitted_us, updated_us,
	deadline, waiting_until, near_notified, version, row_doc, doc`

// appColumns returns the column values of an application's row.
func appColumns(a *instance.Application) ([]any, error) {
	doc, err := marshalDoc(a)
	if err != nil {
		return nil, err
	}
	r := a.Row()
	rowDoc, err := marshalDoc(r)
	if err != nil {
		return nil, err
	}
	var beneficiary string
	if r.Beneficiary != "" {
		beneficiary = fiscalcode.Normalize(r.Beneficiary)
	}
	return []any{
		a.ID, a.Municipality, a.ServiceID, a.Office, boolInt(a.ProtocolRequired), string(a.State), string(r.Status),
		fiscalcode.Normalize(a.Applicant.FiscalCode), beneficiary, a.Assignee,
		micros(a.CreatedAt), micros(a.SubmittedAt), micros(a.UpdatedAt),
		dateInt(a.Deadline), dateInt(r.WaitingUntil), dateInt(a.NearNotified), a.Version,
		string(rowDoc), string(doc),
	}, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dateInt is the column value of a civil date: yyyymmdd, 0 for the zero
// date. It orders as the dates do.
func dateInt(d workday.Date) int {
	if d.IsZero() {
		return 0
	}
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

// Get implements [instance.Applications].
func (s *InstanceStore) Get(ctx context.Context, id string) (*instance.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: get application: %w", err)
	}
	a, _, err := scanApplication(s.db.read.QueryRowContext(ctx,
		`SELECT version, doc FROM instance_applications WHERE id = $1`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get application %s: %w", id, err)
	}
	return a, nil
}

// scanApplication decodes an application's version and document; no row is
// [instance.ErrNotFound].
func scanApplication(row interface{ Scan(...any) error }) (*instance.Application, int64, error) {
	var (
		version int64
		doc     []byte
	)
	if err := row.Scan(&version, &doc); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, 0, instance.ErrNotFound
		}
		return nil, 0, err
	}
	a := new(instance.Application)
	if err := json.Unmarshal(doc, a); err != nil {
		return nil, 0, fmt.Errorf("decode application: %w", err)
	}
	return a, version, nil
}

// Update implements [instance.Applications]. The application's row is
// locked (FOR UPDATE on PostgreSQL, the write lock on SQLite) from the
// version check to the save, so of concurrent updates from one version one
// wins and the others get [instance.ErrConflict].
func (s *InstanceStore) Update(ctx context.Context, id string, version int64, fn func(*instance.Application) (instance.Event, error)) (*instance.Application, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: update application: %w", err)
	}
	var out *instance.Application
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		next, have, err := scanApplication(tx.QueryRowContext(ctx,
			`SELECT version, doc FROM instance_applications WHERE id = $1`+s.db.forUpdate(), id))
		if err != nil {
			return fmt.Errorf("sqlstore: update application %s: %w", id, err)
		}
		if have != version {
			return fmt.Errorf("sqlstore: update application %s: have version %d, caller read %d: %w", id, have, version, instance.ErrConflict)
		}
		ev, err := fn(next)
		if err != nil {
			return err
		}
		if next.ID != id {
			return fmt.Errorf("sqlstore: update application %s: the ID cannot change: %w", id, instance.ErrInvalid)
		}
		next.Version = version + 1
		if ev.At.IsZero() {
			ev.At = s.db.now().UTC()
		}
		if next.UpdatedAt.Before(ev.At) {
			next.UpdatedAt = ev.At
		}
		cols, err := appColumns(next)
		if err != nil {
			return fmt.Errorf("sqlstore: update application %s: %w", id, err)
		}
		names := strings.Split(appColumnNames, ",")
		sets := make([]string, 0, len(names)-1)
		for i, n := range names[1:] {
			sets = append(sets, fmt.Sprintf("%s = $%d", strings.TrimSpace(n), i+2))
		}
		res, err := tx.ExecContext(ctx, `UPDATE instance_applications SET `+strings.Join(sets, ", ")+
			fmt.Sprintf(` WHERE id = $1 AND version = $%d`, len(names)+1), append(cols, version)...)
		if err != nil {
			return fmt.Errorf("sqlstore: update application %s: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("sqlstore: update application %s: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: update application %s: %w", id, instance.ErrConflict)
		}
		if err := s.appendEvent(ctx, tx, next, ev); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out.Clone(), nil
}

// appendEvent stamps ev with the next Seq, a's ID and version, and writes
// it to the log and the outbox in tx.
func (s *InstanceStore) appendEvent(ctx context.Context, tx *sql.Tx, a *instance.Application, ev instance.Event) error {
	ev = ev.Clone()
	if err := tx.QueryRowContext(ctx, `UPDATE instance_sequences SET value = value + 1
		WHERE name = 'events' RETURNING value`).Scan(&ev.Seq); err != nil {
		return fmt.Errorf("sqlstore: application %s: event sequence: %w", a.ID, err)
	}
	ev.ApplicationID, ev.Version = a.ID, a.Version
	if ev.At.IsZero() {
		ev.At = a.UpdatedAt
	}
	doc, err := marshalDoc(ev)
	if err != nil {
		return fmt.Errorf("sqlstore: application %s: event: %w", a.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO instance_events (seq, application_id, version, doc)
		VALUES ($1, $2, $3, $4)`, ev.Seq, a.ID, a.Version, string(doc)); err != nil {
		return fmt.Errorf("sqlstore: application %s: event: %w", a.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO instance_outbox (seq) VALUES ($1)`, ev.Seq); err != nil {
		return fmt.Errorf("sqlstore: application %s: outbox: %w", a.ID, err)
	}
	return nil
}

// Events implements [instance.History].
func (s *InstanceStore) Events(ctx context.Context, id string) ([]instance.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: events: %w", err)
	}
	evs, err := scanEvents(s.db.read.QueryContext(ctx,
		`SELECT doc FROM instance_events WHERE application_id = $1 ORDER BY seq`, id))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: events %s: %w", id, err)
	}
	if len(evs) == 0 {
		// Create writes the first event with the application: no event,
		// no application.
		return nil, fmt.Errorf("sqlstore: events %s: %w", id, instance.ErrNotFound)
	}
	return evs, nil
}

// scanEvents decodes the event documents of rows.
func scanEvents(rows *sql.Rows, err error) ([]instance.Event, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []instance.Event
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var ev instance.Event
		if err := json.Unmarshal(doc, &ev); err != nil {
			return nil, fmt.Errorf("decode event: %w", err)
		}
		out = append(out, ev)
	}
	return out, rows.Err()
}

// Pending implements [instance.Outbox].
func (s *InstanceStore) Pending(ctx context.Context, limit int) ([]instance.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: outbox: %w", err)
	}
	evs, err := scanEvents(s.db.read.QueryContext(ctx, `SELECT e.doc FROM instance_outbox o
		JOIN instance_events e ON e.seq = o.seq ORDER BY o.seq LIMIT $1`, pageLimit(limit)))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: outbox: %w", err)
	}
	return evs, nil
}

// ackBatch bounds the sequence numbers of one DELETE.
const ackBatch = 500

// Ack implements [instance.Outbox]. Unknown sequence numbers are ignored.
func (s *InstanceStore) Ack(ctx context.Context, seqs ...int64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sqlstore: ack: %w", err)
	}
	if len(seqs) == 0 {
		return nil
	}
	return s.db.inTx(ctx, func(tx *sql.Tx) error {
		for len(seqs) > 0 {
			batch := seqs[:min(len(seqs), ackBatch)]
			seqs = seqs[len(batch):]
			var q query
			if _, err := tx.ExecContext(ctx, `DELETE FROM instance_outbox WHERE `+in(&q, "seq", batch), q.args...); err != nil {
				return fmt.Errorf("sqlstore: ack: %w", err)
			}
		}
		return nil
	})
}

// pageLimit is [instance.CitizenQuery.Limit]'s rule: zero means 50, at
// most [instance.MaxLimit].
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > instance.MaxLimit:
		return instance.MaxLimit
	}
	return n
}
