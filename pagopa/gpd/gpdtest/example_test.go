package gpdtest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

func Example() {
	now := func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) }
	fake := gpdtest.New(gpdtest.Config{Now: now})
	srv := httptest.NewServer(fake)
	defer srv.Close()

	client, _ := gpd.New(gpd.Config{SubscriptionKey: "demo", OrganizationFiscalCode: "01234567897", BaseURL: srv.URL, Now: now})
	ctx := context.Background()
	p := gpd.Position{
		IUPD: "01234567897-demo", Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi",
		CompanyName: "Comune di Prova",
		PaymentOptions: []gpd.Option{{
			IUV: "01000000001234519", Amount: 12050, Description: "TARI 2026",
			DueDate: gpd.NewDateTime(now().AddDate(0, 1, 0)),
			Transfers: []gpd.Transfer{{ID: "1", Amount: 12050, RemittanceInformation: "TARI 2026",
				Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}},
		}},
	}
	created, err := client.CreatePosition(ctx, p, gpd.Publish)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.Status, created.PaymentOptions[0].NAV)

	_ = fake.Pay(ctx, "01234567897", "01000000001234519", "receipt-1")
	got, _ := client.GetPosition(ctx, p.IUPD)
	fmt.Println(got.Status)

	_, err = client.UpdatePosition(ctx, p, gpd.Draft)
	fmt.Println(errors.Is(err, gpd.ErrNotUpdatable))
	// Output:
	// VALID 301000000001234519
	// PAID
	// true
}
