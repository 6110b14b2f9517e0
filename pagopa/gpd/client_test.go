package gpd_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/pagopa/gpd"
)

const v1 = testBase + "/gpd/debt-positions-service/v1/organizations/" + testOrg

func problem(status int, title, detail string) httpmock.Responder {
	return httpmock.NewJsonResponderOrPanic(status, map[string]any{"title": title, "status": status, "detail": detail})
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	for name, cfg := range map[string]gpd.Config{
		"no key":   {OrganizationFiscalCode: testOrg},
		"bad org":  {SubscriptionKey: "k", OrganizationFiscalCode: "123"},
		"bad base": {SubscriptionKey: "k", OrganizationFiscalCode: testOrg, BaseURL: "ftp://x"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := gpd.New(cfg); !errors.Is(err, gpd.ErrConfig) {
				t.Fatalf("New = %v, want ErrConfig", err)
			}
		})
	}
}

func TestCreatePosition(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	var sent map[string]any
	mt.RegisterResponder(http.MethodPost, v1+"/debtpositions", func(r *http.Request) (*http.Response, error) {
		if got := r.Header.Get("Ocp-Apim-Subscription-Key"); got != "key-123" {
			t.Errorf("subscription key = %q", got)
		}
		if got := r.URL.Query().Get("toPublish"); got != "true" {
			t.Errorf("toPublish = %q", got)
		}
		b, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(b, &sent); err != nil {
			t.Fatal(err)
		}
		var p gpd.Position
		_ = json.Unmarshal(b, &p)
		p.Status = gpd.StatusValid
		p.PaymentOptions[0].NAV = "3" + p.PaymentOptions[0].IUV
		return httpmock.NewJsonResponse(http.StatusCreated, p)
	})
	c := newClient(t, mt)
	in := samplePosition("01234567897-abc")
	in.Status = gpd.StatusPaid // read-only: must not be sent
	got, err := c.CreatePosition(t.Context(), in, gpd.Publish)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != gpd.StatusValid || got.PaymentOptions[0].NAV != "301000000001234519" {
		t.Errorf("got status %s nav %s", got.Status, got.PaymentOptions[0].NAV)
	}
	if _, ok := sent["status"]; ok {
		t.Error("read-only status was sent")
	}
	if sent["paymentOption"].([]any)[0].(map[string]any)["dueDate"] != "2026-04-01T10:00:00.000Z" {
		t.Errorf("dueDate sent as %v", sent["paymentOption"].([]any)[0].(map[string]any)["dueDate"])
	}
}

func TestCreatePositionRefusesInvalidBeforeSending(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	c := newClient(t, mt)
	p := samplePosition("iupd-1")
	p.PaymentOptions[0].Transfers[1].Amount = 1 // sum no longer matches
	_, err := c.CreatePosition(t.Context(), p, gpd.Draft)
	var ve *gpd.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, gpd.ErrInvalid) {
		t.Fatalf("err = %v, want *ValidationError", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Fatalf("%d calls sent for an invalid position", n)
	}
	if strings.Contains(err.Error(), "RSSMRA") {
		t.Error("validation error leaks the debtor's fiscal code")
	}
}

