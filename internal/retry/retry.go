// Package retry builds the retrying HTTP clients of siopi's API clients (App IO,
// GPD, FdR) from one place, so that the defaults and the rules — retry only
// what the caller's CheckRetry allows, hand the last response back unchanged,
// never log through retryablehttp's logger — are the same everywhere.
package retry

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Policy says how often and how long to retry. A zero field takes the
// corresponding default the caller passes to [New].
type Policy struct {
	// Max is the number of retries after the first attempt: 0 means the
	// default, a negative number means none.
	Max int
	// WaitMin and WaitMax bound the backoff between attempts.
	WaitMin, WaitMax time.Duration
}

// withDefaults fills p's zero fields from def.
func (p Policy) withDefaults(def Policy) Policy {
	switch {
	case p.Max == 0:
		p.Max = def.Max
	case p.Max < 0:
		p.Max = 0
	}
	if p.WaitMin <= 0 {
		p.WaitMin = def.WaitMin
	}
	if p.WaitMax <= 0 {
		p.WaitMax = def.WaitMax
	}
	return p
}

// Config configures [New].
type Config struct {
	// HTTPClient sends each attempt. Required.
	HTTPClient *http.Client
	// Policy is the caller's policy; Default fills its zero fields.
	Policy, Default Policy
	// CheckRetry decides whether an attempt is retried. Required: each API
	// client knows which of its calls are safe to repeat.
	CheckRetry retryablehttp.CheckRetry
	// Backoff computes the wait; nil means retryablehttp.DefaultBackoff
	// (exponential, honouring Retry-After).
	Backoff retryablehttp.Backoff
	// Logger receives a debug line for each retry; nil means none.
	Logger *slog.Logger
	// Name prefixes the log message, e.g. "appio".
	Name string
	// RedactPath, if set, rewrites the request path before it is logged
	// (paths may hold fiscal codes).
	RedactPath func(string) string
}

// New returns a retryablehttp client configured from cfg. Its ErrorHandler is
// retryablehttp.PassthroughErrorHandler, so once retries are exhausted the
// caller sees the last response (and builds its typed error from it) instead of
// retryablehttp's generic error.
func New(cfg Config) *retryablehttp.Client {
	p := cfg.Policy.withDefaults(cfg.Default)
	rc := retryablehttp.NewClient()
	rc.HTTPClient = cfg.HTTPClient
	rc.Logger = nil
	rc.RetryMax = p.Max
	rc.RetryWaitMin, rc.RetryWaitMax = p.WaitMin, p.WaitMax
	rc.CheckRetry = cfg.CheckRetry
	if cfg.Backoff != nil {
		rc.Backoff = cfg.Backoff
	}
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	if log := cfg.Logger; log != nil {
		name, redact := cfg.Name, cfg.RedactPath
		if redact == nil {
			redact = func(p string) string { return p }
		}
		rc.RequestLogHook = func(_ retryablehttp.Logger, r *http.Request, attempt int) {
			if attempt > 0 {
				log.DebugContext(r.Context(), name+": retry", "method", r.Method, "path", redact(r.URL.Path), "attempt", attempt)
			}
		}
	}
	return rc
}
