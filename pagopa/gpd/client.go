package gpd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/siopi/siopi/internal/retry"
)

// Base URLs of the GPD APIs (pagopa.md §1.1). [Config.BaseURL] is the host part; the
// client appends each API's path prefix.
const (
	ProductionBaseURL = "https://api.platform.pagopa.it"
	UATBaseURL        = "https://api.uat.platform.pagopa.it"
)

// Path prefixes of the GPD APIs, relative to [Config.BaseURL].
const (
	pathV1       = "/gpd/debt-positions-service/v1"
	pathV2       = "/gpd/debt-positions-service/v2"
	pathV3       = "/gpd/debt-positions-service/v3"
	pathReceipts = "/gpd/payments-receipts-service/v1"
)

// maxBody bounds every response body the client reads (a page of 50 positions is far below it).
const maxBody = 16 << 20

// Config configures a [Client]. The zero value of every optional field is a usable default.
type Config struct {
	// SubscriptionKey is the APIM product key sent as Ocp-Apim-Subscription-Key. Required.
	SubscriptionKey string
	// ReceiptsSubscriptionKey is the key of the receipts API product; empty means SubscriptionKey.
	ReceiptsSubscriptionKey string
	// OrganizationFiscalCode is the EC (11 digits) whose positions the client manages. Required;
	// a broker serving several ECs derives one client per EC with [Client.ForOrganization].
	OrganizationFiscalCode string
	// BaseURL is the scheme and host; empty means [ProductionBaseURL].
	BaseURL string
	// HTTPClient sends the requests; nil means a client with a 30 s timeout.
	HTTPClient *http.Client
	// MaxRetries is the number of retries of a safe request; 0 means 3, a negative value disables retries.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff; zero means 500 ms and 10 s.
	RetryWaitMin, RetryWaitMax time.Duration
	// Logger receives debug records of retries; nil discards them.
	Logger *slog.Logger
	// Now is the clock used by the client-side validation; nil means time.Now.
	Now func() time.Time
}

// Client is a client of the GPD debt-position, bulk, instalment-plan and receipts APIs.
// It is safe for concurrent use.
type Client struct {
	rest    *resty.Client
	base    string
	key     string
	rcptKey string
	org     string
	now     func() time.Time
	log     *slog.Logger
}

// ErrConfig reports an invalid [Config].
var ErrConfig = errors.New("gpd: invalid config")

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.SubscriptionKey) == "" {
		return nil, fmt.Errorf("%w: subscription key is required", ErrConfig)
	}
	if !isOrgFiscalCode(cfg.OrganizationFiscalCode) {
		return nil, fmt.Errorf("%w: organization fiscal code must be 11 digits", ErrConfig)
	}
	base := cfg.BaseURL
	if base == "" {
		base = ProductionBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("%w: base url %q", ErrConfig, base)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	rcptKey := cfg.ReceiptsSubscriptionKey
	if rcptKey == "" {
		rcptKey = cfg.SubscriptionKey
	}
	hc := newHTTPClient(cfg, logger)
	rc := resty.NewWithClient(hc).
		SetRetryCount(0).
		SetLogger(discardLogger{}).
		SetResponseBodyLimit(maxBody).
		SetHeader("Accept", "application/json")
	return &Client{
		rest:    rc,
		base:    strings.TrimRight(base, "/"),
		key:     cfg.SubscriptionKey,
		rcptKey: rcptKey,
		org:     cfg.OrganizationFiscalCode,
		now:     now,
		log:     logger,
	}, nil
}

// ForOrganization returns a client that shares c's transport and keys but manages the positions
// of the EC orgFiscalCode; a broker uses it to serve several ECs with one subscription key.
func (c *Client) ForOrganization(orgFiscalCode string) (*Client, error) {
	if !isOrgFiscalCode(orgFiscalCode) {
		return nil, fmt.Errorf("%w: organization fiscal code must be 11 digits", ErrConfig)
	}
	cc := *c
	cc.org = orgFiscalCode
	return &cc, nil
}

// Organization returns the fiscal code of the EC c manages.
func (c *Client) Organization() string { return c.org }

// newHTTPClient wraps cfg.HTTPClient in go-retryablehttp with the method-aware policy.
func newHTTPClient(cfg Config, logger *slog.Logger) *http.Client {
	inner := cfg.HTTPClient
	if inner == nil {
		inner = &http.Client{Timeout: 30 * time.Second}
	}
	hc := *inner // never mutate the caller's client
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = methodTransport{next: next}
	return retry.New(retry.Config{
		HTTPClient: &hc,
		Policy:     retry.Policy{Max: cfg.MaxRetries, WaitMin: cfg.RetryWaitMin, WaitMax: cfg.RetryWaitMax},
		Default:    retry.Policy{Max: 3, WaitMin: 500 * time.Millisecond, WaitMax: 10 * time.Second},
		CheckRetry: CheckRetry,
		Logger:     logger,
		Name:       "gpd",
	}).StandardClient()
}

// request starts a resty request with auth and context.
func (c *Client) request(ctx context.Context, key string) *resty.Request {
	return c.rest.R().SetContext(ctx).SetHeader("Ocp-Apim-Subscription-Key", key)
}

// call sends one request and decodes a 2xx JSON body into out (if not nil).
func (c *Client) call(ctx context.Context, op, method, path string, query url.Values, body, out any) error {
	r := c.request(ctx, c.key)
	if query != nil {
		r.SetQueryParamsFromValues(query)
	}
	if body != nil {
		r.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	resp, err := r.Execute(method, c.base+path)
	if err != nil {
		return &APIError{Op: op, Err: err, kind: ErrTransport}
	}
	if err := checkResponse(op, resp.RawResponse, resp.Body()); err != nil {
		return err
	}
	if out != nil && len(resp.Body()) > 0 {
		if err := json.Unmarshal(resp.Body(), out); err != nil {
			return decodeError(op, err)
		}
	}
	return nil
}

// orgPath returns prefix + "/organizations/{org}" + rest, escaping each element of rest.
func (c *Client) orgPath(prefix string, rest ...string) string {
	var b strings.Builder
	b.WriteString(prefix)
	b.WriteString("/organizations/")
	b.WriteString(url.PathEscape(c.org))
	for _, s := range rest {
		b.WriteByte('/')
		b.WriteString(url.PathEscape(s))
	}
	return b.String()
}

// discardLogger silences resty's own logger (the client logs through slog).
type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}

func isOrgFiscalCode(s string) bool {
	if len(s) != 11 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
