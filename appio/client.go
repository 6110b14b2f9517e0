package appio

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
	"github.com/hashicorp/go-retryablehttp"

	"github.com/siopi/siopi/internal/retry"
)

// DefaultBaseURL is IO's production API for enti.
const DefaultBaseURL = "https://api.io.pagopa.it/api/v1"

// headerKey carries the Azure APIM subscription key.
const headerKey = "Ocp-Apim-Subscription-Key"

// Config configures a [Client]. Only one of APIKey and ManageKey is
// required; every other zero value is a documented default.
type Config struct {
	// BaseURL is IO's API root; empty means [DefaultBaseURL].
	BaseURL string
	// APIKey is the service's primary or secondary key ("use" key), sent for
	// messages, profiles, activations, the feed and the organisation logo.
	APIKey string
	// ManageKey is the "manage" key for the service-management (CMS) calls.
	ManageKey string
	// HTTPClient supplies the transport and the timeout of each attempt
	// (not counting the wait for the rate limiter; zero means none); nil
	// means a pooled transport and 30 s.
	HTTPClient *http.Client
	// Limit is the client-side rate limit; the zero value is IO's default
	// quota, [DefaultLimitRequests] per [DefaultLimitPer].
	Limit Limit
	// MaxRetries bounds retries of one call; zero means 4, negative none.
	MaxRetries int
	// RetryWaitMin and RetryWaitMax bound the exponential backoff (with
	// jitter) between retries; zero means 500 ms and 30 s. A 429 waits
	// x-rate-limit-retry-after instead.
	RetryWaitMin, RetryWaitMax time.Duration
	// StrictFiscalCode also checks the month, day, omocodia order and check
	// character of recipients' fiscal codes. IO itself checks only the
	// format, so the default (false) accepts what IO accepts. The sandbox
	// code [fiscalcode.SandboxCode] is accepted either way.
	StrictFiscalCode bool
	// SentStore records idempotency keys; nil means a [MemorySentStore].
	SentStore SentStore
	// Logger receives debug logs of retries and pauses; nil discards them.
	Logger *slog.Logger
	// Now is the clock of the default SentStore and of bulk progress
	// (elapsed time, ETA); nil means [time.Now]. The rate limiter and
	// retries use the runtime's timers.
	Now func() time.Time
}

// Client calls IO's API for enti. It is safe for concurrent use; all its
// goroutines share one rate limiter.
type Client struct {
	rest      *resty.Client
	lim       *limiter
	apiKey    string
	manageKey string
	strict    bool
	sent      SentStore
	log       *slog.Logger
	now       func() time.Time
}

// NewClient validates cfg and returns a client.
func NewClient(cfg Config) (*Client, error) {
	if cfg.APIKey == "" && cfg.ManageKey == "" {
		return nil, errors.New("appio: new client: APIKey or ManageKey is required")
	}
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("appio: new client: invalid BaseURL %q", base)
	}
	if cfg.Limit.Requests < 0 || cfg.Limit.Per < 0 {
		return nil, errors.New("appio: new client: Limit must not be negative")
	}
	c := &Client{
		lim:       newLimiter(cfg.Limit),
		apiKey:    cfg.APIKey,
		manageKey: cfg.ManageKey,
		strict:    cfg.StrictFiscalCode,
		sent:      cfg.SentStore,
		log:       cfg.Logger,
		now:       cfg.Now,
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sent == nil {
		c.sent = &MemorySentStore{Now: c.now}
	}

	rc := newRetryClient(cfg, c.lim, c.log)
	c.rest = resty.NewWithClient(rc.StandardClient()).
		SetBaseURL(strings.TrimRight(base, "/")).
		SetRetryCount(0).
		SetLogger(restyLogger{c.log}).
		SetHeader("Accept", "application/json")
	return c, nil
}

// RateLimitRemaining returns the last x-rate-limit-remaining IO sent, or -1
// if none has been seen or the limiter is disabled.
func (c *Client) RateLimitRemaining() int {
	if c.lim == nil {
		return -1
	}
	return int(c.lim.remaining.Load())
}

