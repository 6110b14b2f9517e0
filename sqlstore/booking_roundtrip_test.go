package sqlstore_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/sqlstore"
	"github.com/siopi/siopi/workday"
)

// TestBookingDocuments checks what the conformance suite leaves implicit:
// open-ended opening rules (zero dates) survive the resource document, and
// instants given in another zone come back in UTC, equal to the originals.
func TestBookingDocuments(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(testing.TB) *sqlstore.DB{"sqlite": openSQLite, "postgres": openPostgres} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if name == "postgres" {
				testpg.DSN(t)
			}
			s := open(t).Booking()
			ctx := t.Context()
			r := booking.Resource{ID: "r1", Municipality: "00000000000", Capacity: 2, Rules: []booking.OpeningRule{
				{Weekdays: []time.Weekday{time.Monday}, Open: booking.Clock(9, 0), Close: booking.Clock(12, 0), SlotMinutes: 30},
				{From: workday.Date{Year: 2030, Month: time.March, Day: 1}, Weekdays: []time.Weekday{time.Friday},
					Open: booking.Clock(14, 0), Close: booking.Clock(16, 0), SlotMinutes: 60},
			}}
			if err := s.PutResource(ctx, r); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetResource(ctx, "r1")
			if err != nil || !reflect.DeepEqual(got, r) {
				t.Errorf("GetResource = %+v, %v; want %+v", got, err, r)
			}

			start := workday.Date{Year: 2030, Month: time.January, Day: 7}.At(9, 0) // Europe/Rome
			b := booking.Booking{ID: "b1", ResourceID: "r1", Citizen: "C1", Start: start, End: start.Add(30 * time.Minute),
				Status: booking.StatusHeld, HoldUntil: start.Add(-time.Hour), CreatedAt: start.Add(-2 * time.Hour)}
			stored, err := s.Insert(ctx, booking.Insert{Booking: b, Capacity: 1, Now: start.Add(-2 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			read, err := s.Get(ctx, "b1")
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range []booking.Booking{stored, read} {
				if x.Start.Location() != time.UTC || !x.Start.Equal(start) || x.HoldUntil.Location() != time.UTC || !x.HoldUntil.Equal(b.HoldUntil) {
					t.Errorf("booking came back with Start %v, HoldUntil %v; want %v and %v in UTC", x.Start, x.HoldUntil, start.UTC(), b.HoldUntil.UTC())
				}
			}
			occ, err := s.Occupancy(ctx, "r1", start, start.Add(time.Minute), start.Add(-90*time.Minute))
			if err != nil || len(occ) != 1 || occ[0].Taken != 1 || !occ[0].Start.Equal(start) {
				t.Errorf("Occupancy while held = %+v, %v; want one place at %v", occ, err, start)
			}
			if occ, err := s.Occupancy(ctx, "r1", start, start.Add(time.Minute), start.Add(-time.Hour)); err != nil || len(occ) != 0 {
				t.Errorf("Occupancy once the hold lapsed = %+v, %v; want none", occ, err)
			}
		})
	}
}
