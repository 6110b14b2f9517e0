package sqlstore_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/sqlstore"
)

// benchInsert measures Insert of confirmed bookings with one per-citizen
// limit and one outbox event, from parallel goroutines: into distinct slots
// (perSlot 1) or perSlot bookings filling a slot of that capacity before
// the next (concurrent writers queue on one slot lock).
func benchInsert(b *testing.B, db *sqlstore.DB, perSlot int64) {
	s := db.Booking()
	t0 := time.Date(2030, time.January, 7, 7, 0, 0, 0, time.UTC)
	var n atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			start := t0.Add(time.Duration((i-1)/perSlot) * time.Hour)
			bk := booking.Booking{ID: fmt.Sprint("b", i), ResourceID: "r1", ServiceID: "svc", Citizen: fmt.Sprint("C", i),
				Start: start, End: start.Add(30 * time.Minute), Status: booking.StatusConfirmed}
			_, err := s.Insert(b.Context(), booking.Insert{Booking: bk, Capacity: int(perSlot), Now: t0,
				Limits: []booking.Limit{{Citizen: bk.Citizen, ServiceID: "svc", OpenOnly: true, MaxCount: 1}},
				Events: []booking.Event{booking.NewEvent(booking.EventConfirmed, &bk, t0)}})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

func BenchmarkBookingInsertSQLite(b *testing.B) {
	b.Run("capacity=1", func(b *testing.B) { benchInsert(b, openSQLite(b), 1) })
	b.Run("capacity=40", func(b *testing.B) { benchInsert(b, openSQLite(b), 40) })
}

func BenchmarkBookingInsertPostgres(b *testing.B) {
	b.Run("capacity=1", func(b *testing.B) { benchInsert(b, openPostgres(b), 1) })
	b.Run("capacity=40", func(b *testing.B) { benchInsert(b, openPostgres(b), 40) })
}
