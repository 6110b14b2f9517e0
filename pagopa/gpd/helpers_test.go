package gpd_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

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

// specsDir finds <repo>/../shared/specs/pagopa, or "" when absent.
func specsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
	d := filepath.Join(dir, "..", "shared", "specs", "pagopa")
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

// contract validates every request against the OpenAPI documents, then hands it to next.
type contract struct {
	t       *testing.T
	next    http.RoundTripper
	routers map[string]routers.Router // by path prefix
	mu      sync.Mutex
	checked map[string]int // "METHOD operationId" → count
}

var specFiles = map[string]string{
	"/gpd/debt-positions-service/v1":    "gpd/openapi_external_v1.json",
	"/gpd/debt-positions-service/v2":    "gpd/openapi_external_v2.json",
	"/gpd/debt-positions-service/v3":    "gpd/openapi_external_v3.json",
	"/gpd/payments-receipts-service/v1": "gpd/gpd_payments_receipts.json",
}

func newContract(t *testing.T, next http.RoundTripper) *contract {
	t.Helper()
	dir := specsDir(t)
	if dir == "" {
		t.Skip("specs directory ../shared/specs absent")
	}
	c := &contract{t: t, next: next, routers: map[string]routers.Router{}, checked: map[string]int{}}
	for prefix, file := range specFiles {
		raw, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		// GPD's path patterns use \h (horizontal space), which Go's RE2 lacks.
		raw = bytes.ReplaceAll(raw, []byte(`\\h`), []byte(` \\t`))
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromData(raw)
		if err != nil {
			t.Fatalf("load %s: %v", file, err)
		}
		doc.Servers = openapi3.Servers{{URL: testBase + prefix}}
		r, err := legacy.NewRouter(doc, openapi3.DisableSchemaDefaultsValidation(), openapi3.DisableExamplesValidation())
		if err != nil {
			t.Fatalf("router %s: %v", file, err)
		}
		c.routers[prefix] = r
	}
	return c
}

func (c *contract) RoundTrip(req *http.Request) (*http.Response, error) {
	var router routers.Router
	var api string
	for prefix, r := range c.routers {
		if strings.HasPrefix(req.URL.Path, prefix+"/") {
			router, api = r, prefix
		}
	}
	if router == nil {
		c.t.Errorf("contract: no spec for %s", req.URL.Path)
		return nil, fmt.Errorf("no spec")
	}
	// Read the body without consuming it for next.
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	vreq := req.Clone(context.Background())
	vreq.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := router.FindRoute(vreq)
	if err != nil {
		c.t.Errorf("contract: %s %s: %v", req.Method, req.URL, err)
		return c.next.RoundTrip(req)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: vreq, PathParams: params, Route: route,
		Options: &openapi3filter.Options{
			MultiError: true, SkipSettingDefaults: true, RejectWhenRequestBodyNotSpecified: true,
			AuthenticationFunc: func(_ context.Context, ai *openapi3filter.AuthenticationInput) error {
				if req.Header.Get("Ocp-Apim-Subscription-Key") == "" {
					return fmt.Errorf("missing subscription key")
				}
				return nil
			},
		},
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		c.t.Errorf("contract: %s %s (%s) does not validate: %v\nbody: %s", req.Method, req.URL, route.Operation.OperationID, err, body)
	}
	c.mu.Lock()
	c.checked[api+" "+req.Method+" "+route.Operation.OperationID]++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}
