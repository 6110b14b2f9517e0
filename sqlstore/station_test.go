package sqlstore_test

import (
	"context"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
	"github.com/siopi/siopi/sqlstore"
)

// testStationFlows drives concurrent payment flows (verify → getPaymentV2 →
// sendRTV2) through pagopatest's node against a station over the database,
// then delivers every receipt again: each position is paid exactly once,
// every copy is PAA_RECEIPT_DUPLICATA, and no receipt is lost.
func testStationFlows(t *testing.T, db *sqlstore.DB) {
	const flows = 100
	store := db.Pagopa()
	var notified atomic.Int32
	st, err := station.New(station.Config{Organizations: []string{pagopatest.Organization}, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, Store: store,
		OnReceipt: func(context.Context, pagopa.Receipt) { notified.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(st)
	defer srv.Close()
	node, err := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker,
		StationID: pagopatest.Station, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	seq := db.IUVSequence()
	navs := make([]pagopa.NoticeNumber, flows)
	now := time.Now()
	for i := range navs {
		if navs[i], err = pagopa.NextNoticeNumber(t.Context(), seq, pagopatest.Organization, 1); err != nil {
			t.Fatal(err)
		}
		p := pagopatest.NewPosition(pagopatest.Organization, navs[i], 2500, now.AddDate(0, 1, 0))
		if err := p.Publish(now); err != nil {
			t.Fatal(err)
		}
		if _, err := store.CreatePosition(t.Context(), p); err != nil {
			t.Fatal(err)
		}
	}
	receipts := make([]pagopa.Receipt, flows)
	var wg sync.WaitGroup
	for i, nav := range navs {
		wg.Go(func() {
			r, err := node.Pay(t.Context(), pagopatest.Organization, nav)
			if err != nil {
				t.Errorf("Pay %s: %v", nav, err)
			}
			receipts[i] = r
		})
	}
	wg.Wait()
	for i, r := range receipts {
		wg.Go(func() {
			_, err := node.SendReceipt(t.Context(), pagopatest.Organization, r, false)
			if code := pagopatest.FaultCode(err); code != "PAA_RECEIPT_DUPLICATA" {
				t.Errorf("receipt %d again: %v, want PAA_RECEIPT_DUPLICATA", i, err)
			}
		})
	}
	wg.Wait()
	for i, nav := range navs {
		p, err := store.PositionByIUV(t.Context(), pagopatest.Organization, nav.IUV())
		if err != nil || p.Status != pagopa.StatusPaid || p.Version != 2 || p.Options[0].ReceiptID != receipts[i].ReceiptID {
			t.Errorf("position of %s: %v %s v%d paid by %q", nav, err, p.Status, p.Version, p.Options[0].ReceiptID)
		}
		if all, err := store.Receipts(t.Context(), pagopatest.Organization, nav.IUV()); err != nil || len(all) != 1 {
			t.Errorf("receipts of %s: %v, %d stored", nav, err, len(all))
		}
	}
	if n := notified.Load(); n != flows {
		t.Errorf("OnReceipt called %d times, want %d", n, flows)
	}
}

func TestStationFlowsSQLite(t *testing.T) {
	t.Parallel()
	testStationFlows(t, openSQLite(t))
}

func TestStationFlowsPostgres(t *testing.T) {
	t.Parallel()
	testStationFlows(t, openPostgres(t))
}
