package booking_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/internal/cputime"
)

// clickDay is a "click day": one slot with places places opens and attempts citizens try to book it
// at the same instant. It returns how many were confirmed and how many were told the slot is full;
// any other error fails tb.
func clickDay(tb testing.TB, places, attempts int) (confirmed, full int) {
	h := newHarness(tb, booking.Resource{
		ID: "bando", Name: "Contributi libri di testo (click day)", Kind: booking.KindOffice, Capacity: places,
		Rules: []booking.OpeningRule{{Weekdays: everyDay, Open: booking.Clock(9, 0), Close: booking.Clock(10, 0), SlotMinutes: 60}},
	})
	start := at(1, 9, 0)
	var ok, rejected atomic.Int32
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := range attempts {
		wg.Go(func() {
			r := booking.Request{ResourceID: "bando", Start: start, Citizen: fmt.Sprintf("CTZ%012d", i), ServiceID: "bando"}
			<-gate
			_, err := h.Book(tb.Context(), r)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, booking.ErrSlotFull):
				rejected.Add(1)
			default:
				tb.Errorf("attempt %d: %v", i, err)
			}
		})
	}
	close(gate)
	wg.Wait()
	stored, err := h.store.List(tb.Context(), booking.Filter{ResourceID: "bando", Statuses: []booking.Status{booking.StatusConfirmed}})
	if err != nil || len(stored) != int(ok.Load()) {
		tb.Errorf("store holds %d confirmed bookings (%v), %d reported", len(stored), err, ok.Load())
	}
	return int(ok.Load()), int(rejected.Load())
}

// TestClickDay: 10,000 concurrent attempts on 500 places give exactly 500 bookings and 9,500 "full".
func TestClickDay(t *testing.T) {
	t.Parallel()
	confirmed, full := clickDay(t, 500, 10_000)
	if confirmed != 500 || full != 9_500 {
		t.Errorf("%d confirmed and %d full, want 500 and 9500", confirmed, full)
	}
}

// BenchmarkClickDay runs the click day (10,000 concurrent attempts on 500 places) and reports the
// attempts per second of wall time, and the CPU time per attempt (all goroutines, both cores), which
// a loaded machine does not distort.
func BenchmarkClickDay(b *testing.B) {
	const attempts = 10_000
	n := 0
	cpu := cputime.Process()
	for b.Loop() {
		confirmed, _ := clickDay(b, 500, attempts)
		if confirmed != 500 {
			b.Fatalf("%d confirmed", confirmed)
		}
		n++
	}
	b.ReportMetric(float64(n*attempts)/b.Elapsed().Seconds(), "attempts/s")
	b.ReportMetric(float64(cputime.Process()-cpu)/float64(n*attempts), "cpu-ns/attempt")
}

// BenchmarkBookParallel measures single bookings from parallel goroutines on a large resource.
func BenchmarkBookParallel(b *testing.B) {
	h := newHarness(b, booking.Resource{
		ID: "sala", Capacity: 1 << 30,
		Rules: []booking.OpeningRule{{Weekdays: everyDay, Open: booking.Clock(9, 0), Close: booking.Clock(10, 0), SlotMinutes: 60}},
	})
	start := at(1, 9, 0)
	var seq atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := booking.Request{ResourceID: "sala", Start: start, Citizen: fmt.Sprint(seq.Add(1))}
			if _, err := h.Book(b.Context(), r); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
