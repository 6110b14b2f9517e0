package station_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/pagopa/station"
)

// A station serving one creditor body, paid through the fake node.
func Example() {
	ctx := context.Background()
	store := pagopa.NewMemoryStore()
	nav, _ := pagopa.NewNoticeNumber(1, 42)
	p := pagopatest.NewPosition(pagopatest.Organization, nav, 12050, time.Now().AddDate(0, 1, 0))
	_ = p.Publish(time.Now())
	_, _ = store.CreatePosition(ctx, p)

	st, err := station.New(station.Config{
		Organizations: []string{pagopatest.Organization},
		BrokerID:      pagopatest.Broker,
		StationID:     pagopatest.Station,
		Store:         store,
		OnReceipt: func(_ context.Context, r pagopa.Receipt) {
			fmt.Println("paid", r.NoticeNumber.Printed(), r.Amount)
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(st)
	defer srv.Close()

	node, _ := pagopatest.NewNode(pagopatest.NodeConfig{URL: srv.URL, BrokerID: pagopatest.Broker, StationID: pagopatest.Station})
	if _, err := node.Pay(ctx, pagopatest.Organization, nav); err != nil {
		fmt.Println(err)
	}
	_, err = node.Verify(ctx, pagopatest.Organization, nav)
	fmt.Println(pagopatest.FaultCode(err))
	// Output:
	// paid 3010 0000 0000 0042 85 120.50
	// PAA_PAGAMENTO_DUPLICATO
}