func TestErrorMapping(t *testing.T) {
	t.Parallel()
	cases := []struct {
		status    int
		title     string
		kind      error
		code, paa string
	}{
		{404, "Not found the debt position", gpd.ErrNotFound, "DEBT_POSITION_NOT_FOUND", "PAA_PAGAMENTO_SCONOSCIUTO"},
		{409, "The debt position violated constraints of uniqueness", gpd.ErrDuplicate, "DEBT_POSITION_UNIQUE_VIOLATION", "PAA_PAGAMENTO_DUPLICATO"},
		{409, "Existing related payment found or not in updatable state", gpd.ErrNotUpdatable, "DEBT_POSITION_NOT_UPDATABLE", "PAA_PAGAMENTO_IN_CORSO"},
		{409, "Existing related payment found", gpd.ErrAlreadyPaid, "DEBT_POSITION_PAYMENT_FOUND", "PAA_PAGAMENTO_DUPLICATO"},
		{409, "Publish request occurred after the validity date began", gpd.ErrNotPublishable, "DEBT_POSITION_PUBLISH_VALIDITY_DATE_MISMATCH", "PAA_PAGAMENTO_IN_CORSO"},
		{422, "Not in payable state", gpd.ErrNotPayable, "PAYMENT_OPTION_NOT_PAYABLE", "PAA_SEMANTICA"},
		{400, "Error in the debt position request data", gpd.ErrBadRequest, "DEBT_POSITION_REQUEST_DATA_ERROR", "PAA_SINTASSI"},
		{403, "", gpd.ErrForbidden, "", "PAA_PAGAMENTO_SCONOSCIUTO"},
		{401, "", gpd.ErrUnauthorized, "", "PAA_SYSTEM_ERROR"},
		{500, "The debt position publish is failed", gpd.ErrServer, "DEBT_POSITION_PUBLISH_FAILED", "PAA_SYSTEM_ERROR"},
	}
	for _, tc := range cases {
		t.Run(tc.title+http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			mt := httpmock.NewMockTransport()
			mt.RegisterResponder(http.MethodPost, v1+"/debtpositions/iupd-1/publish", problem(tc.status, tc.title, "detail for iupd-1"))
			c := newClient(t, mt)
			_, err := c.PublishPosition(t.Context(), "iupd-1")
			if !errors.Is(err, tc.kind) {
				t.Fatalf("err = %v, want kind %v", err, tc.kind)
			}
			ae, ok := errors.AsType[*gpd.APIError](err)
			if !ok {
				t.Fatalf("err %T is not *APIError", err)
			}
			if ae.StatusCode != tc.status || ae.Code != tc.code {
				t.Errorf("status %d code %q", ae.StatusCode, ae.Code)
			}
			if _, paa := ae.PAA(); paa != tc.paa {
				t.Errorf("PAA = %s, want %s", paa, tc.paa)
			}
			if n := mt.GetTotalCallCount(); n != 1 {
				t.Errorf("a POST was sent %d times", n)
			}
		})
	}
}

func TestRetrySafeMethodsOnly(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, v1+"/debtpositions/iupd-1", httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(503, ""),
			httpmock.NewStringResponse(502, ""),
			httpmock.NewJsonResponseOrPanic(200, map[string]any{"iupd": "iupd-1", "status": "VALID"}),
		}))
		c := newClient(t, mt)
		p, err := c.GetPosition(t.Context(), "iupd-1")
		if err != nil || p.Status != gpd.StatusValid {
			t.Fatalf("GetPosition = %v, %v", p, err)
		}
		if n := mt.GetTotalCallCount(); n != 3 {
			t.Errorf("GET sent %d times, want 3", n)
		}
	})
}

func TestCreateNeverRetriedBlindly(t *testing.T) {
	t.Parallel()
	for _, exists := range []bool{false, true} {
		t.Run(map[bool]string{false: "absent", true: "created"}[exists], func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				mt := httpmock.NewMockTransport()
				mt.RegisterResponder(http.MethodPost, v1+"/debtpositions", httpmock.NewStringResponder(503, ""))
				p := samplePosition("iupd-9")
				if exists {
					mt.RegisterResponder(http.MethodGet, v1+"/debtpositions/iupd-9", httpmock.NewJsonResponderOrPanic(200, p))
				} else {
					mt.RegisterResponder(http.MethodGet, v1+"/debtpositions/iupd-9", problem(404, "Not found the debt position", ""))
				}
				c := newClient(t, mt)
				_, err := c.CreatePosition(t.Context(), p, gpd.Draft)
				if exists != (err == nil) {
					t.Fatalf("err = %v", err)
				}
				if !exists && !errors.Is(err, gpd.ErrServer) {
					t.Fatalf("err = %v, want ErrServer", err)
				}
				if n := mt.GetCallCountInfo()["POST "+v1+"/debtpositions"]; n != 1 {
					t.Errorf("create POST sent %d times", n)
				}
			})
		})
	}
}

func TestRateLimitedPostIsRetried(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodPost, v1+"/debtpositions/iupd-1/invalidate", httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(429, ""),
			httpmock.NewJsonResponseOrPanic(200, map[string]any{"iupd": "iupd-1", "status": "INVALID"}),
		}))
		c := newClient(t, mt)
		p, err := c.InvalidatePosition(t.Context(), "iupd-1")
		if err != nil || p.Status != gpd.StatusInvalid {
			t.Fatalf("InvalidatePosition = %v, %v", p, err)
		}
	})
}

