package appio

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// IO's rate-limit headers (Azure APIM rate-limit-by-key with custom names).
const (
	headerRemaining  = "x-rate-limit-remaining"
	headerRetryAfter = "x-rate-limit-retry-after"
)

// Limit configures the client-side rate limiter. The zero value is IO's
// default quota: 150 requests per 5 seconds.
type Limit struct {
	// Requests is the number of requests allowed in any window of length
	// Per; zero means 150.
	Requests int
	// Per is the window; zero means 5 s.
	Per time.Duration
	// Margin is added to Per to absorb network jitter so that the server's
	// window never sees more than Requests; zero means 1% of Per, negative
	// means none.
	Margin time.Duration
	// Disabled turns the limiter off (for enti in IO's ApiNoRateLimit group
	// and for tests). 429 answers are still honoured by the retry policy.
	Disabled bool
}

// IO's default quota for an ente: 150 requests per 5 s, shared by every
// service and key of the ente's APIM user (some enti get 250, or none).
const (
	DefaultLimitRequests = 150
	DefaultLimitPer      = 5 * time.Second
)

// limiter is a sliding-window limiter: it allows at most n requests in any
// window of length per, so it never exceeds a fixed or sliding server-side
// window of the same size. Every goroutine of a [Client] shares it. It also
// pauses everyone when IO says the quota is spent.
type limiter struct {
	per time.Duration

	mu          sync.Mutex
	slots       []time.Time // start times of the last n requests, a ring
	next        int
	pausedUntil time.Time

	remaining atomic.Int64 // last x-rate-limit-remaining seen, -1 = none
}

func newLimiter(l Limit) *limiter {
	if l.Disabled {
		return nil
	}
	if l.Requests <= 0 {
		l.Requests = DefaultLimitRequests
	}
	if l.Per <= 0 {
		l.Per = DefaultLimitPer
	}
	switch {
	case l.Margin == 0:
		l.Margin = l.Per / 100
	case l.Margin < 0:
		l.Margin = 0
	}
	lim := &limiter{per: l.Per + l.Margin, slots: make([]time.Time, l.Requests)}
	lim.remaining.Store(-1)
	return lim
}

// wait blocks until a request may start, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	at := time.Now()
	if t := l.slots[l.next].Add(l.per); t.After(at) {
		at = t
	}
	if l.pausedUntil.After(at) {
		at = l.pausedUntil
	}
	l.slots[l.next] = at
	l.next = (l.next + 1) % len(l.slots)
	l.mu.Unlock()
	for {
		if err := sleepUntil(ctx, at); err != nil {
			return err
		}
		// A 429 seen while this caller slept pauses it too.
		l.mu.Lock()
		p := l.pausedUntil
		l.mu.Unlock()
		if !p.After(time.Now()) {
			return nil
		}
		at = p
	}
}

// pause holds every request until t.
func (l *limiter) pause(t time.Time) {
	l.mu.Lock()
	if t.After(l.pausedUntil) {
		l.pausedUntil = t
	}
	l.mu.Unlock()
}

// observe adapts to IO's headers: on a 429 that leaves no quota it pauses
// everyone for x-rate-limit-retry-after; when x-rate-limit-remaining reaches
// 0 it holds the next request for one slot's length.
func (l *limiter) observe(resp *http.Response) {
	remaining := int64(-1)
	if v := strings.TrimSpace(resp.Header.Get(headerRemaining)); v != "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			remaining = n
			l.remaining.Store(n)
			if n <= 0 {
				l.pause(time.Now().Add(l.per / time.Duration(len(l.slots))))
			}
		}
	}
	// A 429 that reports quota left (APIM's counters are approximate) only
	// delays the request that got it, through the retry backoff; one that
	// reports none, or says nothing, pauses everyone.
	if resp.StatusCode == http.StatusTooManyRequests && remaining <= 0 {
		if d := retryAfter(resp.Header); d > 0 {
			l.pause(time.Now().Add(d))
		}
	}
}

func sleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// limitTransport runs every attempt, retries included, through the limiter
// (each one counts against IO's quota), then bounds the attempt itself with
// the per-attempt timeout, which therefore never covers the wait for a slot.
type limitTransport struct {
	base    http.RoundTripper
	lim     *limiter
	timeout time.Duration
}

// RoundTrip waits for the limiter, records in the call's [sendTrace] whether
// the attempt may have reached IO, and lets the limiter read IO's headers.
func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.lim != nil {
		if err := t.lim.wait(req.Context()); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}
	tr, _ := req.Context().Value(sendTraceKey{}).(*sendTrace)
	tr.record(true)
	cancel := context.CancelFunc(func() {})
	if t.timeout > 0 {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(req.Context(), t.timeout)
		req = req.WithContext(ctx)
	}
	resp, err := t.base.RoundTrip(req)
	tr.record(!createdNothing(resp, err))
	if err != nil {
		cancel()
		return nil, err
	}
	if t.lim != nil {
		t.lim.observe(resp)
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose releases the attempt's timeout when the body is closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close closes the body and releases the attempt's timeout.
func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
