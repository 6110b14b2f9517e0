package booking_test

import (
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// Fiscal codes of two municipalities sharing one store.
const (
	roma   = "02438750586"
	milano = "01199250158"
)

// tenant is a scheduler of one municipality over a shared store, with its own patron saint.
func tenant(t *testing.T, store booking.Store, clock *testClock, municipality string, patron workday.MonthDay) (*booking.Scheduler, *[]booking.Event) {
	t.Helper()
	cal, err := workday.New(workday.Config{PatronSaint: &patron})
	if err != nil {
		t.Fatal(err)
	}
	var events []booking.Event
	s, err := booking.New(booking.Config{Store: store, Calendar: cal, Now: clock.Now, Municipality: municipality,
		Notify: func(e booking.Event) { events = append(events, e) }})
	if err != nil {
		t.Fatal(err)
	}
	return s, &events
}

func TestMunicipalityConfig(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"0243875058", "02438750587", "RSSMRA80A01H501U"} {
		_, err := booking.New(booking.Config{Store: booking.NewMemoryStore(), Municipality: code})
		wantErr(t, "municipality "+code, err, booking.ErrInvalid)
	}
}

// TestMunicipalitiesShareAStore: two municipalities in one store each see only their own
// resources and bookings, and each sweeps only its own, with its own holiday calendar (3 March is
// the patron saint's day of one and a working day of the other).
func TestMunicipalitiesShareAStore(t *testing.T) {
	t.Parallel()
	store := booking.NewMemoryStore()
	clock := &testClock{}
	clock.Set(monday.At(8, 0))
	ctx := t.Context()
	rm, rmEvents := tenant(t, store, clock, roma, workday.MonthDay{Month: time.March, Day: 3})
	mi, _ := tenant(t, store, clock, milano, workday.MonthDay{Month: time.December, Day: 7})

	ra := anagrafe()
	ra.ID, ra.Municipality = "rm-anagrafe", ""
	if err := rm.PutResource(ctx, ra); err != nil {
		t.Fatal(err)
	}
	if got := must(rm.Resource(ctx, "rm-anagrafe")); got.Municipality != roma {
		t.Errorf("resource put by Rome's scheduler belongs to %q, want %s", got.Municipality, roma)
	}
	rb := anagrafe()
	rb.ID, rb.Municipality, rb.Capacity = "mi-anagrafe", milano, 1
	rb.Policy.OfferTTL = 30 * time.Minute
	wantErr(t, "Rome puts Milan's resource", rm.PutResource(ctx, rb), booking.ErrInvalid)
	if err := mi.PutResource(ctx, rb); err != nil {
		t.Fatal(err)
	}

	if list := must(rm.ResourcesForService(ctx, "cie")); len(list) != 1 || list[0].ID != "rm-anagrafe" {
		t.Errorf("Rome's resources for cie = %+v, want only its own", list)
	}
	_, err := rm.Resource(ctx, "mi-anagrafe")
	wantErr(t, "Rome reads Milan's resource", err, booking.ErrNotFound)
	_, err = rm.Book(ctx, req("mi-anagrafe", "X", at(2, 9, 0)))
	wantErr(t, "Rome books Milan's resource", err, booking.ErrNotFound)

	// In Milan, 3 March is a working day: X books, Y and Z wait, X cancels, Y's offer lapses.
	start := at(2, 9, 0)
	x := must(mi.Book(ctx, req("mi-anagrafe", "X", start)))
	if x.Booking.Municipality != milano {
		t.Errorf("booking municipality = %q", x.Booking.Municipality)
	}
	must(mi.JoinWaitlist(ctx, req("mi-anagrafe", "Y", start)))
	must(mi.JoinWaitlist(ctx, req("mi-anagrafe", "Z", start)))
	must(mi.Cancel(ctx, x.Booking.ID, "X"))
	clock.Add(31 * time.Minute)

	_, err = rm.Cancel(ctx, x.Booking.ID, "X")
	wantErr(t, "Rome cancels Milan's booking", err, booking.ErrNotFound)
	if list := must(rm.CitizenBookings(ctx, "Y")); len(list) != 0 {
		t.Errorf("Rome sees Milan's bookings: %+v", list)
	}
	if n := must(rm.Sweep(ctx)); n != 0 || len(*rmEvents) != 0 {
		t.Errorf("Rome's sweep expired %d holds and sent %d events in Milan", n, len(*rmEvents))
	}
	if list := must(store.List(ctx, booking.Filter{Citizen: "Y"})); len(list) != 1 || list[0].Status != booking.StatusHeld {
		t.Fatalf("Y's offer after Rome's sweep = %+v, want it left to Milan", list)
	}
	if n := must(mi.Sweep(ctx)); n != 1 {
		t.Errorf("Milan's sweep expired %d holds, want Y's offer", n)
	}
	if list := must(mi.CitizenBookings(ctx, "Z")); len(list) != 1 || list[0].Status != booking.StatusHeld {
		t.Errorf("Z after Milan's sweep = %+v, want the offered place (3 March is open in Milan)", list)
	}
}
