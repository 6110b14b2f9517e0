package fdr_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/siopi/siopi/pagopa/fdr"
)

func ExampleReconciler_Reconcile() {
	ctx := context.Background()
	store := fdr.NewMemoryStore()
	paidAt := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	store.Add("01234567897",
		fdr.Transfer{Key: fdr.Key{IUV: "01000000001234519", Index: 1}, Amount: 11000, ReceiptID: "rcpt-1", PaidAt: paidAt},
		fdr.Transfer{Key: fdr.Key{IUV: "01000000001234519", Index: 2}, Amount: 1050, ReceiptID: "rcpt-1", PaidAt: paidAt},
	)
	r, _ := fdr.New(fdr.Config{Store: store, Now: func() time.Time { return paidAt.AddDate(0, 0, 2) }})

	f, err := os.Open("testdata/flow.xml")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	flow, err := fdr.ParseXML(f)
	if err != nil {
		panic(err)
	}
	rep, err := r.Reconcile(ctx, flow)
	if err != nil {
		panic(err)
	}
	fmt.Println("matched:", rep.Matched, rep.MatchedAmount)
	for _, a := range rep.Anomalies {
		fmt.Println(a.Kind, a.Key.IUV, a.Got)
	}
	// Output:
	// matched: 2 120.50
	// missing_receipt 01000000000000188 10.00
}

func ExampleMatchCredit() {
	flow := &fdr.Flow{ID: "2026-03-02PSPITMMXXX-0001", TotalAmount: 13050}
	credit := fdr.Credit{Amount: 13050, Causale: "/PUR/LGPE-RIVERSAMENTO/URI/2026-03-02PSPITMMXXX-0001"}
	fmt.Println(fdr.MatchCredit(credit, flow))
	// Output: <nil>
}
