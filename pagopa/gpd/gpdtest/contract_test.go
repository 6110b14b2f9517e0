package gpdtest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

// TestResponsesMatchSpec drives the fake through the client and validates every response the fake
// sends against the official OpenAPI documents.
func TestResponsesMatchSpec(t *testing.T) {
	t.Parallel()
	dir, _ := os.Getwd()
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
	}
	specs := filepath.Join(dir, "..", "shared", "specs", "pagopa", "gpd")
	if _, err := os.Stat(specs); err != nil {
		t.Skip("specs directory ../shared/specs absent")
	}
	fake, _ := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	rts := map[string]routers.Router{}
	for prefix, file := range map[string]string{
		"/gpd/debt-positions-service/v1":    "openapi_external_v1.json",
		"/gpd/debt-positions-service/v2":    "openapi_external_v2.json",
		"/gpd/debt-positions-service/v3":    "openapi_external_v3.json",
		"/gpd/payments-receipts-service/v1": "gpd_payments_receipts.json",
	} {
		raw, err := os.ReadFile(filepath.Join(specs, file))
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.ReplaceAll(raw, []byte(`\\h`), []byte(` \\t`))
		doc, err := openapi3.NewLoader().LoadFromData(raw)
		if err != nil {
			t.Fatal(err)
		}
		doc.Servers = openapi3.Servers{{URL: fake.URL() + prefix}}
		r, err := legacy.NewRouter(doc, openapi3.DisableExamplesValidation(), openapi3.DisableSchemaDefaultsValidation())
		if err != nil {
			t.Fatal(err)
		}
		rts[prefix] = r
	}
	// The receipts API answers a receipt as application/xml, a plain string in the spec.
	openapi3filter.RegisterBodyDecoder("application/xml", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
		b, err := io.ReadAll(r)
		return string(b), err
	})
	checked := 0
	rt := rtFunc(func(req *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		var router routers.Router
		for p, r := range rts {
			if strings.HasPrefix(req.URL.Path, p+"/") {
				router = r
			}
		}
		route, params, ferr := router.FindRoute(req)
		if ferr != nil {
			t.Errorf("%s %s: %v", req.Method, req.URL, ferr)
			return resp, nil
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		if verr := openapi3filter.ValidateResponse(context.Background(), in); verr != nil {
			t.Errorf("%s %s → %d does not match the spec: %v\n%s", req.Method, req.URL.Path, resp.StatusCode, verr, body)
		}
		checked++
		return resp, nil
	})
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
	if checked < 21 {
		t.Errorf("only %d responses checked", checked)
	}
}

type rtFunc func(*http.Request) (*http.Response, error)

func (f rtFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
