package gpd_test

import (
	"maps"
	"net/http"
	"slices"
	"testing"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/pagopa/gpd"
)

// TestContract sends every request the client can build through a transport that validates it
// against the official OpenAPI documents (../shared/specs/pagopa/gpd).
func TestContract(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	ok := httpmock.NewJsonResponderOrPanic(200, map[string]any{"iupd": "x"})
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		switch {
		case r.Method == http.MethodPost && (r.URL.Path == "/gpd/debt-positions-service/v1/organizations/"+testOrg+"/debtpositions" ||
			r.URL.Path == "/gpd/debt-positions-service/v3/organizations/"+testOrg+"/debtpositions" ||
			r.URL.Path == "/gpd/debt-positions-service/v2/organizations/"+testOrg+"/debtpositions"):
			return httpmock.NewJsonResponse(201, map[string]any{"iupd": "x"})
		case r.URL.Path == "/gpd/debt-positions-service/v1/organizations/"+testOrg+"/debtpositions" ||
			r.URL.Path == "/gpd/debt-positions-service/v3/organizations/"+testOrg+"/debtpositions" && r.Method == http.MethodGet:
			return httpmock.NewJsonResponse(200, map[string]any{"payment_position_list": []any{}, "page_info": map[string]any{"total_pages": 0}})
		case r.URL.Path == "/gpd/payments-receipts-service/v1/payments/"+testOrg+"/receipts":
			return httpmock.NewJsonResponse(200, map[string]any{"results": []any{}, "totalPages": 0})
		case r.URL.Path == "/gpd/payments-receipts-service/v1/payments/"+testOrg+"/receipts/01000000001234519":
			return httpmock.NewStringResponse(200, "<receipt/>"), nil
		}
		return ok(r)
	})
	ct := newContract(t, mt)
	c := newClient(t, ct)
	ctx := t.Context()
	p := samplePosition("01234567897-7d3c")
	p.PaymentOptions[0].Metadata = []gpd.Metadata{{Key: "RC_TIP_1", Value: "x"}}
	p.PaymentOptions[0].Transfers[0].PostalIBAN = "IT60X0760111101000000123456"
	stamp := samplePosition("01234567897-stamp")
	stamp.PaymentOptions[0].Transfers[1].IBAN = ""
	stamp.PaymentOptions[0].Transfers[1].Stamp = &gpd.Stamp{HashDocument: "dGVzdA==", StampType: "01", ProvincialResidence: "RM"}
	v3 := gpd.PositionV3{
		IUPD: "01234567897-plan", CompanyName: "Comune di Prova",
		PaymentOptions: []gpd.OptionV3{{
			Description: "TARI 2026 in 2 rate", Debtor: gpd.DebtorV3{Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"},
			Installments: []gpd.InstallmentV3{
				{IUV: "01000000000000188", Amount: 5000, Description: "Rata 1", DueDate: gpd.NewDateTime(testNow.AddDate(0, 1, 0)),
					Transfers: []gpd.Transfer{{ID: "1", Amount: 5000, RemittanceInformation: "TARI rata 1", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}}},
				{IUV: "01000000000000293", Amount: 5000, Description: "Rata 2", DueDate: gpd.NewDateTime(testNow.AddDate(0, 2, 0)),
					Transfers: []gpd.Transfer{{ID: "1", Amount: 5000, RemittanceInformation: "TARI rata 2", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}}},
			},
		}},
	}
	desc := true
	calls := []struct {
		name string
		fn   func() error
	}{
		{"create", func() error { _, err := c.CreatePosition(ctx, p, gpd.Publish); return err }},
		{"create stamp", func() error { _, err := c.CreatePosition(ctx, stamp, gpd.Draft); return err }},
		{"get", func() error { _, err := c.GetPosition(ctx, p.IUPD); return err }},
		{"update", func() error { _, err := c.UpdatePosition(ctx, p, gpd.Draft); return err }},
		{"delete", func() error { return c.DeletePosition(ctx, p.IUPD) }},
		{"publish", func() error { _, err := c.PublishPosition(ctx, p.IUPD); return err }},
		{"invalidate", func() error { _, err := c.InvalidatePosition(ctx, p.IUPD); return err }},
		{"mark paid", func() error { _, err := c.MarkPaid(ctx, "301000000001234519", testNow); return err }},
		{"update ibans", func() error {
			_, err := c.UpdateIBANs(ctx, "IT60X0542811101000000123456", "IT60X0542811101000000999999", 500)
			return err
		}},
		{"health", func() error { _, err := c.Health(ctx); return err }},
		{"list", func() error {
			for _, err := range c.ListPositions(ctx, gpd.ListOptions{Status: gpd.StatusValid, DueFrom: testNow, DueTo: testNow.AddDate(0, 1, 0), OrderBy: "IUPD", Descending: &desc}) {
				return err
			}
			return nil
		}},
		{"list by payment time", func() error {
			for _, err := range c.ListPositions(ctx, gpd.ListOptions{PaymentTimeFrom: testNow, PaymentTimeTo: testNow.AddDate(0, 0, 7)}) {
				return err
			}
			return nil
		}},
		{"bulk create", func() error { return c.CreatePositions(ctx, []gpd.Position{p, stamp}, gpd.Draft) }},
		{"bulk update", func() error { return c.UpdatePositions(ctx, []gpd.Position{p}, gpd.Publish) }},
		{"bulk delete", func() error { return c.DeletePositions(ctx, []string{p.IUPD, stamp.IUPD}) }},
		{"v3 create", func() error { _, err := c.CreatePositionV3(ctx, v3, gpd.Draft); return err }},
		{"v3 get", func() error { _, err := c.GetPositionV3(ctx, v3.IUPD); return err }},
		{"v3 update", func() error { _, err := c.UpdatePositionV3(ctx, v3, gpd.Publish); return err }},
		{"v3 delete", func() error { return c.DeletePositionV3(ctx, v3.IUPD) }},
		{"v3 publish", func() error { _, err := c.PublishPositionV3(ctx, v3.IUPD); return err }},
		{"v3 list", func() error {
			for _, err := range c.ListPositionsV3(ctx, gpd.ListOptions{Status: gpd.StatusUnpayable}) {
				return err
			}
			return nil
		}},
		{"receipts", func() error {
			for _, err := range c.ListReceipts(ctx, gpd.ReceiptQuery{Debtor: "RSSMRA80A01H501U", SegregationCodes: []string{"01", "02"}}) {
				return err
			}
			return nil
		}},
		{"receipt", func() error { _, err := c.GetReceipt(ctx, "01000000001234519", "01"); return err }},
	}
	for _, call := range calls {
		if err := call.fn(); err != nil {
			t.Errorf("%s: %v", call.name, err)
		}
	}
	ops := slices.Sorted(maps.Keys(ct.Validated()))
	if len(ops) < 21 {
		t.Errorf("only %d operations checked: %v", len(ops), ops)
	}
	t.Logf("validated operations: %v", ops)
}
