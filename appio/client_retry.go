package appio

import (
	"context"
	"errors"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// retryClass says how safe an operation is to repeat.
type retryClass int

const (
	// retrySafe: reads and idempotent upserts; retried on transport errors,
	// 429 and 5xx (except 501).
	retrySafe retryClass = iota
	// retryUnsafe: creations such as POST /messages, where IO makes a new
	// resource on every call. Retried only when IO certainly did not act on
	// it: a 429 (APIM answers before the backend runs) or a connection that
	// was never established. Never on a timeout or a dropped connection.
	retryUnsafe
)

type retryClassKey struct{}

func withRetryClass(ctx context.Context, c retryClass) context.Context {
	return context.WithValue(ctx, retryClassKey{}, c)
}

// checkRetry is the method- and endpoint-aware retry policy handed to
// retryablehttp; the class travels in the request's context.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		// Stop, and let the attempt's own error (which tells whether the
		// request left the client) reach the caller.
		return false, nil
	}
	class, _ := ctx.Value(retryClassKey{}).(retryClass)
	if err != nil {
		if class == retryUnsafe {
			return notSent(err), nil
		}
		return retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	}
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		return true, nil
	case class == retrySafe && resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented:
		return true, nil
	}
	return false, nil
}

// notSent reports whether err proves the request never reached the server:
// the connection could not be established (refused, unreachable, DNS).
func notSent(err error) bool {
	if errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// createdNothing reports whether an attempt certainly made IO create
// nothing: no connection was made, IO refused the request (4xx: APIM's
// 401/403/429 come before the backend runs, the function's 400/403/404
// before it stores anything), or IO's function reported its own failure
// with a problem JSON 500 (raised before the message is queued, so never
// delivered). A gateway's 502/503/504 or a bodyless 5xx may hide a backend
// that went on and created the message, and a 2xx created it: those, like
// timeouts and dropped connections, are ambiguous.
func createdNothing(resp *http.Response, err error) bool {
	if err != nil {
		return notSent(err)
	}
	switch s := resp.StatusCode; {
	case s >= 400 && s < 500:
		return true
	case s == http.StatusInternalServerError:
		ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		return ct == "application/problem+json"
	}
	return false
}

// sendTrace follows one call across its attempts and retries: it records
// whether the last attempt that left the client may have reached IO's
// backend. A call with no attempt, or whose last attempt created nothing,
// certainly created nothing, however it ended (even if its context was
// cancelled while it waited out a 429).
type sendTrace struct {
	mu      sync.Mutex
	reached bool
}

type sendTraceKey struct{}

// record sets the outcome of the latest attempt; a nil trace ignores it.
func (t *sendTrace) record(reached bool) {
	if t == nil {
		return
	}
	t.mu.Lock()
	t.reached = reached
	t.mu.Unlock()
}

// mayHaveReached reports whether the last attempt may have reached IO.
func (t *sendTrace) mayHaveReached() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reached
}

// backoff waits x-rate-limit-retry-after (plus up to 10% jitter) after a 429,
// and otherwise an exponential delay from min to max with full jitter in its
// upper half.
func backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		if d := retryAfter(resp.Header); d > 0 {
			return d + jitter(d/10)
		}
	}
	d := minWait << min(attempt, 30)
	if d <= 0 || d > maxWait {
		d = maxWait
	}
	return d/2 + jitter(d/2)
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}
