package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/siopi/siopi/booking"
)

// BookingStore is the [booking.Store] of a [DB]. Resources, bookings,
// waitlist entries and outbox events are rows holding the value as a JSON
// document plus the columns queries select on. Every mutating method runs in
// one transaction that locks the slot it fills (a booking_slot_locks row,
// FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE on SQLite) and, on PostgreSQL,
// takes a transaction-scoped advisory lock per citizen whose limits it
// counts, before counting and writing: no interleaving of requests, from
// goroutines or from replicas, overfills a slot or a citizen's limit.
//
// Instants are stored in UTC; the documents keep them exactly, while the
// columns that capacity, limits and filters compare hold microseconds, so
// those comparisons have microsecond precision. Outbox Seqs have no gaps.
//
// Locks are taken in one order: the slot, then citizens, then the booking
// row, then the outbox counter. Deadlocks that remain possible (two offers
// meeting the same two citizens in opposite order) rerun the transaction.
type BookingStore struct {
	db *DB
}

var _ booking.Store = (*BookingStore)(nil)

// Booking returns the database's [booking.Store].
func (db *DB) Booking() *BookingStore { return &BookingStore{db: db} }

// PutResource implements [booking.Store].
func (s *BookingStore) PutResource(ctx context.Context, r booking.Resource) error {
	doc, err := marshalResource(&r)
	if err != nil {
		return fmt.Errorf("sqlstore: put resource %s: %w", r.ID, err)
	}
	if _, err := s.db.write.ExecContext(ctx, `INSERT INTO booking_resources (id, municipality, doc) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET municipality = excluded.municipality, doc = excluded.doc`,
		r.ID, r.Municipality, string(doc)); err != nil {
		return fmt.Errorf("sqlstore: put resource %s: %w", r.ID, err)
	}
	return nil
}

// GetResource implements [booking.Store].
func (s *BookingStore) GetResource(ctx context.Context, id string) (booking.Resource, error) {
	var doc []byte
	err := s.db.read.QueryRowContext(ctx, `SELECT doc FROM booking_resources WHERE id = $1`, id).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return booking.Resource{}, fmt.Errorf("sqlstore: resource %q: %w", id, booking.ErrNotFound)
	}
	var r booking.Resource
	if err == nil {
		r, err = unmarshalResource(doc)
	}
	if err != nil {
		return booking.Resource{}, fmt.Errorf("sqlstore: resource %q: %w", id, err)
	}
	return r, nil
}