func TestListPositionsPaginates(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, v1+"/debtpositions", func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query()
		if q.Get("limit") != "2" || (q.Get("status") != "" && (q.Get("status") != "VALID" || q.Get("due_date_from") != "2026-01-01")) {
			t.Errorf("query = %v", q)
		}
		page := q.Get("page")
		list := []map[string]any{{"iupd": "a" + page}, {"iupd": "b" + page}}
		if page == "2" {
			list = list[:1]
		}
		return httpmock.NewJsonResponse(200, map[string]any{
			"payment_position_list": list,
			"page_info":             map[string]any{"page": 0, "limit": 2, "items_found": len(list), "total_pages": 3},
		})
	})
	c := newClient(t, mt)
	var got []string
	for p, err := range c.ListPositions(t.Context(), gpd.ListOptions{Status: gpd.StatusValid, DueFrom: testNow.AddDate(0, -2, 0), PageSize: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p.IUPD)
	}
	if strings.Join(got, ",") != "a0,b0,a1,b1,a2" {
		t.Fatalf("iterated %v", got)
	}
	// Breaking early fetches no further page.
	mt.ZeroCallCounters()
	for range c.ListPositions(t.Context(), gpd.ListOptions{PageSize: 2}) {
		break
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("early break fetched %d pages", n)
	}
}

func TestListRejectsMixedFilters(t *testing.T) {
	t.Parallel()
	c := newClient(t, httpmock.NewMockTransport())
	for _, err := range c.ListPositions(t.Context(), gpd.ListOptions{DueFrom: testNow, PaymentFrom: testNow}) {
		if !errors.Is(err, gpd.ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
	}
}

func TestForOrganization(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodDelete, testBase+"/gpd/debt-positions-service/v1/organizations/98765432103/debtpositions/x-1",
		httpmock.NewStringResponder(200, `"ok"`))
	c := newClient(t, mt)
	other, err := c.ForOrganization("98765432103")
	if err != nil {
		t.Fatal(err)
	}
	if err := other.DeletePosition(t.Context(), "x-1"); err != nil {
		t.Fatal(err)
	}
	if c.Organization() != testOrg {
		t.Error("ForOrganization changed the original client")
	}
}

func TestDateTimeLenient(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`"2026-12-31T23:59:59"`, `"2026-12-31T23:59:59.000Z"`, `"2027-01-01T00:59:59+01:00"`, `"2026-12-31T23:59:59.123456"`} {
		var d gpd.DateTime
		if err := json.Unmarshal([]byte(s), &d); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
		if d.Format("2006-01-02T15:04:05") != "2026-12-31T23:59:59" {
			t.Errorf("%s parsed as %v", s, d.Time)
		}
	}
	var d gpd.DateTime
	if err := json.Unmarshal([]byte(`"31/12/2026"`), &d); err == nil {
		t.Error("accepted a non-ISO date")
	}
}

func TestTransportErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		calls := 0
		mt.RegisterResponder(http.MethodGet, v1+"/debtpositions/iupd-1", func(*http.Request) (*http.Response, error) {
			calls++
			if calls == 1 {
				return nil, errors.New("connection reset by peer")
			}
			return httpmock.NewJsonResponse(200, map[string]any{"iupd": "iupd-1"})
		})
		mt.RegisterResponder(http.MethodPost, v1+"/debtpositions/iupd-1/publish", httpmock.NewErrorResponder(errors.New("connection reset by peer")))
		c := newClient(t, mt)
		if _, err := c.GetPosition(t.Context(), "iupd-1"); err != nil {
			t.Fatalf("GET not retried after a transport error: %v", err)
		}
		_, err := c.PublishPosition(t.Context(), "iupd-1")
		if !errors.Is(err, gpd.ErrTransport) {
			t.Fatalf("publish: %v", err)
		}
		if n := mt.GetCallCountInfo()["POST "+v1+"/debtpositions/iupd-1/publish"]; n != 1 {
			t.Errorf("POST retried %d times after a transport error", n-1)
		}
	})
}