// call describes one API operation.
type call struct {
	op     string // the OpenAPI operationId
	method string
	path   string // relative to the base URL, already escaped
	query  url.Values
	manage bool // use the manage key
	class  retryClass
	body   any        // marshalled as JSON when non-nil
	out    any        // unmarshalled from a 2xx JSON body when non-nil
	ok     []int      // accepted statuses; nil means any 2xx
	trace  *sendTrace // if set, follows whether the call may have reached IO
}

// do runs one call: it sends the request through the limiter and the retry
// policy, turns a non-accepted status into an [*APIError] and decodes the
// result. It returns the response headers.
func (c *Client) do(ctx context.Context, k call) (http.Header, error) {
	key := c.apiKey
	if k.manage {
		key = c.manageKey
	}
	if key == "" {
		return nil, fmt.Errorf("appio: %s: no subscription key configured for this call", k.op)
	}
	ctx = withRetryClass(ctx, k.class)
	if k.trace != nil {
		ctx = context.WithValue(ctx, sendTraceKey{}, k.trace)
	}
	r := c.rest.R().SetContext(ctx).SetHeader(headerKey, key)
	if k.query != nil {
		r.SetQueryParamsFromValues(k.query)
	}
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, fmt.Errorf("appio: %s: encode request: %w", k.op, err)
		}
		r.SetHeader("Content-Type", "application/json").SetBody(b)
	}
	resp, err := r.Execute(k.method, k.path)
	if err != nil {
		return nil, fmt.Errorf("appio: %s: %w", k.op, err)
	}
	status := resp.StatusCode()
	accepted := status >= 200 && status < 300
	if k.ok != nil {
		accepted = slices.Contains(k.ok, status)
	}
	if !accepted {
		return resp.Header(), parseError(k.op, status, resp.Header(), resp.Body())
	}
	if k.out != nil {
		if err := json.Unmarshal(resp.Body(), k.out); err != nil {
			return resp.Header(), fmt.Errorf("appio: %s: decode response: %w", k.op, err)
		}
	}
	return resp.Header(), nil
}

// restyLogger sends resty's messages to slog at debug level.
type restyLogger struct{ l *slog.Logger }

func (r restyLogger) logf(format string, v ...any) { r.l.Debug("appio: " + fmt.Sprintf(format, v...)) }

// Errorf implements [resty.Logger].
func (r restyLogger) Errorf(format string, v ...any) { r.logf(format, v...) }

// Warnf implements [resty.Logger].
func (r restyLogger) Warnf(format string, v ...any) { r.logf(format, v...) }

// Debugf implements [resty.Logger].
func (r restyLogger) Debugf(format string, v ...any) { r.logf(format, v...) }

var _ resty.Logger = restyLogger{}

// newRetryClient builds the transport stack: retryablehttp's policy over an
// http.Client whose transport waits for the limiter and bounds each attempt.
func newRetryClient(cfg Config, lim *limiter, log *slog.Logger) *retryablehttp.Client {
	inner := &http.Client{}
	timeout := 30 * time.Second
	var rt http.RoundTripper
	if cfg.HTTPClient != nil {
		timeout = cfg.HTTPClient.Timeout
		inner.CheckRedirect = cfg.HTTPClient.CheckRedirect
		rt = cfg.HTTPClient.Transport
	}
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 256
		t.MaxIdleConnsPerHost = 128
		rt = t
	}
	inner.Transport = &limitTransport{base: rt, lim: lim, timeout: timeout}

	return retry.New(retry.Config{
		HTTPClient: inner,
		Policy:     retry.Policy{Max: cfg.MaxRetries, WaitMin: cfg.RetryWaitMin, WaitMax: cfg.RetryWaitMax},
		Default:    retry.Policy{Max: 4, WaitMin: 500 * time.Millisecond, WaitMax: 30 * time.Second},
		CheckRetry: checkRetry,
		Backoff:    backoff,
		Logger:     log,
		Name:       "appio",
		RedactPath: redact,
	})
}
