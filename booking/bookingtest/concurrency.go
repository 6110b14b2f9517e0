package bookingtest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/booking"
	"github.com/siopi/siopi/workday"
)

// clock is a settable Now for the scheduler.
type clock struct{ ns atomic.Int64 }

func (c *clock) Now() time.Time      { return time.Unix(0, c.ns.Load()).UTC() }
func (c *clock) Set(t time.Time)     { c.ns.Store(t.UnixNano()) }
func (c *clock) Add(d time.Duration) { c.ns.Add(int64(d)) }

// testLastPlaceHammer drives one last place through the scheduler from 1,000 goroutines per round:
// holds, confirmations, direct bookings, cancellations by token and by the office, two moderators
// approving and refusing the same requests, waitlist joins and sweeps, interleaved. Between rounds
// the clock moves on, so holds and offers lapse. A sampler checks throughout that the places taken
// never exceed the capacity.
func testLastPlaceHammer(t *testing.T, s booking.Store, moderated bool) {
	const goroutines, rounds = 1000, 8
	ctx := t.Context()
	day := workday.Date{Year: 2030, Month: time.January, Day: 8} // a Tuesday
	clk := &clock{}
	clk.Set(day.AddDays(-1).At(10, 0))
	sch, err := booking.New(booking.Config{Store: s, Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	res := booking.Resource{
		ID: "last", Name: "Sala riunioni", Kind: booking.KindSpace, Capacity: 1, Moderated: moderated,
		Moderators: []string{"m1", "m2"},
		Rules: []booking.OpeningRule{{
			Weekdays: []time.Weekday{time.Tuesday}, Open: booking.Clock(9, 0), Close: booking.Clock(10, 0), SlotMinutes: 60,
		}},
		Policy: booking.Policy{MaxOpenPerService: -1, HoldTTL: 10 * time.Minute, OfferTTL: 10 * time.Minute},
	}
	if err := sch.PutResource(ctx, res); err != nil {
		t.Fatal(err)
	}
	start := day.At(9, 0).UTC()

	var mu sync.Mutex
	var receipts []booking.Receipt
	var succeeded, taken, approved atomic.Int32
	check := func(now time.Time) {
		occ, err := s.Occupancy(ctx, res.ID, start, start.Add(time.Minute), now)
		if err != nil {
			t.Errorf("Occupancy: %v", err)
			return
		}
		if len(occ) > 0 && occ[0].Taken > res.Capacity {
			t.Errorf("capacity exceeded: %d places taken of %d", occ[0].Taken, res.Capacity)
		}
	}
	expected := func(err error) bool {
		for _, e := range []error{booking.ErrSlotFull, booking.ErrConflict, booking.ErrTransition, booking.ErrHoldExpired} {
			if errors.Is(err, e) {
				return true
			}
		}
		return false
	}
	for round := range rounds {
		done := make(chan struct{})
		sampled := make(chan struct{})
		go func() {
			defer close(sampled)
			for {
				select {
				case <-done:
					return
				default:
					check(clk.Now())
				}
			}
		}()
		var wg sync.WaitGroup
		for g := range goroutines {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(round), uint64(g)))
				citizen := fmt.Sprintf("CTZ%04d%d", g, round)
				req := booking.Request{ResourceID: res.ID, Start: start, Citizen: citizen, Name: "Cittadino", ServiceID: "svc"}
				pick := func() (booking.Receipt, bool) { // one of the latest, most likely still live
					mu.Lock()
					defer mu.Unlock()
					if len(receipts) == 0 {
						return booking.Receipt{}, false
					}
					return receipts[len(receipts)-1-rng.IntN(min(3, len(receipts)))], true
				}
				keep := func(rc booking.Receipt) {
					mu.Lock()
					receipts = append(receipts, rc)
					mu.Unlock()
				}
				var err error
				switch op := rng.IntN(10); op {
				case 0, 1:
					var h booking.Booking
					if h, err = sch.Hold(ctx, req); err == nil {
						switch rng.IntN(3) {
						case 0:
							var rc booking.Receipt
							if rc, err = sch.Confirm(ctx, h.ID, citizen); err == nil {
								taken.Add(1)
								keep(rc)
							}
						case 1:
							_, err = sch.Cancel(ctx, h.ID, citizen) // the citizen leaves the wizard
						}
					}
				case 2, 3:
					var rc booking.Receipt
					if rc, err = sch.Book(ctx, req); err == nil {
						taken.Add(1)
						keep(rc)
					}
				case 4, 5:
					if rc, ok := pick(); ok {
						switch rng.IntN(3) {
						case 0:
							_, err = sch.CancelByToken(ctx, rc.Booking.ID, rc.CancelToken)
						case 1:
							_, err = sch.Cancel(ctx, rc.Booking.ID, rc.Booking.Citizen)
						default:
							_, err = sch.CancelByOffice(ctx, rc.Booking.ID, "op1", "chiusura straordinaria")
						}
					}
				case 6, 7:
					pending, lerr := s.List(ctx, booking.Filter{ResourceID: res.ID, Statuses: []booking.Status{booking.StatusPending}})
					if lerr != nil {
						t.Errorf("List: %v", lerr)
						return
					}
					if len(pending) > 0 {
						id := pending[rng.IntN(len(pending))].ID
						moderator := []string{"m1", "m2"}[rng.IntN(2)]
						if rng.IntN(4) == 0 {
							_, err = sch.Refuse(ctx, id, moderator, "sala non disponibile")
						} else if _, err = sch.Approve(ctx, id, moderator); err == nil {
							approved.Add(1)
						}
					}
				case 8:
					if rng.IntN(3) == 0 {
						_, err = sch.JoinWaitlist(ctx, req)
						break
					}
					held, lerr := s.List(ctx, booking.Filter{ResourceID: res.ID, Statuses: []booking.Status{booking.StatusHeld}})
					if lerr != nil {
						t.Errorf("List: %v", lerr)
						return
					}
					for _, h := range held {
						if h.FromWaitlist {
							var rc booking.Receipt
							if rc, err = sch.Confirm(ctx, h.ID, h.Citizen); err == nil {
								taken.Add(1)
								keep(rc)
							}
							break
						}
					}
				case 9:
					_, err = sch.Sweep(ctx)
				}
				if err == nil {
					succeeded.Add(1)
				} else if !expected(err) {
					t.Errorf("round %d goroutine %d: unexpected error: %v", round, g, err)
				}
			})
		}
		wg.Wait()
		close(done)
		<-sampled
		check(clk.Now())
		clk.Add(4 * time.Minute)
	}
	all, err := s.List(ctx, booking.Filter{ResourceID: res.ID})
	if err != nil {
		t.Fatal(err)
	}
	live := 0
	for _, b := range all {
		if b.Status == booking.StatusConfirmed || b.Status == booking.StatusPending {
			live++
		}
	}
	if live > res.Capacity {
		t.Errorf("%d confirmed or pending bookings in a slot of %d", live, res.Capacity)
	}
	if taken.Load() < 2 || (moderated && approved.Load() == 0) {
		t.Errorf("the place changed hands %d times (%d approvals): the hammer tested too little", taken.Load(), approved.Load())
	}
	t.Logf("moderated=%v: %d bookings written, %d operations succeeded, %d takes, %d approvals",
		moderated, len(all), succeeded.Load(), taken.Load(), approved.Load())
}
