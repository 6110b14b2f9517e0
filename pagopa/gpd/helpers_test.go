package gpd_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/contracttest"
	"github.com/siopi/siopi/pagopa/gpd"
)

const (
	testOrg  = "01234567897"
	testBase = "https://gpd.test"
)

var testNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// newClient returns a client whose transport is a fresh httpmock transport.
func newClient(t *testing.T, rt http.RoundTripper) *gpd.Client {
	t.Helper()
	c, err := gpd.New(gpd.Config{
		SubscriptionKey:        "key-123",
		OrganizationFiscalCode: testOrg,
		BaseURL:                testBase,
		HTTPClient:             &http.Client{Transport: rt},
		RetryWaitMin:           time.Millisecond,
		RetryWaitMax:           time.Millisecond,
		Now:                    func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// samplePosition is a valid single-option position with two transfers (TARI + TEFA style).
func samplePosition(iupd string) gpd.Position {
	return gpd.Position{
		IUPD: iupd, Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi",
		CompanyName: "Comune di Prova", SwitchToExpired: false,
		PaymentOptions: []gpd.Option{{
			IUV: "01000000001234519", Amount: 12050, Description: "TARI 2026", IsPartialPayment: false,
			DueDate: gpd.NewDateTime(testNow.AddDate(0, 1, 0)),
			Transfers: []gpd.Transfer{
				{ID: "1", Amount: 11000, RemittanceInformation: "TARI 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"},
				{ID: "2", Amount: 1050, OrganizationFiscalCode: "80012345676", RemittanceInformation: "TEFA 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000654321"},
			},
		}},
	}
}

// newContract returns a transport that validates every request against GPD's OpenAPI documents
// (../shared/specs/pagopa/gpd), then sends it with next.
func newContract(t *testing.T, next http.RoundTripper) *contracttest.Transport {
	t.Helper()
	return &contracttest.Transport{T: t, Next: next, Requests: true, Specs: gpdSpecs(t, testBase)}
}

// gpdSpecs loads GPD's OpenAPI documents, served at base.
func gpdSpecs(t *testing.T, base string) []*contracttest.Spec {
	t.Helper()
	return []*contracttest.Spec{
		contracttest.Load(t, base+"/gpd/debt-positions-service/v1", "pagopa", "gpd", "openapi_external_v1.json"),
		contracttest.Load(t, base+"/gpd/debt-positions-service/v2", "pagopa", "gpd", "openapi_external_v2.json"),
		contracttest.Load(t, base+"/gpd/debt-positions-service/v3", "pagopa", "gpd", "openapi_external_v3.json"),
		contracttest.Load(t, base+"/gpd/payments-receipts-service/v1", "pagopa", "gpd", "gpd_payments_receipts.json"),
	}
}
