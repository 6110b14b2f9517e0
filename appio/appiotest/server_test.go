package appiotest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/appio/appiotest"
)

const (
	cf       = "RSSMRA79B11C566R"
	markdown = "Gentile cittadino, la sua pratica è stata protocollata. Troverà i dettagli nell'area personale."
)

// do sends a raw request to the fake and decodes the JSON answer.
func do(t *testing.T, srv *appiotest.Server, method, path, key, body string) (int, http.Header, map[string]any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, srv.BaseURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Ocp-Apim-Subscription-Key", key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s: body %q: %v", method, path, b, err)
		}
	}
	return resp.StatusCode, resp.Header, out
}

func newServer(t *testing.T, cfg appiotest.Config) *appiotest.Server {
	t.Helper()
	srv := appiotest.NewServer(cfg)
	t.Cleanup(srv.Close)
	return srv
}

func message(fields string) string {
	return `{"fiscal_code":"` + cf + `","content":{"subject":"Pratica protocollata","markdown":"` + markdown + `"` + fields + `}}`
}

func TestSubmitValidation(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{MaxPaymentAmount: 1000})
	tests := []struct {
		name, path, body string
		status           int
		title, detail    string // substrings
	}{
		{"valid", "/messages", message(""), 201, "", ""},
		{"not json", "/messages", `{`, 400, "Invalid payload", ""},
		{"lower-case code", "/messages", strings.Replace(message(""), cf, strings.ToLower(cf), 1), 400, "Invalid NewMessage", "root.0.fiscal_code"},
		{"no fiscal code", "/messages", `{"content":{"subject":"Pratica protocollata","markdown":"` + markdown + `"}}`, 400, "Bad request", "fiscal_code"},
		{"both fiscal codes", "/messages/" + cf, message(""), 400, "Bad request", "either in the path or in the body"},
		{"path variant", "/messages/" + cf, `{"content":{"subject":"Pratica protocollata","markdown":"` + markdown + `"}}`, 201, "", ""},
		{"short subject", "/messages", strings.Replace(message(""), "Pratica protocollata", "Breve", 1), 400, "Invalid NewMessage", "content.subject"},
		{"emoji subject counted in UTF-16", "/messages", strings.Replace(message(""), "Pratica protocollata", strings.Repeat("📬", 61), 1), 400, "Invalid NewMessage", "content.subject"},
		{"short markdown", "/messages", strings.Replace(message(""), markdown, "corto", 1), 400, "Invalid NewMessage", "content.markdown"},
		{"ttl", "/messages", strings.Replace(message(""), `{"fiscal_code"`, `{"time_to_live":60,"fiscal_code"`, 1), 400, "Invalid NewMessage", "time_to_live"},
		{"date-only due date", "/messages", message(`,"due_date":"2026-01-01"`), 400, "Invalid NewMessage", "content.due_date"},
		{"due date with offset", "/messages", message(`,"due_date":"2026-01-01T10:00:00+01:00"`), 201, "", ""},
		{"amount 0", "/messages", message(`,"payment_data":{"amount":0,"notice_number":"301000000000012345"}`), 400, "Invalid NewMessage", "content.payment_data.amount"},
		{"amount as string", "/messages", message(`,"payment_data":{"amount":"10","notice_number":"301000000000012345"}`), 400, "Invalid NewMessage", "content.payment_data.amount"},
		{"notice number", "/messages", message(`,"payment_data":{"amount":10,"notice_number":"501000000000012345"}`), 400, "Invalid NewMessage", "notice_number"},
		{"over service maximum", "/messages", message(`,"payment_data":{"amount":1001,"notice_number":"301000000000012345"}`), 400, "Error while sending payment metadata", "exceeds the maximum allowed for this service (1000 cents)"},
		{"payee without permission", "/messages", message(`,"payment_data":{"amount":10,"notice_number":"301000000000012345","payee":{"fiscal_code":"01234567897"}}`), 403, "You are not allowed here", "payee"},
		{"premium without permission", "/messages", strings.Replace(message(""), `{"fiscal_code"`, `{"feature_level_type":"ADVANCED","fiscal_code"`, 1), 403, "You are not allowed here", "Premium"},
		{"third party without permission", "/messages", message(`,"third_party_data":{"id":"x","configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`), 403, "You are not allowed here", "third party"},
		{"third party without id", "/messages", message(`,"third_party_data":{"configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`), 400, "Invalid NewMessage", "third_party_data.id"},
		{"unknown feature level", "/messages", strings.Replace(message(""), `{"fiscal_code"`, `{"feature_level_type":"GOLD","fiscal_code"`, 1), 400, "Invalid NewMessage", "feature_level_type"},
		{"unknown precondition", "/messages", message(`,"third_party_data":{"id":"x","has_precondition":"SOMETIMES","configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`), 400, "Invalid NewMessage", "has_precondition"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, h, body := do(t, srv, "POST", tt.path, appiotest.DefaultAPIKey, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d: %v", status, tt.status, body)
			}
			if status == 201 {
				if id, _ := body["id"].(string); len(id) != 26 || !strings.HasSuffix(h.Get("Location"), "/"+id) {
					t.Errorf("id %q, Location %q", id, h.Get("Location"))
				}
				return
			}
			if h.Get("Content-Type") != "application/problem+json" {
				t.Errorf("content type %q", h.Get("Content-Type"))
			}
			title, _ := body["title"].(string)
			detail, _ := body["detail"].(string)
			if !strings.Contains(title, tt.title) || !strings.Contains(detail, tt.detail) || body["status"] != float64(tt.status) {
				t.Errorf("problem = %v", body)
			}
		})
	}
}

