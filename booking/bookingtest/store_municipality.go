package bookingtest

import (
	"testing"

	"github.com/siopi/siopi/booking"
)

// testMunicipalities checks that resources and bookings can be listed by municipality, so that one
// store serves several municipalities (DESIGN: every record carries its municipality's code).
func testMunicipalities(t *testing.T, s booking.Store) {
	ctx := t.Context()
	for _, r := range []booking.Resource{{ID: "a", Municipality: "M1"}, {ID: "b", Municipality: "M2"}, {ID: "c", Municipality: "M1"}} {
		if err := s.PutResource(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	ids := func(list []booking.Resource) []string {
		var out []string
		for _, r := range list {
			out = append(out, r.ID)
		}
		return out
	}
	if got, err := s.ListResources(ctx, "M1"); err != nil || !equal(ids(got), []string{"a", "c"}) {
		t.Errorf("ListResources(M1) = %v, %v; want a, c", ids(got), err)
	}
	if got, err := s.ListResources(ctx, ""); err != nil || !equal(ids(got), []string{"a", "b", "c"}) {
		t.Errorf("ListResources(all) = %v, %v; want a, b, c", ids(got), err)
	}
	if got, _ := s.ListResources(ctx, "M3"); len(got) != 0 {
		t.Errorf("ListResources(M3) = %v, want none", ids(got))
	}

	for i, m := range []string{"M1", "M2", "M1"} {
		b := newBooking(string(rune('x'+i)), "C1", slotAt(i), booking.StatusHeld)
		b.Municipality = m
		mustInsert(t, s, booking.Insert{Booking: b, Capacity: 1, Now: t0})
	}
	for _, tc := range []struct {
		f    booking.Filter
		want []string
	}{
		{booking.Filter{Municipality: "M1"}, []string{"x", "z"}},
		{booking.Filter{Municipality: "M2", Statuses: []booking.Status{booking.StatusHeld}}, []string{"y"}},
		{booking.Filter{Municipality: "M2", Citizen: "C1", ResourceID: "r1"}, []string{"y"}},
		{booking.Filter{Municipality: "M3"}, nil},
		{booking.Filter{}, []string{"x", "y", "z"}},
	} {
		list, err := s.List(ctx, tc.f)
		var got []string
		for _, b := range list {
			got = append(got, b.ID)
		}
		if err != nil || !equal(got, tc.want) {
			t.Errorf("List(%+v) = %v, %v; want %v", tc.f, got, err, tc.want)
		}
	}
}
