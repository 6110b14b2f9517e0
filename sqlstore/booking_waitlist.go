package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/booking"
)

// JoinWaitlist implements [booking.Store]. Under the slot's lock the entry
// takes the next position of the slot's waitlist; a partial unique index
// keeps one waiting entry per citizen and slot.
func (s *BookingStore) JoinWaitlist(ctx context.Context, j booking.Join) (booking.WaitEntry, error) {
	var e booking.WaitEntry
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		e = utcEntry(j.Entry)
		e.State = booking.WaitWaiting
		if err := s.lockSlot(ctx, tx, e.ResourceID, e.Start); err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		var dup bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM booking_waitlist WHERE id = $1
			OR (resource_id = $2 AND start_us = $3 AND state = 'waiting' AND citizen <> '' AND citizen = $4))`,
			e.ID, e.ResourceID, micros(e.Start), e.Request.Citizen).Scan(&dup); err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		if dup {
			return fmt.Errorf("sqlstore: join waitlist: already waiting: %w", booking.ErrConflict)
		}
		want := e.Request
		want.ID, want.ResourceID, want.Start = "", e.ResourceID, e.Start
		if err := s.checkLimits(ctx, tx, &want, j.Limits, j.Now); err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM booking_waitlist WHERE resource_id = $1 AND start_us = $2`,
			e.ResourceID, micros(e.Start)).Scan(&seq); err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		doc, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO booking_waitlist (id, resource_id, start_us, seq, state, citizen, doc)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			e.ID, e.ResourceID, micros(e.Start), seq, string(e.State), e.Request.Citizen, string(doc))
		n, err := rowsAffected(res, err)
		if err == nil && n == 0 {
			err = fmt.Errorf("already waiting: %w", booking.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("sqlstore: join waitlist: %w", err)
		}
		return nil
	})
	if err != nil {
		return booking.WaitEntry{}, err
	}
	return e, nil
}

// ListWaitlist implements [booking.Store]: every entry of the slot, skipped
// ones included, in order of arrival.
func (s *BookingStore) ListWaitlist(ctx context.Context, resourceID string, start time.Time) ([]booking.WaitEntry, error) {
	out, err := queryDocs[booking.WaitEntry](ctx, s.db.read, `SELECT doc FROM booking_waitlist
		WHERE resource_id = $1 AND start_us = $2 ORDER BY seq`, resourceID, micros(start))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list waitlist: %w", err)
	}
	return out, nil
}

// OfferNext implements [booking.Store]. It locks the slot, reads the
// waiting entries in order (FOR UPDATE on PostgreSQL) and, for each, takes
// the advisory locks of the citizens of its limits before counting them
// (see [BookingStore.place]); skipped entries are updated in the same
// transaction.
func (s *BookingStore) OfferNext(ctx context.Context, of booking.Offer) (booking.Offered, error) {
	var res booking.Offered
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		res = booking.Offered{}
		var one int
		switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM booking_bookings WHERE id = $1`, of.BookingID).Scan(&one); {
		case err == nil || of.BookingID == "":
			return fmt.Errorf("sqlstore: offer %q: booking exists: %w", of.BookingID, booking.ErrConflict)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
		}
		if err := s.lockSlot(ctx, tx, of.ResourceID, of.Start); err != nil {
			return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
		}
		entries, err := queryDocs[booking.WaitEntry](ctx, tx, `SELECT doc FROM booking_waitlist
			WHERE resource_id = $1 AND start_us = $2 AND state = 'waiting' ORDER BY seq`+s.db.forUpdate(),
			of.ResourceID, micros(of.Start))
		if err != nil {
			return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
		}
		now := of.Now.UTC()
		for _, e := range entries {
			b := e.Request.Clone()
			b.ID, b.ResourceID, b.Start, b.End = of.BookingID, of.ResourceID, of.Start.UTC(), of.End.UTC()
			b.Status, b.HoldUntil, b.FromWaitlist = booking.StatusHeld, of.Until.UTC(), true
			b.CreatedAt, b.UpdatedAt = now, now
			b.Version, b.Sequence, b.History, b.TokenHash = 0, 0, nil, nil
			b = utcBooking(b)
			var limits []booking.Limit
			if of.Limits != nil {
				limits = of.Limits(&b)
			}
			seat, err := s.place(ctx, tx, &b, of.Capacity, of.Seats, limits, of.Now, true)
			if errors.Is(err, booking.ErrLimit) {
				e.State = booking.WaitSkipped
				if err := updateEntry(ctx, tx, &e); err != nil {
					return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
				}
				res.Skipped = append(res.Skipped, e)
				b.ID = ""
				ev := booking.NewEvent(booking.EventWaitlistSkipped, &b, now)
				ev.EntryID, ev.Status, ev.Until = e.ID, "", time.Time{}
				res.Events = append(res.Events, ev)
				continue
			}
			if err != nil {
				return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
			}
			b.Seat, b.Version = seat, 1
			if err := insertBooking(ctx, tx, &b); err != nil {
				return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
			}
			e.State, e.BookingID = booking.WaitOffered, b.ID
			if err := updateEntry(ctx, tx, &e); err != nil {
				return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
			}
			ev := booking.NewEvent(booking.EventWaitlistOffer, &b, now)
			ev.EntryID = e.ID
			res.Events = append(res.Events, ev)
			res.Booking = b
			break
		}
		if res.Booking.ID == "" && len(res.Skipped) == 0 {
			return fmt.Errorf("sqlstore: offer %q: nobody waiting: %w", of.BookingID, booking.ErrNotFound)
		}
		if err := emit(ctx, tx, res.Events); err != nil {
			return fmt.Errorf("sqlstore: offer %q: %w", of.BookingID, err)
		}
		return nil
	})
	if err != nil {
		return booking.Offered{}, err
	}
	return res, nil
}

// updateEntry saves a waitlist entry's state and document.
func updateEntry(ctx context.Context, tx *sql.Tx, e *booking.WaitEntry) error {
	doc, err := json.Marshal(e)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE booking_waitlist SET state = $2, doc = $3 WHERE id = $1`, e.ID, string(e.State), string(doc))
	return err
}

// utcEntry returns a deep copy of e with its instants in UTC.
func utcEntry(e booking.WaitEntry) booking.WaitEntry {
	e.Request = utcBooking(e.Request)
	e.Start, e.JoinedAt = e.Start.UTC(), e.JoinedAt.UTC()
	return e
}
