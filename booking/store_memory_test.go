package booking_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/booking/bookingtest"
)

func TestMemoryStore(t *testing.T) {
	t.Parallel()
	bookingtest.TestStore(t, func(*testing.T) booking.Store { return booking.NewMemoryStore() })
}

// BenchmarkOccupancy reads one resource's week from a store holding 100 resources with a booking
// in every slot of a month: the cost should follow the resource's slots, not the store's.
func BenchmarkOccupancy(b *testing.B) {
	s := booking.NewMemoryStore()
	t0 := time.Date(2030, time.January, 7, 8, 0, 0, 0, time.UTC)
	for r := range 100 {
		for slot := range 30 * 12 {
			start := t0.Add(time.Duration(slot/12)*24*time.Hour + time.Duration(slot%12)*30*time.Minute)
			_, err := s.Insert(b.Context(), booking.Insert{Capacity: 1, Now: t0, Booking: booking.Booking{
				ID: fmt.Sprint(r, "-", slot), ResourceID: fmt.Sprint("r", r), Start: start, End: start.Add(30 * time.Minute),
				Status: booking.StatusConfirmed,
			}})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for b.Loop() {
		occ, err := s.Occupancy(b.Context(), "r42", t0, t0.Add(7*24*time.Hour), t0)
		if err != nil || len(occ) != 7*12 {
			b.Fatalf("Occupancy = %d slots, %v", len(occ), err)
		}
	}
}