// ListResources implements [booking.Store]. IDs are ordered byte by byte.
func (s *BookingStore) ListResources(ctx context.Context, municipality string) ([]booking.Resource, error) {
	q, args := `SELECT doc FROM booking_resources`, []any{}
	if municipality != "" {
		q, args = q+` WHERE municipality = $1`, append(args, municipality)
	}
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list resources: %w", err)
	}
	defer rows.Close()
	out := []booking.Resource{}
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("sqlstore: list resources: %w", err)
		}
		r, err := unmarshalResource(doc)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: list resources: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list resources: %w", err)
	}
	slices.SortFunc(out, func(a, b booking.Resource) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// queryDocs runs q, whose rows have one column (a JSON document of T), and
// decodes them.
func queryDocs[T any](ctx context.Context, db querier, q string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal(doc, &v); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Insert implements [booking.Store].
func (s *BookingStore) Insert(ctx context.Context, in booking.Insert) (booking.Booking, error) {
	b := utcBooking(in.Booking)
	if b.ID == "" {
		return booking.Booking{}, fmt.Errorf("sqlstore: insert booking: empty id: %w", booking.ErrConflict)
	}
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		b = utcBooking(in.Booking) // a rerun starts afresh
		var one int
		switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM booking_bookings WHERE id = $1`, b.ID).Scan(&one); {
		case err == nil:
			return fmt.Errorf("sqlstore: insert booking %q: exists: %w", b.ID, booking.ErrConflict)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlstore: insert booking %q: %w", b.ID, err)
		}
		if err := s.lockSlot(ctx, tx, b.ResourceID, b.Start); err != nil {
			return fmt.Errorf("sqlstore: insert booking %q: %w", b.ID, err)
		}
		seat, err := s.place(ctx, tx, &b, in.Capacity, in.Seats, in.Limits, in.Now, in.FromWaitlist)
		if err != nil {
			return fmt.Errorf("sqlstore: insert booking %q: %w", b.ID, err)
		}
		b.Seat, b.Version = seat, 1
		if err := insertBooking(ctx, tx, &b); err != nil {
			return fmt.Errorf("sqlstore: insert booking %q: %w", b.ID, err)
		}
		if err := emit(ctx, tx, in.Events); err != nil {
			return fmt.Errorf("sqlstore: insert booking %q: %w", b.ID, err)
		}
		return nil
	})
	if err != nil {
		return booking.Booking{}, err
	}
	return b, nil
}

// Update implements [booking.Store].
func (s *BookingStore) Update(ctx context.Context, up booking.Update) (booking.Booking, error) {
	var b booking.Booking
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		b = utcBooking(up.Booking)
		if up.Reserve != nil {
			if err := s.lockSlot(ctx, tx, b.ResourceID, b.Start); err != nil {
				return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, err)
			}
		}
		var version int
		err := tx.QueryRowContext(ctx, `SELECT version FROM booking_bookings WHERE id = $1`+s.db.forUpdate(), b.ID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, booking.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, err)
		}
		if version != b.Version {
			return fmt.Errorf("sqlstore: update booking %q: version %d, stored %d: %w", b.ID, b.Version, version, booking.ErrConflict)
		}
		if rs := up.Reserve; rs != nil {
			seat, err := s.place(ctx, tx, &b, rs.Capacity, rs.Seats, rs.Limits, up.Now, rs.FromWaitlist)
			if err != nil {
				return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, err)
			}
			b.Seat = seat
		}
		b.Version = version + 1
		doc, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE booking_bookings SET municipality = $2, resource_id = $3, service_id = $4,
			citizen = $5, start_us = $6, end_us = $7, seat = $8, status = $9, hold_until_us = $10, version = $11, doc = $12
			WHERE id = $1 AND version = $13`,
			b.ID, b.Municipality, b.ResourceID, b.ServiceID, b.Citizen, micros(b.Start), micros(b.End), b.Seat,
			string(b.Status), micros(b.HoldUntil), b.Version, string(doc), version)
		if n, err := rowsAffected(res, err); err != nil || n == 0 {
			return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, cmp.Or(err, booking.ErrConflict))
		}
		if err := emit(ctx, tx, up.Events); err != nil {
			return fmt.Errorf("sqlstore: update booking %q: %w", b.ID, err)
		}
		return nil
	})
	if err != nil {
		return booking.Booking{}, err
	}
	return b, nil
}

// insertBooking writes a new booking row.
func insertBooking(ctx context.Context, tx *sql.Tx, b *booking.Booking) error {
	doc, err := json.Marshal(b)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO booking_bookings (id, municipality, resource_id, service_id, citizen,
		start_us, end_us, seat, status, hold_until_us, version, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
		b.ID, b.Municipality, b.ResourceID, b.ServiceID, b.Citizen, micros(b.Start), micros(b.End), b.Seat,
		string(b.Status), micros(b.HoldUntil), b.Version, string(doc))
	n, err := rowsAffected(res, err)
	if err == nil && n == 0 {
		err = fmt.Errorf("exists: %w", booking.ErrConflict)
	}
	return err
}

// utcBooking returns a deep copy of b with its instants in UTC.
func utcBooking(b booking.Booking) booking.Booking {
	b = b.Clone()
	b.Start, b.End, b.HoldUntil = b.Start.UTC(), b.End.UTC(), b.HoldUntil.UTC()
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	for i := range b.History {
		h := &b.History[i]
		h.At, h.PrevStart, h.PrevEnd = h.At.UTC(), h.PrevStart.UTC(), h.PrevEnd.UTC()
	}
	return b
}
