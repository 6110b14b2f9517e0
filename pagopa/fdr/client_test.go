package fdr_test

import (
	"errors"
	"net/http"
	"testing"
	"testing/synctest"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/internal/contracttest"
	"github.com/siopi/siopi/pagopa/fdr"
)

const fdrBase = "https://fdr.test/fdr-org/service/v1/organizations/" + org

func newClient(t *testing.T, rt http.RoundTripper) *fdr.Client {
	t.Helper()
	c, err := fdr.NewClient(fdr.ClientConfig{SubscriptionKey: "k", OrganizationFiscalCode: org, BaseURL: "https://fdr.test",
		HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// validating wraps next with request validation against fdr_organization.json, when present.
func validating(t *testing.T, next http.RoundTripper) http.RoundTripper {
	t.Helper()
	spec := contracttest.Load(t, "https://fdr.test/fdr-org/service/v1", "pagopa", "fdr", "fdr_organization.json")
	return &contracttest.Transport{T: t, Next: next, Requests: true, Specs: []*contracttest.Spec{spec}}
}

func TestClientFlow(t *testing.T) {
	t.Parallel()
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodGet, fdrBase+"/fdrs", httpmock.NewJsonResponderOrPanic(200, map[string]any{
		"metadata": map[string]any{"pageSize": 1000, "pageNumber": 1, "totPage": 1}, "count": 1,
		"data": []map[string]any{{"fdr": "2026-03-02PSPITMMXXX-0001", "pspId": "PSPITMMXXX", "revision": 2, "published": "2026-03-02T12:00:00Z", "flowDate": "2026-03-02T10:00:00Z"}},
	}))
	flowURL := fdrBase + "/fdrs/2026-03-02PSPITMMXXX-0001/revisions/2/psps/PSPITMMXXX"
	mt.RegisterResponder(http.MethodGet, flowURL, httpmock.NewStringResponder(200, `{"status":"PUBLISHED","revision":2,
		"fdr":"2026-03-02PSPITMMXXX-0001","fdrDate":"2026-03-02T10:00:00Z","regulation":"TRN-1","regulationDate":"2026-03-02",
		"sender":{"type":"LEGAL_PERSON","id":"X","pspId":"PSPITMMXXX","pspName":"Banca","pspBrokerId":"B","channelId":"C"},
		"receiver":{"id":"R","organizationId":"`+org+`","organizationName":"Comune"},"totPayments":3,"sumPayments":130.5}`))
	page := 0
	mt.RegisterResponder(http.MethodGet, flowURL+"/payments", func(r *http.Request) (*http.Response, error) {
		page++
		data := []map[string]any{{"index": page, "iuv": "01000000001234519", "iur": "rcpt-1", "idTransfer": page, "pay": []float64{110, 10.5}[page-1], "payStatus": "EXECUTED", "payDate": "2026-03-01T10:00:00Z"}}
		if page == 2 {
			data = append(data, map[string]any{"index": 3, "iuv": "01000000000000188", "iur": "rcpt-2", "idTransfer": 1, "pay": 10.0, "payStatus": "NO_RPT", "payDate": "2026-03-01T10:00:00Z"})
		}
		return httpmock.NewJsonResponse(200, map[string]any{"metadata": map[string]any{"pageNumber": page, "totPage": 2}, "data": data})
	})
	c := newClient(t, validating(t, mt))
	var refs []fdr.FlowRef
	for ref, err := range c.Flows(t.Context(), fdr.ListOptions{PSP: "PSPITMMXXX", PublishedAfter: now.AddDate(0, 0, -7)}) {
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, ref)
	}
	if len(refs) != 1 || refs[0].Revision != 2 {
		t.Fatalf("refs %+v", refs)
	}
	f, err := c.Flow(t.Context(), refs[0])
	if err != nil {
		t.Fatal(err)
	}
	if f.TotalAmount != 13050 || len(f.Lines) != 3 || f.Lines[1].Amount != 1050 || f.Lines[1].Index != 2 || f.Lines[2].Outcome != fdr.NoRPT {
		t.Fatalf("flow %+v", f)
	}
	if f.Sum() != f.TotalAmount || f.Receiver != org {
		t.Errorf("sum %d receiver %s", f.Sum(), f.Receiver)
	}
}

func TestClientErrorsAndRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		mt := httpmock.NewMockTransport()
		mt.RegisterResponder(http.MethodGet, fdrBase+"/fdrs", httpmock.ResponderFromMultipleResponses([]*http.Response{
			httpmock.NewStringResponse(503, ""),
			httpmock.NewStringResponse(404, `{"httpStatusCode":404,"appErrorCode":"FDR-0404","errors":[{"message":"not found"}]}`),
		}))
		c := newClient(t, mt)
		for _, err := range c.Flows(t.Context(), fdr.ListOptions{}) {
			ae, ok := errors.AsType[*fdr.APIError](err)
			if !errors.Is(err, fdr.ErrNotFound) || !ok || ae.AppErrorCode != "FDR-0404" {
				t.Fatalf("err = %v", err)
			}
		}
		if n := mt.GetTotalCallCount(); n != 2 {
			t.Errorf("%d calls, want 2 (one retry after 503)", n)
		}
	})
}
