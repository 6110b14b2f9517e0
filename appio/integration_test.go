package appio_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
	"github.com/siopi/siopi/workday"
)

const (
	optedOut = "FRNSST75D50A717N"
	notOnIO  = "RSRNOU70S54S000L"
)

func citizens() map[string]appiotest.Citizen {
	return map[string]appiotest.Citizen{citizen: {SenderAllowed: true}, optedOut: {SenderAllowed: false}}
}

// newFake starts a fake IO and a client of it (limiter off, fast retries).
func newFake(t *testing.T, cfg appiotest.Config, mod ...func(*appio.Config)) (*appio.Client, *appiotest.Server) {
	t.Helper()
	if cfg.Citizens == nil {
		cfg.Citizens = citizens()
	}
	srv := appiotest.NewServer(cfg)
	t.Cleanup(srv.Close)
	c := newClientFor(t, srv.BaseURL, srv.Client(), mod...)
	return c, srv
}

func newClientFor(t *testing.T, base string, hc *http.Client, mod ...func(*appio.Config)) *appio.Client {
	t.Helper()
	cfg := appio.Config{
		BaseURL: base, APIKey: appiotest.DefaultAPIKey, ManageKey: appiotest.DefaultManageKey,
		HTTPClient: hc, Limit: appio.Limit{Disabled: true},
		RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond,
	}
	for _, m := range mod {
		m(&cfg)
	}
	c, err := appio.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// handlerTransport serves requests with a handler in memory, so that a fake
// IO can run inside a synctest bubble. A dropped connection becomes
// io.ErrUnexpectedEOF.
type handlerTransport struct{ h http.Handler }

func (ht handlerTransport) RoundTrip(r *http.Request) (resp *http.Response, err error) {
	defer func() {
		if p := recover(); p != nil {
			resp, err = nil, io.ErrUnexpectedEOF
		}
	}()
	rec := httptest.NewRecorder()
	ht.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func TestProfilesAgainstFake(t *testing.T) {
	t.Parallel()
	c, _ := newFake(t, appiotest.Config{})
	if err := c.CheckRecipient(t.Context(), citizen); err != nil {
		t.Errorf("citizen: %v", err)
	}
	if err := c.CheckRecipient(t.Context(), optedOut); !appio.IsOptedOut(err) || appio.IsNotOnIO(err) {
		t.Errorf("opted out: %v", err)
	}
	err := c.CheckRecipient(t.Context(), notOnIO)
	if !appio.IsNotOnIO(err) || appio.IsOptedOut(err) {
		t.Errorf("not on IO: %v", err)
	}
	if e, ok := errors.AsType[*appio.APIError](err); !ok || e.Shape != appio.ShapeProblem || e.Title != "Profile not found" {
		t.Errorf("not on IO error = %#v", err)
	}
	if err := c.CheckRecipient(t.Context(), "AAAAAA00A00A000A"); err != nil {
		t.Errorf("sandbox: %v", err)
	}
}

func TestTestModeService(t *testing.T) {
	t.Parallel()
	c, _ := newFake(t, appiotest.Config{TestMode: true, AuthorizedRecipients: []string{optedOut}})
	_, err := c.SubmitMessage(t.Context(), newMessage())
	if !appio.IsTestMode(err) || !appio.IsServiceNotAuthorized(err) {
		t.Errorf("submit to unauthorised recipient: %v", err)
	}
	if _, err := c.GetProfile(t.Context(), citizen); !appio.IsTestMode(err) {
		t.Errorf("profile of unauthorised recipient: %v", err)
	}
	m := newMessage()
	m.FiscalCode = "AAAAAA00A00A000A"
	if _, err := c.SubmitMessage(t.Context(), m); err != nil {
		t.Errorf("sandbox: %v", err)
	}
}

func TestWrongKey(t *testing.T) {
	t.Parallel()
	_, srv := newFake(t, appiotest.Config{})
	c := newClientFor(t, srv.BaseURL, srv.Client(), func(c *appio.Config) { c.APIKey = "wrong" })
	_, err := c.GetProfile(t.Context(), citizen)
	e, ok := errors.AsType[*appio.APIError](err)
	if !ok || !errors.Is(err, appio.ErrUnauthorized) || e.Shape != appio.ShapeGateway || !strings.Contains(e.Title, "invalid subscription key") {
		t.Errorf("err = %v", err)
	}
}

func TestMessageLifecycle(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c, srv := newFake(t, appiotest.Config{ProcessAfter: time.Minute, Now: clock})
	m := newMessage()
	m.Content.DueDate = appio.EndOfDay(workday.NewDate(2026, 3, 31))
	m.Content.PaymentData = &appio.PaymentData{Amount: 4200, NoticeNumber: "301000000000012345"}
	id, err := c.SubmitMessage(t.Context(), m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetMessage(t.Context(), citizen, id)
	if err != nil || got.Status != appio.StatusAccepted {
		t.Fatalf("before processing: %+v, %v", got, err)
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	got, err = c.GetMessage(t.Context(), citizen, id)
	if err != nil || got.Status != appio.StatusProcessed || got.PaymentData.Payee != appiotest.DefaultOrganization ||
		!got.DueDate.Equal(m.Content.DueDate) || got.Subject != m.Content.Subject || got.Notification["email"] != "SENT" {
		t.Fatalf("after processing: %+v, %v", got, err)
	}
	if rm := srv.MessagesTo(citizen); len(rm) != 1 || rm[0].DueDate != "2026-03-31T21:59:59.000Z" || rm[0].Payee != "" || rm[0].Amount != 4200 {
		t.Errorf("received %+v", rm)
	}
	// A message to a citizen not on IO is accepted, then rejected.
	m.FiscalCode = notOnIO
	id2, err := c.SubmitMessage(t.Context(), m)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(time.Hour)
	mu.Unlock()
	if got, err := c.GetMessage(t.Context(), notOnIO, id2); err != nil || got.Status != appio.StatusRejected {
		t.Errorf("rejected: %+v, %v", got, err)
	}
	srv.SetMessageStatus(id, "THROTTLED")
	if got, _ := c.GetMessage(t.Context(), citizen, id); got.Status != appio.StatusThrottled {
		t.Errorf("status = %s", got.Status)
	}
	if _, err := c.GetMessage(t.Context(), optedOut, id); !errors.Is(err, appio.ErrNotFound) || appio.IsNotOnIO(err) {
		t.Errorf("message of another citizen: %v", err)
	}
	other := srv.AddForeignMessage(citizen)
	if _, err := c.GetMessage(t.Context(), citizen, other); !errors.Is(err, appio.ErrForbidden) {
		t.Errorf("message of another service: %v", err)
	}
}

func TestServerSideRules(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t, appiotest.Config{MaxPaymentAmount: 10})
	m := newMessage()
	m.Content.PaymentData = &appio.PaymentData{Amount: 11, NoticeNumber: "301000000000012345"}
	_, err := c.SubmitMessage(t.Context(), m)
	if e, ok := errors.AsType[*appio.APIError](err); !ok || e.StatusCode != 400 || !strings.Contains(e.Detail, "exceeds the maximum allowed") {
		t.Errorf("amount over service maximum: %v", err)
	}
	m.Content.PaymentData = &appio.PaymentData{Amount: 10, NoticeNumber: "301000000000012345", Payee: "01234567897"}
	if _, err := c.SubmitMessage(t.Context(), m); !appio.IsServiceNotAuthorized(err) {
		t.Errorf("payee without permission: %v", err)
	}
	m.Content.PaymentData = nil
	m.FeatureLevel = appio.Advanced
	if _, err := c.SubmitMessage(t.Context(), m); !appio.IsServiceNotAuthorized(err) {
		t.Errorf("premium without permission: %v", err)
	}
	if n := srv.MessageCount(); n != 0 {
		t.Errorf("%d messages stored", n)
	}
}

func TestActivationsAgainstFake(t *testing.T) {
	t.Parallel()
	c, _ := newFake(t, appiotest.Config{})
	if _, err := c.GetActivation(t.Context(), citizen); !errors.Is(err, appio.ErrNotFound) {
		t.Errorf("no activation: %v", err)
	}
	for i, s := range []appio.ActivationStatus{appio.ActivationPending, appio.ActivationActive} {
		a, err := c.UpsertActivation(t.Context(), citizen, s)
		if err != nil || a.Status != s || a.Version != i || a.ServiceID != appiotest.DefaultServiceID {
			t.Fatalf("upsert %s = %+v, %v", s, a, err)
		}
	}
	if a, err := c.GetActivation(t.Context(), citizen); err != nil || a.Status != appio.ActivationActive {
		t.Errorf("get = %+v, %v", a, err)
	}
}

func TestFeedAgainstFake(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	c, srv := newFake(t, appiotest.Config{Now: func() time.Time { return now }})
	srv.Subscribe("2026-05-08", citizen)
	srv.Unsubscribe("2026-05-09", optedOut)
	var days []appio.Feed
	var last error
	for f, err := range c.SubscriptionsFeedRange(t.Context(), workday.NewDate(2026, 5, 8), workday.NewDate(2026, 5, 12)) {
		if err != nil {
			last = err
			break
		}
		days = append(days, f)
	}
	if len(days) != 2 || days[0].Subscriptions[0] != appio.HashFiscalCode(citizen) || days[1].Unsubscriptions[0] != appio.HashFiscalCode(optedOut) {
		t.Errorf("days = %+v", days)
	}
	if !errors.Is(last, appio.ErrNotFound) {
		t.Errorf("today's feed: %v", last)
	}
	if appio.HashFiscalCode("aaaaaa00a00a000a") != appio.HashFiscalCode("AAAAAA00A00A000A") {
		t.Error("hash is not case-insensitive")
	}
}

func TestLogoAgainstFake(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t, appiotest.Config{})
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	if err := c.UploadOrganizationLogo(t.Context(), "01234567897", png); err != nil {
		t.Fatal(err)
	}
	if got, ok := srv.Logo("01234567897"); !ok || string(got) != string(png) {
		t.Error("logo not stored")
	}
}

func TestSend(t *testing.T) {
	t.Parallel()
	c, srv := newFake(t, appiotest.Config{})
	m := newMessage()
	m.IdempotencyKey = "send-1"
	for range 2 {
		if id, err := c.Send(t.Context(), m); err != nil || id == "" {
			t.Fatalf("Send = %q, %v", id, err)
		}
	}
	if n := srv.Requests()["getProfileByPOST"]; n != 1 {
		t.Errorf("%d profile checks, want 1", n)
	}
	for _, cf := range []string{optedOut, notOnIO} {
		m := newMessage()
		m.FiscalCode = cf
		if _, err := c.Send(t.Context(), m); !appio.IsOptedOut(err) && !appio.IsNotOnIO(err) {
			t.Errorf("%s: %v", cf, err)
		}
	}
	m.Content.Markdown = "short"
	if _, err := c.Send(t.Context(), m); !errors.Is(err, appio.ErrInvalid) {
		t.Errorf("invalid: %v", err)
	}
	if n := srv.MessageCount(); n != 1 {
		t.Errorf("%d messages", n)
	}
}
