package appio_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/workday"
)

const (
	testBase   = "https://io.test/api/v1"
	testKey    = "use-key"
	testManage = "manage-key"
	citizen    = "RSSMRA79B11C566R"
	messageID  = "01BX9NSMKVXXS5PSP2FATZMYYY"
	markdown80 = "Gentile cittadino, la sua pratica è stata protocollata. Troverà i dettagli nell'area personale del portale."
)

// newMockClient returns a client whose transport is a fresh httpmock
// transport, with the limiter off and millisecond backoff.
func newMockClient(t *testing.T, mod ...func(*appio.Config)) (*appio.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	cfg := appio.Config{
		BaseURL: testBase, APIKey: testKey, ManageKey: testManage,
		HTTPClient:   &http.Client{Transport: mt},
		Limit:        appio.Limit{Disabled: true},
		RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := appio.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, mt
}

// captured is one request seen by a responder.
type captured struct {
	method, path, key, contentType string
	body                           map[string]any
}

func capture(got *captured, status int, body string) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		got.method, got.path = r.Method, r.URL.Path
		got.key, got.contentType = r.Header.Get("Ocp-Apim-Subscription-Key"), r.Header.Get("Content-Type")
		if r.Body != nil {
			b, _ := io.ReadAll(r.Body)
			if len(b) > 0 {
				if err := json.Unmarshal(b, &got.body); err != nil {
					return nil, err
				}
			}
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

func newMessage() appio.NewMessage {
	return appio.NewMessage{
		FiscalCode: strings.ToLower(citizen),
		Content:    appio.MessageContent{Subject: "Pratica protocollata", Markdown: markdown80},
	}
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG\r\n\x1a\nrest")
	tests := []struct {
		name     string
		method   string
		url      string
		status   int
		resp     string
		call     func(t *testing.T, c *appio.Client) error
		wantKey  string
		wantBody string // JSON, compared structurally; "" = no body
	}{
		{"GetProfile", "POST", "/profiles", 200, `{"sender_allowed":true,"preferred_languages":["it_IT"]}`,
			func(t *testing.T, c *appio.Client) error {
				p, err := c.GetProfile(t.Context(), " rssmra79b11c566r ")
				if err == nil && (!p.SenderAllowed || p.PreferredLanguages[0] != "it_IT") {
					t.Errorf("profile = %+v", p)
				}
				return err
			}, testKey, `{"fiscal_code":"RSSMRA79B11C566R"}`},
		{"SubmitMessage", "POST", "/messages", 201, `{"id":"` + messageID + `"}`,
			func(t *testing.T, c *appio.Client) error {
				m := newMessage()
				m.TimeToLive = 7200
				m.Content.DueDate = appio.EndOfDay(workday.NewDate(2026, time.January, 15))
				m.Content.PaymentData = &appio.PaymentData{Amount: 5000, NoticeNumber: "301000000000012345", InvalidAfterDueDate: true}
				id, err := c.SubmitMessage(t.Context(), m)
				if err == nil && id != messageID {
					t.Errorf("id = %q", id)
				}
				return err
			}, testKey, `{"fiscal_code":"RSSMRA79B11C566R","time_to_live":7200,"content":{"subject":"Pratica protocollata","markdown":"` + markdown80 + `","due_date":"2026-01-15T22:59:59.000Z","payment_data":{"amount":5000,"notice_number":"301000000000012345","invalid_after_due_date":true}}}`},
		{"GetMessage", "GET", "/messages/RSSMRA79B11C566R/" + messageID, 200,
			`{"message":{"id":"` + messageID + `","fiscal_code":"RSSMRA79B11C566R","created_at":"2026-01-01T10:00:00.000Z","sender_service_id":"s1","feature_level_type":"STANDARD","content":{"subject":"Pratica protocollata","markdown":"x","payment_data":{"amount":5,"notice_number":"301000000000012345","payee":{"fiscal_code":"01234567897"}}}},"status":"PROCESSED","notification":{"email":"SENT"}}`,
			func(t *testing.T, c *appio.Client) error {
				m, err := c.GetMessage(t.Context(), citizen, messageID)
				if err == nil && (m.Status != appio.StatusProcessed || m.PaymentData.Payee != "01234567897" || m.Notification["email"] != "SENT" || m.CreatedAt.IsZero()) {
					t.Errorf("message = %+v", m)
				}
				return err
			}, testKey, ""},
		{"SubscriptionsFeed", "GET", "/subscriptions-feed/2026-01-02", 200, `{"dateUTC":"2026-01-02","subscriptions":["ab"],"unsubscriptions":[]}`,
			func(t *testing.T, c *appio.Client) error {
				f, err := c.SubscriptionsFeed(t.Context(), workday.NewDate(2026, 1, 2))
				if err == nil && (f.Date != "2026-01-02" || len(f.Subscriptions) != 1) {
					t.Errorf("feed = %+v", f)
				}
				return err
			}, testKey, ""},
		{"GetActivation", "POST", "/activations/", 200, `{"service_id":"s","fiscal_code":"RSSMRA79B11C566R","status":"ACTIVE","version":1}`,
			func(t *testing.T, c *appio.Client) error {
				a, err := c.GetActivation(t.Context(), citizen)
				if err == nil && a.Status != appio.ActivationActive {
					t.Errorf("activation = %+v", a)
				}
				return err
			}, testKey, `{"fiscal_code":"RSSMRA79B11C566R"}`},
		{"UpsertActivation", "PUT", "/activations/", 200, `{"service_id":"s","fiscal_code":"RSSMRA79B11C566R","status":"INACTIVE","version":2}`,
			func(t *testing.T, c *appio.Client) error {
				_, err := c.UpsertActivation(t.Context(), citizen, appio.ActivationInactive)
				return err
			}, testKey, `{"fiscal_code":"RSSMRA79B11C566R","status":"INACTIVE"}`},
		{"UploadOrganizationLogo", "PUT", "/organizations/01234567897/logo", 202, ``,
			func(t *testing.T, c *appio.Client) error {
				return c.UploadOrganizationLogo(t.Context(), "01234567897", png)
			}, testKey, `{"logo":"iVBORw0KGgpyZXN0"}`},
		{"CreateService", "POST", "/manage/services", 201, `{"id":"svc1","status":{"value":"draft"},"last_update":"2026-01-01T00:00:00Z","name":"Tributi","description":"d","organization":{"name":"Comune","fiscal_code":"01234567897"},"metadata":{"scope":"LOCAL","topic":{"id":12,"name":"Tributi"}}}`,
			func(t *testing.T, c *appio.Client) error {
				s, err := c.CreateService(t.Context(), appio.ServicePayload{
					ServiceData: appio.ServiceData{Name: "Tributi", Description: "d", Organization: appio.Organization{Name: "Comune", FiscalCode: "01234567897"}},
					Metadata:    appio.ServiceMetadata{Scope: "LOCAL", TopicID: 12},
				})
				if err == nil && (s.ID != "svc1" || s.Status.Value != "draft" || s.Metadata.Topic.Name != "Tributi") {
					t.Errorf("service = %+v", s)
				}
				return err
			}, testManage, `{"name":"Tributi","description":"d","organization":{"name":"Comune","fiscal_code":"01234567897"},"metadata":{"scope":"LOCAL","topic_id":12}}`},
		{"GetPublishedService", "GET", "/manage/services/svc1/release", 200, `{"id":"svc1","status":"published","last_update":"2026-01-01T00:00:00Z","name":"n","description":"d","organization":{"name":"C","fiscal_code":"01234567897"},"metadata":{"scope":"LOCAL"}}`,
			func(t *testing.T, c *appio.Client) error {
				s, err := c.GetPublishedService(t.Context(), "svc1")
				if err == nil && s.Status.Value != "published" {
					t.Errorf("status = %+v", s.Status)
				}
				return err
			}, testManage, ""},
		{"ReviewService", "PUT", "/manage/services/svc1/review", 204, ``,
			func(t *testing.T, c *appio.Client) error { return c.ReviewService(t.Context(), "svc1", true) },
			testManage, `{"auto_publish":true}`},
		{"RegenerateServiceKey", "PUT", "/manage/services/svc1/keys/secondary", 200, `{"primary_key":"p","secondary_key":"s2"}`,
			func(t *testing.T, c *appio.Client) error {
				k, err := c.RegenerateServiceKey(t.Context(), "svc1", "secondary")
				if err == nil && k.Secondary != "s2" {
					t.Errorf("keys = %+v", k)
				}
				return err
			}, testManage, ""},
		{"ReleaseService", "POST", "/manage/services/svc1/release", 204, ``,
			func(t *testing.T, c *appio.Client) error { return c.ReleaseService(t.Context(), "svc1") }, testManage, ""},
		{"UnpublishService", "DELETE", "/manage/services/svc1/release", 204, ``,
			func(t *testing.T, c *appio.Client) error { return c.UnpublishService(t.Context(), "svc1") }, testManage, ""},
		{"DeleteService", "DELETE", "/manage/services/svc1", 204, ``,
			func(t *testing.T, c *appio.Client) error { return c.DeleteService(t.Context(), "svc1") }, testManage, ""},
		{"GetServiceKeys", "GET", "/manage/services/svc1/keys", 200, `{"primary_key":"p","secondary_key":"s"}`,
			func(t *testing.T, c *appio.Client) error { _, err := c.GetServiceKeys(t.Context(), "svc1"); return err }, testManage, ""},
		{"UploadServiceLogo", "PUT", "/manage/services/svc1/logo", 204, ``,
			func(t *testing.T, c *appio.Client) error { return c.UploadServiceLogo(t.Context(), "svc1", png) },
			testManage, `{"logo":"iVBORw0KGgpyZXN0"}`},
		{"CreateRemoteContentConfig", "POST", "/messages-sending/remote-contents/configurations", 201,
			`{"configuration_id":"01ARZ3NDEKTSV4RRFFQ69G5FAV","name":"n","description":"d","has_precondition":"ONCE","disable_lollipop_for":[],"is_lollipop_enabled":true}`,
			func(t *testing.T, c *appio.Client) error {
				rc, err := c.CreateRemoteContentConfig(t.Context(), appio.RemoteContentConfig{
					Name: "n", Description: "d", HasPrecondition: appio.PreconditionOnce, IsLollipopEnabled: true,
					DisableLollipopFor: []string{"rssmra79b11c566r"},
					ProdEnvironment: &appio.RemoteContentEnvironment{BaseURL: "https://x.example",
						Auth: appio.RemoteContentAuth{HeaderKeyName: "X-Key", Key: "k", Type: "API-KEY"}},
				})
				if err == nil && rc.ID != "01ARZ3NDEKTSV4RRFFQ69G5FAV" {
					t.Errorf("configuration = %+v", rc)
				}
				return err
			}, testManage, `{"name":"n","description":"d","has_precondition":"ONCE","disable_lollipop_for":["RSSMRA79B11C566R"],"is_lollipop_enabled":true,"prod_environment":{"base_url":"https://x.example","details_authentication":{"header_key_name":"X-Key","key":"k","type":"API-KEY"}}}`},
		{"ServiceHistory", "GET", "/manage/services/svc1/history", 200,
			`{"items":[{"id":"svc1","status":{"kind":"publication","value":"published"},"last_update":"2026-01-01T00:00:00Z","name":"n","description":"d","organization":{"name":"C","fiscal_code":"01234567897"},"metadata":{"scope":"LOCAL"}}]}`,
			func(t *testing.T, c *appio.Client) error {
				for s, err := range c.ServiceHistory(t.Context(), "svc1", true) {
					if err != nil {
						return err
					}
					if s.Status != (appio.ServiceStatus{Kind: "publication", Value: "published"}) {
						t.Errorf("status = %+v", s.Status)
					}
				}
				return nil
			}, testManage, ""},
		{"ServiceTopics", "GET", "/manage/services/topics", 200, `{"topics":[{"id":3,"name":"Benessere sociale"}]}`,
			func(t *testing.T, c *appio.Client) error {
				ts, err := c.ServiceTopics(t.Context())
				if err == nil && (len(ts) != 1 || ts[0].ID != 3) {
					t.Errorf("topics = %+v", ts)
				}
				return err
			}, testKey, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockClient(t)
			var got captured
			mt.RegisterResponder(tt.method, testBase+tt.url, capture(&got, tt.status, tt.resp))
			if err := tt.call(t, c); err != nil {
				t.Fatalf("call: %v", err)
			}
			if got.method != tt.method || got.path != "/api/v1"+tt.url {
				t.Errorf("request = %s %s", got.method, got.path)
			}
			if got.key != tt.wantKey {
				t.Errorf("key = %q, want %q", got.key, tt.wantKey)
			}
			if tt.wantBody == "" {
				if got.body != nil {
					t.Errorf("unexpected body %v", got.body)
				}
				return
			}
			if got.contentType != "application/json" {
				t.Errorf("content type = %q", got.contentType)
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(tt.wantBody), &want); err != nil {
				t.Fatal(err)
			}
			gb, _ := json.Marshal(got.body)
			wb, _ := json.Marshal(want)
			if string(gb) != string(wb) {
				t.Errorf("body\n got %s\nwant %s", gb, wb)
			}
		})
	}
}

func TestListServicesPaginates(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	page := func(n, offset int) string {
		var items []string
		for i := range n {
			items = append(items, `{"id":"s`+itoa(offset+i)+`","status":{"value":"draft"},"last_update":"2026-01-01T00:00:00Z","name":"n","description":"d","organization":{"name":"C","fiscal_code":"01234567897"},"metadata":{"scope":"LOCAL"}}`)
		}
		return `{"value":[` + strings.Join(items, ",") + `],"pagination":{"offset":` + itoa(offset) + `,"limit":100,"count":150}}`
	}
	mt.RegisterResponderWithQuery("GET", testBase+"/manage/services", "limit=100&offset=0", httpmock.NewStringResponder(200, page(100, 0)))
	mt.RegisterResponderWithQuery("GET", testBase+"/manage/services", "limit=100&offset=100", httpmock.NewStringResponder(200, page(50, 100)))
	n := 0
	for s, err := range c.ListServices(t.Context()) {
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != "s"+itoa(n) {
			t.Fatalf("service %d id = %s", n, s.ID)
		}
		n++
	}
	if n != 150 {
		t.Errorf("listed %d services, want 150", n)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestMissingKey(t *testing.T) {
	t.Parallel()
	c, err := appio.NewClient(appio.Config{BaseURL: testBase, ManageKey: testManage})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetProfile(t.Context(), citizen); err == nil || !strings.Contains(err.Error(), "no subscription key") {
		t.Errorf("GetProfile without use key: %v", err)
	}
}

func TestNewClientConfig(t *testing.T) {
	t.Parallel()
	for _, cfg := range []appio.Config{
		{},
		{APIKey: "k", BaseURL: "ftp://x"},
		{APIKey: "k", BaseURL: "::"},
		{APIKey: "k", Limit: appio.Limit{Requests: -1}},
	} {
		if _, err := appio.NewClient(cfg); err == nil {
			t.Errorf("NewClient(%+v) accepted", cfg)
		}
	}
}

func TestValidationBeforeSending(t *testing.T) {
	t.Parallel()
	c, mt := newMockClient(t)
	m := newMessage()
	m.Content.Subject = "short"
	_, err := c.SubmitMessage(t.Context(), m)
	var fe *appio.FieldError
	if !errors.As(err, &fe) || fe.Field != "content.subject" || !errors.Is(err, appio.ErrInvalid) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.GetProfile(t.Context(), "RSSMRA79B11C56"); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("short fiscal code: %v", err)
	}
	if _, err := c.GetMessage(t.Context(), citizen, "not-a-ulid"); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("bad id: %v", err)
	}
	if err := c.UploadOrganizationLogo(t.Context(), "123", []byte("\x89PNG\r\n\x1a\n")); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("bad org code: %v", err)
	}
	if err := c.UploadOrganizationLogo(t.Context(), "01234567897", []byte("GIF89a")); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("not a png: %v", err)
	}
	if _, err := c.SubscriptionsFeed(t.Context(), workday.Date{}); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("zero date: %v", err)
	}
	if _, err := c.UpsertActivation(t.Context(), citizen, "ON"); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("bad status: %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid input", n)
	}
}
