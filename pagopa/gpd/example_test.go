package gpd_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

func ExampleClient_CreatePosition() {
	now := func() time.Time { return time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC) }
	srv := httptest.NewServer(gpdtest.New(gpdtest.Config{Now: now})) // stands in for GPD
	defer srv.Close()

	client, err := gpd.New(gpd.Config{
		SubscriptionKey:        "your-apim-key",
		OrganizationFiscalCode: "01234567897",
		BaseURL:                srv.URL, // gpd.ProductionBaseURL or gpd.UATBaseURL in real life
		Now:                    now,
	})
	if err != nil {
		panic(err)
	}
	p := gpd.Position{
		IUPD: "01234567897-tari-2026-0001", Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U",
		FullName: "Mario Rossi", CompanyName: "Comune di Prova",
		PaymentOptions: []gpd.Option{{
			IUV: "01000000001234519", Amount: 12050, Description: "TARI 2026",
			DueDate: gpd.NewDateTime(time.Date(2026, 4, 30, 21, 59, 59, 0, time.UTC)),
			Transfers: []gpd.Transfer{
				{ID: "1", Amount: 11000, RemittanceInformation: "TARI 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"},
				{ID: "2", Amount: 1050, OrganizationFiscalCode: "80012345676", RemittanceInformation: "TEFA 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000654321"},
			},
		}},
	}
	created, err := client.CreatePosition(context.Background(), p, gpd.Publish)
	if err != nil {
		panic(err)
	}
	fmt.Println(created.Status, created.PaymentOptions[0].NAV)
	// Output: VALID 301000000001234519
}

func ExampleValidatePosition() {
	p := gpd.Position{IUPD: "x", Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi",
		CompanyName: "Comune di Prova", PaymentOptions: []gpd.Option{{
			IUV: "01000000001234519", Amount: 100, Description: "Diritti",
			DueDate:   gpd.NewDateTime(time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)),
			Transfers: []gpd.Transfer{{ID: "1", Amount: 90, RemittanceInformation: "Diritti", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}},
		}}}
	err := gpd.ValidatePosition(p, time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	fmt.Println(errors.Is(err, gpd.ErrInvalid))
	fmt.Println(err)
	// Output:
	// true
	// gpd: invalid position: paymentOption[0]: transfers sum to 90 cents, amount is 100
}

func ExampleAPIError_PAA() {
	err := error(&gpd.APIError{Op: "getOrganizationDebtPositionByIUPD", StatusCode: 404})
	if ae, ok := errors.AsType[*gpd.APIError](err); ok {
		fmt.Println(ae.PAA())
	}
	// Output: ODP-107 PAA_PAGAMENTO_SCONOSCIUTO
}
