package pagopatest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// The node pays a notice, then resends the receipt as it does after a
// timeout: the station answers the duplicate PAA_RECEIPT_DUPLICATA.
func ExampleNode_Pay() {
	ctx := context.Background()
	store := pagopa.NewMemoryStore()
	nav, _ := pagopa.NewNoticeNumber(1, 7)
	p := pagopatest.NewPosition(pagopatest.Organization, nav, 5000, time.Now().AddDate(0, 0, 30))
	_ = p.Publish(time.Now())
	_, _ = store.CreatePosition(ctx, p)
	st, _ := station.New(station.Config{Organizations: []string{pagopatest.Organization},
		BrokerID: pagopatest.Broker, StationID: pagopatest.Station, Store: store})
	srv := httptest.NewServer(st)
	defer srv.Close()

	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker, StationID: pagopatest.Station})
	r, err := node.Pay(ctx, pagopatest.Organization, nav)
	fmt.Println(r.Amount, r.PSP.ID, err)
	_, err = node.SendReceipt(ctx, pagopatest.Organization, r, false)
	fmt.Println(pagopatest.FaultCode(err))
	paid, _ := store.PositionByIUV(ctx, pagopatest.Organization, nav.IUV())
	fmt.Println(paid.Status)
	// Output:
	// 50.00 BCITITMM <nil>
	// PAA_RECEIPT_DUPLICATA
	// PAID
}
