package pagopatest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

type harness struct {
	store   *pagopa.MemoryStore
	node    *pagopatest.Node
	mu      sync.Mutex
	seen    map[pagopa.IUV]int // OnReceipt calls per IUV
	doubles map[pagopa.IUV]int // OnDoublePayment calls per IUV
}

func newHarness(t *testing.T, positions int) (*harness, []pagopa.NoticeNumber) {
	t.Helper()
	h := &harness{store: pagopa.NewMemoryStore(), seen: map[pagopa.IUV]int{}, doubles: map[pagopa.IUV]int{}}
	seq := &pagopa.MemorySequence{}
	now := time.Now()
	navs := make([]pagopa.NoticeNumber, positions)
	for i := range navs {
		n, err := pagopa.NextNoticeNumber(t.Context(), seq, pagopatest.Organization, 1)
		if err != nil {
			t.Fatal(err)
		}
		p := pagopatest.NewPosition(pagopatest.Organization, n, pagopa.Amount(100+i), now.AddDate(0, 1, 0))
		if err := p.Publish(now); err != nil {
			t.Fatal(err)
		}
		if _, err := h.store.CreatePosition(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		navs[i] = n
	}
	st, err := station.New(station.Config{
		Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker, StationID: pagopatest.Station,
		Store: h.store,
		OnReceipt: func(_ context.Context, r pagopa.Receipt) {
			h.mu.Lock()
			h.seen[r.IUV]++
			h.mu.Unlock()
		},
		OnDoublePayment: func(_ context.Context, r pagopa.Receipt) {
			h.mu.Lock()
			h.doubles[r.IUV]++
			h.mu.Unlock()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st)
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.Transport.(*http.Transport).MaxIdleConnsPerHost = 256
	h.node, err = pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, HTTPClient: client, Record: positions <= 10})
	if err != nil {
		t.Fatal(err)
	}
	return h, navs
}

func wantFault(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got := pagopatest.FaultCode(err); got != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// TestConcurrentFlows runs 1,000 payment flows against one station at once,
// each with duplicated, replayed and reordered calls, and some paid twice by
// two PSPs at once: every position is paid exactly once, every duplicate
// receipt is answered PAA_RECEIPT_DUPLICATA, every second payment is stored
// as a double payment, and no receipt is lost.
func TestConcurrentFlows(t *testing.T) {
	t.Parallel()
	n := 1000
	if testing.Short() {
		n = 100
	}
	h, navs := newHarness(t, n)
	ctx := t.Context()
	org := pagopatest.Organization
	sem := make(chan struct{}, 128) // bounded client concurrency, like the node's connection pool
	var wg sync.WaitGroup
	for i, nav := range navs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			switch i % 5 {
			case 0: // the normal flow, then the node resends the receipt
				r, err := h.node.Pay(ctx, org, nav)
				if err != nil {
					t.Errorf("Pay %s: %v", nav, err)
					return
				}
				_, err = h.node.SendReceipt(ctx, org, r, false)
				wantFault(t, "resent receipt", err, station.FaultReceiptDuplicate)
			case 1: // no verify; after payment, verify and activation are refused
				g, err := h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				if err != nil {
					t.Errorf("GetPayment: %v", err)
					return
				}
				r, _ := h.node.Receipt(org, nav, g)
				if _, err := h.node.SendReceipt(ctx, org, r, false); err != nil {
					t.Errorf("SendReceipt: %v", err)
				}
				_, err = h.node.Verify(ctx, org, nav)
				wantFault(t, "verify after payment", err, station.FaultPaymentDuplicate)
				_, err = h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				wantFault(t, "activation after payment", err, station.FaultPaymentDuplicate)
			case 2: // a second activation while the first holds the lock
				g, err := h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				if err != nil {
					t.Errorf("GetPayment: %v", err)
					return
				}
				_, err = h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				wantFault(t, "second activation", err, station.FaultPaymentInProgress)
				r, _ := h.node.Receipt(org, nav, g)
				if _, err := h.node.SendReceipt(ctx, org, r, true); err != nil { // a V1 receipt
					t.Errorf("SendReceipt V1: %v", err)
				}
			case 3: // the same receipt sent three times at once
				g, err := h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				if err != nil {
					t.Errorf("GetPayment: %v", err)
					return
				}
				r, _ := h.node.Receipt(org, nav, g)
				errs := make([]error, 3)
				var inner sync.WaitGroup
				for k := range errs {
					inner.Go(func() { _, errs[k] = h.node.SendReceipt(ctx, org, r, false) })
				}
				inner.Wait()
				oks := 0
				for _, err := range errs {
					if err == nil {
						oks++
					} else {
						wantFault(t, "concurrent duplicate", err, station.FaultReceiptDuplicate)
					}
				}
				if oks != 1 {
					t.Errorf("%s: %d of 3 concurrent receipts accepted", nav, oks)
				}
			case 4: // two PSPs' payments of the notice race (e.g. the second after the lock expired)
				g, err := h.node.GetPayment(ctx, org, nav, pagopatest.GetPaymentOptions{})
				if err != nil {
					t.Errorf("GetPayment: %v", err)
					return
				}
				var rs [2]pagopa.Receipt
				for k := range rs {
					rs[k], _ = h.node.Receipt(org, nav, g)
				}
				var inner sync.WaitGroup
				for k := range rs {
					inner.Go(func() {
						if _, err := h.node.SendReceipt(ctx, org, rs[k], k == 1); err != nil {
							t.Errorf("%s: payment %d: %v", nav, k, err)
						}
					})
				}
				inner.Wait()
				_, err = h.node.SendReceipt(ctx, org, rs[1], false)
				wantFault(t, "resent second payment", err, station.FaultReceiptDuplicate)
			}
		})
	}
	wg.Wait()
	if dp, err := h.store.DoublePayments(ctx, org, time.Time{}); err != nil || len(dp) != (n+1)/5 {
		t.Errorf("DoublePayments: %v, %d listed, want %d", err, len(dp), (n+1)/5)
	}
	for i, nav := range navs {
		p, err := h.store.PositionByIUV(ctx, org, nav.IUV())
		if err != nil || p.Status != pagopa.StatusPaid {
			t.Errorf("%s: %v %s", nav, err, p.Status)
		}
		if _, err := h.store.Receipt(ctx, org, nav.IUV()); err != nil {
			t.Errorf("%s: receipt lost: %v", nav, err)
		}
		if c := h.seen[nav.IUV()]; c != 1 {
			t.Errorf("%s: OnReceipt called %d times", nav, c)
		}
		all, err := h.store.Receipts(ctx, org, nav.IUV())
		wantDouble := 0
		if i%5 == 4 {
			wantDouble = 1
		}
		if err != nil || len(all) != 1+wantDouble || all[0].DoublePayment || all[0].ReceiptID != p.Options[0].ReceiptID {
			t.Errorf("%s: %v, %d receipts stored, want %d, the first paying the option", nav, err, len(all), 1+wantDouble)
		}
		if c := h.doubles[nav.IUV()]; c != wantDouble {
			t.Errorf("%s: OnDoublePayment called %d times, want %d", nav, c, wantDouble)
		}
	}
}

func TestReplay(t *testing.T) {
	t.Parallel()
	h, navs := newHarness(t, 1)
	ctx := t.Context()
	if _, err := h.node.Pay(ctx, pagopatest.Organization, navs[0]); err != nil {
		t.Fatal(err)
	}
	calls := h.node.Calls()
	if len(calls) != 3 || calls[0].Action != "paVerifyPaymentNotice" || calls[2].Action != "paSendRTV2" {
		t.Fatalf("calls: %v", calls)
	}
	_, err := h.node.Replay(ctx, 2)
	wantFault(t, "replayed receipt", err, station.FaultReceiptDuplicate)
	_, err = h.node.Replay(ctx, 0)
	wantFault(t, "replayed verify", err, station.FaultPaymentDuplicate)
	if _, err := h.node.Replay(ctx, 9); err == nil || errors.Is(err, context.Canceled) {
		t.Errorf("replay of a missing call: %v", err)
	}
}
