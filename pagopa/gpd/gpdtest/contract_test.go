package gpdtest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/siopi/siopi/internal/contracttest"
	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

// TestResponsesMatchSpec drives the fake through the client and validates every response the fake
// sends against the official OpenAPI documents.
func TestResponsesMatchSpec(t *testing.T) {
	t.Parallel()
	fake, _ := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	specs := []*contracttest.Spec{
		contracttest.Load(t, fake.URL()+"/gpd/debt-positions-service/v1", "pagopa", "gpd", "openapi_external_v1.json"),
		contracttest.Load(t, fake.URL()+"/gpd/debt-positions-service/v2", "pagopa", "gpd", "openapi_external_v2.json"),
		contracttest.Load(t, fake.URL()+"/gpd/debt-positions-service/v3", "pagopa", "gpd", "openapi_external_v3.json"),
		contracttest.Load(t, fake.URL()+"/gpd/payments-receipts-service/v1", "pagopa", "gpd", "gpd_payments_receipts.json"),
	}
	// The receipts API answers a receipt as application/xml, a plain string in the spec.
	openapi3filter.RegisterBodyDecoder("application/xml", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(r)
		return string(b), err
	})
	rt := &contracttest.Transport{T: t, Responses: true, Specs: specs}
	c, err := gpd.New(gpd.Config{SubscriptionKey: "k", OrganizationFiscalCode: org, BaseURL: fake.URL(),
		HTTPClient: &http.Client{Transport: rt}, Now: clock, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	p := position("spec-1", "01000000000001861", now.AddDate(0, 1, 0))
	_, _ = c.CreatePosition(ctx, p, gpd.Draft)
	_, _ = c.CreatePosition(ctx, p, gpd.Draft) // 409
	_, _ = c.GetPosition(ctx, p.IUPD)
	_, _ = c.GetPosition(ctx, "missing") // 404
	_, _ = c.UpdatePosition(ctx, p, gpd.Draft)
	_, _ = c.PublishPosition(ctx, p.IUPD)
	_, _ = c.MarkPaid(ctx, "301000000000001861", now)
	for range c.ListPositions(ctx, gpd.ListOptions{Status: gpd.StatusPaid}) {
	}
	_, _ = c.UpdateIBANs(ctx, "IT60X0542811101000000123456", "IT60X0542811101000000999999", 10)
	q := position("spec-2", "01000000000002972", now.AddDate(0, 1, 0))
	_, _ = c.CreatePosition(ctx, q, gpd.Publish)
	_, _ = c.InvalidatePosition(ctx, q.IUPD)
	_ = c.DeletePosition(ctx, q.IUPD)
	_, _ = c.Health(ctx)
	_, _ = c.CreatePositionV3(ctx, gpd.PositionV3{IUPD: "spec-3", CompanyName: "Comune", PaymentOptions: []gpd.OptionV3{{
		Debtor:       gpd.DebtorV3{Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"},
		Installments: []gpd.InstallmentV3{{IUV: "01000000000003982", Amount: 5000, Description: "Rata", DueDate: gpd.NewDateTime(now.AddDate(0, 1, 0)), Transfers: p.PaymentOptions[0].Transfers}},
	}}}, gpd.Publish)
	_, _ = c.GetPositionV3(ctx, "spec-3")
	for range c.ListPositionsV3(ctx, gpd.ListOptions{}) {
	}
	bulk := position("spec-4", "01000000000004891", now.AddDate(0, 1, 0))
	_ = c.CreatePositions(ctx, []gpd.Position{bulk}, gpd.Draft)
	_ = c.UpdatePositions(ctx, []gpd.Position{bulk}, gpd.Publish)
	_ = c.DeletePositions(ctx, []string{bulk.IUPD})
	paid := position("spec-5", "01000000000005801", now.AddDate(0, 1, 0))
	if _, err := c.CreatePosition(ctx, paid, gpd.Publish); err != nil {
		t.Fatal(err)
	}
	if err := fake.Pay(ctx, org, "01000000000005801", "receipt-5"); err != nil {
		t.Fatal(err)
	}
	for range c.ListReceipts(ctx, gpd.ReceiptQuery{}) {
	}
	if _, err := c.GetCoreReceipt(ctx, "01000000000005801"); err != nil {
		t.Errorf("GetCoreReceipt: %v", err)
	}
	_, _ = c.GetReceipt(ctx, "01000000000004891") // 404
	checked := 0
	for _, n := range rt.Validated() {
		checked += n
	}
	if checked < 21 {
		t.Errorf("only %d responses checked", checked)
	}
}
