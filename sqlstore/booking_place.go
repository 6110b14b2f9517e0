package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/siopi/siopi/booking"
)

// occupying is the condition, on booking_bookings, of a booking that takes
// a place at the instant in parameter $n ([booking.Booking.Occupies]).
func occupying(n int) string {
	return `(status IN ('pending', 'confirmed', 'attended', 'no_show') OR (status = 'held' AND hold_until_us > $` + strconv.Itoa(n) + `))`
}

// citizenLockClass is the first key of the PostgreSQL advisory locks that
// serialise the writers of one citizen's bookings ("bkng"); the second is
// hashtext(citizen). Two-key advisory locks never collide with the one-key
// lock of the migrations.
const citizenLockClass = 0x626b6e67

// lockSlot takes the write lock of a slot: it creates the slot's lock row
// if needed and, on PostgreSQL, locks it until the transaction ends. On
// SQLite BEGIN IMMEDIATE already holds the database's write lock.
func (s *BookingStore) lockSlot(ctx context.Context, tx *sql.Tx, resourceID string, start time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO booking_slot_locks (resource_id, start_us) VALUES ($1, $2)
		ON CONFLICT (resource_id, start_us) DO NOTHING`, resourceID, micros(start)); err != nil {
		return fmt.Errorf("lock slot: %w", err)
	}
	if s.db.dialect != postgres {
		return nil
	}
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM booking_slot_locks WHERE resource_id = $1 AND start_us = $2 FOR UPDATE`,
		resourceID, micros(start)).Scan(&one); err != nil {
		return fmt.Errorf("lock slot: %w", err)
	}
	return nil
}

// lockCitizens takes, on PostgreSQL, the advisory lock of every citizen the
// limits count, in order, until the transaction ends. Taking a lock the
// transaction already holds is harmless.
func (s *BookingStore) lockCitizens(ctx context.Context, tx *sql.Tx, limits []booking.Limit) error {
	if s.db.dialect != postgres || len(limits) == 0 {
		return nil
	}
	citizens := make([]string, 0, len(limits))
	for _, l := range limits {
		citizens = append(citizens, l.Citizen)
	}
	slices.Sort(citizens)
	for _, c := range slices.Compact(citizens) {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+strconv.Itoa(citizenLockClass)+`, hashtext($1))`, c); err != nil {
			return fmt.Errorf("lock citizen: %w", err)
		}
	}
	return nil
}

// place checks, under the slot's lock, that b can take a place in its slot
// at now and returns its seat; b itself, if stored, is not counted. It
// follows [booking.MemoryStore]: a full slot, or one citizens wait for
// (unless fromWaitlist), is [booking.ErrSlotFull]; a limit exceeded is
// [booking.ErrLimit]; then the seat asked for if free, else (for an update
// or a waitlist offer) the first free seat.
func (s *BookingStore) place(ctx context.Context, tx *sql.Tx, b *booking.Booking, capacity int, seats []string,
	limits []booking.Limit, now time.Time, fromWaitlist bool) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seat FROM booking_bookings
		WHERE resource_id = $1 AND start_us = $2 AND id <> $3 AND `+occupying(4),
		b.ResourceID, micros(b.Start), b.ID, micros(now))
	if err != nil {
		return "", err
	}
	taken, used := 0, map[string]bool{}
	for rows.Next() {
		var seat string
		if err := rows.Scan(&seat); err != nil {
			rows.Close()
			return "", err
		}
		taken++
		used[seat] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if taken >= capacity {
		return "", booking.ErrSlotFull
	}
	if !fromWaitlist {
		var waiting bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM booking_waitlist
			WHERE resource_id = $1 AND start_us = $2 AND state = 'waiting')`, b.ResourceID, micros(b.Start)).Scan(&waiting); err != nil {
			return "", err
		}
		if waiting {
			return "", booking.ErrSlotFull
		}
	}
	if err := s.checkLimits(ctx, tx, b, limits, now); err != nil {
		return "", err
	}
	if len(seats) == 0 {
		return "", nil
	}
	if b.Seat != "" && slices.Contains(seats, b.Seat) && !used[b.Seat] {
		return b.Seat, nil
	}
	if b.Seat != "" && slices.Contains(seats, b.Seat) && b.Version == 0 && !fromWaitlist {
		return "", booking.ErrSlotFull // the seat asked for is taken
	}
	for _, seat := range seats {
		if !used[seat] {
			return seat, nil
		}
	}
	return "", booking.ErrSlotFull
}

// checkLimits locks the limits' citizens and checks that adding b keeps
// each limit: see [booking.Limit].
func (s *BookingStore) checkLimits(ctx context.Context, tx *sql.Tx, b *booking.Booking, limits []booking.Limit, now time.Time) error {
	if err := s.lockCitizens(ctx, tx, limits); err != nil {
		return err
	}
	for _, l := range limits {
		q := `SELECT count(*), CAST(COALESCE(SUM((end_us - start_us) / 60000000), 0) AS BIGINT) FROM booking_bookings
			WHERE citizen = $1 AND id <> $2 AND ` + occupying(3)
		args := []any{l.Citizen, b.ID, micros(now)}
		add := func(cond string, v any) {
			args = append(args, v)
			q += ` AND ` + cond + ` $` + strconv.Itoa(len(args))
		}
		if l.ServiceID != "" {
			add(`service_id =`, l.ServiceID)
		}
		if l.ResourceID != "" {
			add(`resource_id =`, l.ResourceID)
		}
		if !l.From.IsZero() {
			add(`start_us >=`, micros(l.From))
		}
		if !l.To.IsZero() {
			add(`start_us <`, micros(l.To))
		}
		if l.OpenOnly {
			q += ` AND status IN ('held', 'pending', 'confirmed') AND end_us > $3`
		}
		var count, minutes int64
		if err := tx.QueryRowContext(ctx, q, args...).Scan(&count, &minutes); err != nil {
			return err
		}
		count++
		minutes += int64(b.End.Sub(b.Start) / time.Minute)
		if (l.MaxCount > 0 && count > int64(l.MaxCount)) || (l.MaxMinutes > 0 && minutes > int64(l.MaxMinutes)) {
			return booking.ErrLimit
		}
	}
	return nil
}

// emit appends events to the outbox. The Seqs come from the outbox counter,
// advanced under its row lock, which the transaction holds until it
// commits: outbox writers commit in Seq order, so a reader never sees a Seq
// below one it has already read.
func emit(ctx context.Context, tx *sql.Tx, events []booking.Event) error {
	if len(events) == 0 {
		return nil
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `UPDATE booking_counters SET value = value + $1 WHERE name = 'outbox' RETURNING value`,
		len(events)).Scan(&last); err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	seq := last - int64(len(events))
	for _, e := range events {
		seq++
		e.Seq = seq
		e.At, e.Start, e.Until = e.At.UTC(), e.Start.UTC(), e.Until.UTC()
		doc, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO booking_outbox (seq, type, created_us, doc) VALUES ($1, $2, $3, $4)`,
			e.Seq, string(e.Type), micros(e.At), string(doc)); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
	}
	return nil
}

// rowsAffected returns the rows an Exec changed, or its error.
func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
