package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/siopi/siopi/booking"
)

// Get implements [booking.Store].
func (s *BookingStore) Get(ctx context.Context, id string) (booking.Booking, error) {
	out, err := queryDocs[booking.Booking](ctx, s.db.read, `SELECT doc FROM booking_bookings WHERE id = $1`, id)
	if err != nil {
		return booking.Booking{}, fmt.Errorf("sqlstore: booking %q: %w", id, err)
	}
	if len(out) == 0 {
		return booking.Booking{}, fmt.Errorf("sqlstore: booking %q: %w", id, booking.ErrNotFound)
	}
	return out[0], nil
}

// List implements [booking.Store]. Bookings of one instant are ordered by
// ID byte by byte.
func (s *BookingStore) List(ctx context.Context, f booking.Filter) ([]booking.Booking, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, cond+` $`+strconv.Itoa(len(args)))
	}
	if f.Municipality != "" {
		add(`municipality =`, f.Municipality)
	}
	if f.ResourceID != "" {
		add(`resource_id =`, f.ResourceID)
	}
	if f.Citizen != "" {
		add(`citizen =`, f.Citizen)
	}
	if !f.From.IsZero() {
		add(`start_us >=`, micros(f.From))
	}
	if !f.To.IsZero() {
		add(`start_us <`, micros(f.To))
	}
	if len(f.Statuses) > 0 {
		marks := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			args = append(args, string(st))
			marks[i] = `$` + strconv.Itoa(len(args))
		}
		where = append(where, `status IN (`+strings.Join(marks, ", ")+`)`)
	}
	q := `SELECT doc FROM booking_bookings`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	out, err := queryDocs[booking.Booking](ctx, s.db.read, q+` ORDER BY start_us`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list bookings: %w", err)
	}
	slices.SortStableFunc(out, func(a, b booking.Booking) int {
		return cmp.Or(a.Start.Compare(b.Start), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Occupancy implements [booking.Store] with one grouped query over the
// resource's bookings and waitlist entries in [from, to).
func (s *BookingStore) Occupancy(ctx context.Context, resourceID string, from, to, now time.Time) ([]booking.Occupancy, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT start_us, CAST(SUM(taken) AS BIGINT), CAST(SUM(waiting) AS BIGINT) FROM (
			SELECT start_us, 1 AS taken, 0 AS waiting FROM booking_bookings
			WHERE resource_id = $1 AND start_us >= $2 AND start_us < $3 AND `+occupying(4)+`
			UNION ALL
			SELECT start_us, 0 AS taken, 1 AS waiting FROM booking_waitlist
			WHERE resource_id = $5 AND start_us >= $6 AND start_us < $7 AND state = 'waiting'
		) slots GROUP BY start_us ORDER BY start_us`,
		resourceID, micros(from), micros(to), micros(now), resourceID, micros(from), micros(to))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: occupancy: %w", err)
	}
	defer rows.Close()
	var out []booking.Occupancy
	for rows.Next() {
		var start, taken, waiting int64
		if err := rows.Scan(&start, &taken, &waiting); err != nil {
			return nil, fmt.Errorf("sqlstore: occupancy: %w", err)
		}
		out = append(out, booking.Occupancy{Start: time.UnixMicro(start).UTC(), Taken: int(taken), Waiting: int(waiting)})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: occupancy: %w", err)
	}
	return out, nil
}

// Events implements [booking.Store]. Seqs have no gaps: they come from a
// counter advanced in the writers' transactions.
func (s *BookingStore) Events(ctx context.Context, after int64, limit int) ([]booking.Event, error) {
	q, args := `SELECT doc FROM booking_outbox WHERE seq > $1 ORDER BY seq`, []any{after}
	if limit > 0 {
		q, args = q+` LIMIT $2`, append(args, limit)
	}
	out, err := queryDocs[booking.Event](ctx, s.db.read, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: events: %w", err)
	}
	return out, nil
}