func TestThirdPartyRules(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{AllowThirdParty: true})
	status, _, body := do(t, srv, "POST", "/messages", appiotest.DefaultAPIKey, message(`,"third_party_data":{"id":"x"}`))
	if status != 403 || !strings.Contains(body["detail"].(string), "No configuration id for remote content") {
		t.Errorf("no configuration: %d %v", status, body)
	}
	status, _, body = do(t, srv, "POST", "/messages", appiotest.DefaultAPIKey, message(`,"third_party_data":{"id":"x","has_attachments":true,"configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`))
	if status != 403 || body["title"] != "Attachments call forbidden" {
		t.Errorf("attachments on standard: %d %v", status, body)
	}
}

func TestGateway(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{})
	for _, tt := range []struct {
		name, key, path string
		status          int
		message         string
	}{
		{"missing key", "", "/profiles", 401, "missing subscription key"},
		{"wrong key", "nope", "/profiles", 401, "invalid subscription key"},
		{"manage key on a use call", appiotest.DefaultManageKey, "/profiles", 401, "invalid subscription key"},
		{"unknown path", appiotest.DefaultAPIKey, "/nowhere", 404, "Resource not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, _, body := do(t, srv, "POST", tt.path, tt.key, `{"fiscal_code":"`+cf+`"}`)
			if status != tt.status || body["statusCode"] != float64(tt.status) || !strings.Contains(body["message"].(string), tt.message) {
				t.Errorf("%d %v", status, body)
			}
		})
	}
}

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := newServer(t, appiotest.Config{
		Citizens: map[string]appiotest.Citizen{cf: {SenderAllowed: true}},
		Limit:    appiotest.Limit{Requests: 3, Per: 5 * time.Second},
		Now:      func() time.Time { return now },
	})
	for i, want := range []string{"2", "1", "0"} {
		status, h, _ := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"`+cf+`"}`)
		if status != 200 || h.Get("x-rate-limit-remaining") != want {
			t.Fatalf("request %d: %d remaining %q", i, status, h.Get("x-rate-limit-remaining"))
		}
	}
	now = now.Add(2 * time.Second)
	status, h, body := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"`+cf+`"}`)
	if status != 429 || h.Get("x-rate-limit-retry-after") != "3" || h.Get("Retry-After") != "" || body["statusCode"] != float64(429) {
		t.Errorf("429: %d %v %v", status, h, body)
	}
	now = now.Add(3 * time.Second)
	if status, _, _ := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"`+cf+`"}`); status != 200 {
		t.Errorf("after the window: %d", status)
	}
}

func TestFaultRules(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{Seed: 42})
	srv.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.Fault500, Times: 2})
	srv.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.Fault429, Rate: 0.5, RetryAfter: 4})
	counts := map[int]int{}
	for range 200 {
		status, h, _ := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"AAAAAA00A00A000A"}`)
		counts[status]++
		if status == 429 && h.Get("x-rate-limit-retry-after") != "4" {
			t.Errorf("retry after %q", h.Get("x-rate-limit-retry-after"))
		}
	}
	if counts[500] != 2 || counts[429] < 60 || counts[429] > 140 || counts[200] < 60 {
		t.Errorf("counts %v", counts)
	}
	if n := srv.Requests()["getProfileByPOST"]; n != 200 {
		t.Errorf("Requests = %d", n)
	}
	srv.ClearFaults()
	srv.InjectFault(appiotest.FaultRule{Kind: appiotest.FaultDrop, Times: 1})
	req, _ := http.NewRequestWithContext(t.Context(), "POST", srv.BaseURL+"/profiles", strings.NewReader(`{}`))
	req.Header.Set("Ocp-Apim-Subscription-Key", appiotest.DefaultAPIKey)
	if resp, err := srv.Client().Do(req); err == nil {
		resp.Body.Close()
		t.Error("dropped connection answered")
	}
}

func TestCitizens(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{})
	if status, _, _ := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"`+cf+`"}`); status != 404 {
		t.Errorf("unknown citizen: %d", status)
	}
	srv.SetCitizen(strings.ToLower(cf), appiotest.Citizen{SenderAllowed: true, Languages: []string{"de_DE"}})
	status, _, body := do(t, srv, "GET", "/profiles/"+cf, appiotest.DefaultAPIKey, "")
	if status != 200 || body["sender_allowed"] != true {
		t.Errorf("legacy getProfile: %d %v", status, body)
	}
	srv.RemoveCitizen(cf)
	if status, _, _ := do(t, srv, "POST", "/profiles", appiotest.DefaultAPIKey, `{"fiscal_code":"`+cf+`"}`); status != 404 {
		t.Errorf("removed citizen: %d", status)
	}
}

func TestFiscalCodePayloads(t *testing.T) {
	t.Parallel()
	srv := newServer(t, appiotest.Config{Citizens: map[string]appiotest.Citizen{cf: {SenderAllowed: true}}})
	tests := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/profiles", `{"fiscal_code":"` + cf + `"}`, 200},
		{"POST", "/profiles", `{"fiscal_code":"00"}`, 400},
		{"POST", "/profiles", `{}`, 400},
		{"POST", "/activations/", `{"fiscal_code":"rssmra79b11c566r"}`, 400},
		{"PUT", "/activations/", `{"fiscal_code":"` + cf + `","status":"ACTIVE"}`, 200},
		{"PUT", "/activations/", `{"fiscal_code":"` + cf + `","status":"ENABLED"}`, 400},
		{"POST", "/activations/", `{"fiscal_code":"` + cf + `"}`, 200},
	}
	for _, tt := range tests { // in order: the last one reads the upsert
		if status, _, body := do(t, srv, tt.method, tt.path, appiotest.DefaultAPIKey, tt.body); status != tt.status {
			t.Errorf("%s %s %s: %d %v, want %d", tt.method, tt.path, tt.body, status, body, tt.status)
		}
	}
}
