package gpdtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

func TestReceipts(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: func() time.Time { return now }}, org)
	ctx := t.Context()
	for i, iuv := range []string{"01000000000001861", "01000000000002972"} {
		p := position("rcpt-"+iuv, iuv, now.AddDate(0, 1, 0))
		if _, err := c.CreatePosition(ctx, p, gpd.Publish); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if err := fake.Pay(ctx, org, "01000000000001861", "receipt-1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	var got []gpd.ReceiptSummary
	for r, err := range c.ListReceipts(ctx, gpd.ReceiptQuery{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if len(got) != 1 || got[0].IUV != "01000000000001861" || got[0].OrganizationFiscalCode != org || got[0].Debtor != "RSSMRA80A01H501U" || got[0].Status != "PAID" {
		t.Fatalf("ListReceipts = %+v", got)
	}
	r, err := c.GetCoreReceipt(ctx, "01000000000001861")
	if err != nil {
		t.Fatal(err)
	}
	if r.ReceiptID != "receipt-1" || r.OrganizationFiscalCode != org || r.IUV != "01000000000001861" || r.Amount == 0 ||
		len(r.Transfers) == 0 || r.Debtor.FiscalCode != "RSSMRA80A01H501U" || !r.PaymentDateTime.Equal(now) {
		t.Errorf("GetCoreReceipt = %+v", r)
	}
	if _, err := c.GetReceipt(ctx, "01000000000002972"); !errors.Is(err, gpd.ErrNotFound) {
		t.Errorf("receipt of an unpaid option: %v", err)
	}
}
