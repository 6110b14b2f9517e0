package appio_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"

	"github.com/siopi/siopi/appio"
)

// sequence answers each call with the next responder, repeating the last.
func sequence(rs ...httpmock.Responder) httpmock.Responder {
	var mu sync.Mutex
	i := 0
	return func(r *http.Request) (*http.Response, error) {
		mu.Lock()
		cur := rs[min(i, len(rs)-1)]
		i++
		mu.Unlock()
		return cur(r)
	}
}

func status(code int, body string, kv ...string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(code, body)
		resp.Header.Set("Content-Type", "application/json")
		for i := 0; i < len(kv); i += 2 {
			resp.Header.Set(kv[i], kv[i+1])
		}
		return resp, nil
	}
}

var (
	created     = status(201, `{"id":"`+messageID+`"}`)
	profileOK   = status(200, `{"sender_allowed":true}`)
	tooMany     = status(429, `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}`, "x-rate-limit-retry-after", "1")
	serverError = status(500, `{"title":"Internal server error","status":500}`)
	refused     = httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "x"}})
	connRefused = httpmock.NewErrorResponder(&net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED})
	reset       = httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})
	eof         = httpmock.NewErrorResponder(io.ErrUnexpectedEOF)
	timeout     = httpmock.NewErrorResponder(context.DeadlineExceeded)
)

func TestRetryPolicy(t *testing.T) {
	t.Parallel()
	submit := func(t *testing.T, c *appio.Client) error {
		_, err := c.SubmitMessage(t.Context(), newMessage())
		return err
	}
	profile := func(t *testing.T, c *appio.Client) error { _, err := c.GetProfile(t.Context(), citizen); return err }
	upsert := func(t *testing.T, c *appio.Client) error {
		_, err := c.UpsertActivation(t.Context(), citizen, appio.ActivationActive)
		return err
	}
	activation := status(200, `{"service_id":"s","fiscal_code":"RSSMRA79B11C566R","status":"ACTIVE","version":0}`)
	tests := []struct {
		name      string
		method    string
		path      string
		responses []httpmock.Responder
		call      func(*testing.T, *appio.Client) error
		wantCalls int
		wantErr   error // nil = success
	}{
		{"submit 429 is retried", "POST", "/messages", []httpmock.Responder{tooMany, created}, submit, 2, nil},
		{"submit refused connection is retried", "POST", "/messages", []httpmock.Responder{connRefused, refused, created}, submit, 3, nil},
		{"submit 500 is not retried", "POST", "/messages", []httpmock.Responder{serverError, created}, submit, 1, appio.ErrServer},
		{"submit timeout is not retried", "POST", "/messages", []httpmock.Responder{timeout, created}, submit, 1, context.DeadlineExceeded},
		{"submit reset is not retried", "POST", "/messages", []httpmock.Responder{reset, created}, submit, 1, syscall.ECONNRESET},
		{"submit EOF is not retried", "POST", "/messages", []httpmock.Responder{eof, created}, submit, 1, io.ErrUnexpectedEOF},
		{"submit 429 until retries run out", "POST", "/messages", []httpmock.Responder{status(429, `{"statusCode":429,"message":"m"}`)}, submit, 4, appio.ErrRateLimited},
		{"profile 500 and reset are retried", "POST", "/profiles", []httpmock.Responder{serverError, reset, eof, profileOK}, profile, 4, nil},
		{"profile 404 is not retried", "POST", "/profiles", []httpmock.Responder{status(404, `{"title":"Profile not found"}`), profileOK}, profile, 1, appio.ErrNotOnIO},
		{"profile 403 is not retried", "POST", "/profiles", []httpmock.Responder{status(403, ``), profileOK}, profile, 1, appio.ErrForbidden},
		{"upsert 503 and timeout are retried", "PUT", "/activations/", []httpmock.Responder{status(503, ``), timeout, activation}, upsert, 3, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMockClient(t, func(c *appio.Config) { c.MaxRetries = 3 })
			mt.RegisterResponder(tt.method, testBase+tt.path, sequence(tt.responses...))
			// 429s carry x-rate-limit-retry-after: 1; run in a bubble so the
			// waits cost no real time.
			var err error
			synctest.Test(t, func(t *testing.T) { err = tt.call(t, c) })
			if got := mt.GetTotalCallCount(); got != tt.wantCalls {
				t.Errorf("calls = %d, want %d", got, tt.wantCalls)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Errorf("err = %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	t.Parallel()
	t.Run("sent once", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", testBase+"/messages", created)
		m := newMessage()
		m.IdempotencyKey = "k1"
		for range 3 {
			id, err := c.SubmitMessage(t.Context(), m)
			if err != nil || id != messageID {
				t.Fatalf("SubmitMessage = %q, %v", id, err)
			}
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
	})
	t.Run("concurrent callers send once", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", testBase+"/messages", created)
		m := newMessage()
		m.IdempotencyKey = "race"
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if _, err := c.SubmitMessage(t.Context(), m); err != nil && !errors.Is(err, appio.ErrPending) {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
	})
	t.Run("released after a definite failure", func(t *testing.T) {
		t.Parallel()
		c, mt := newMockClient(t)
		mt.RegisterResponder("POST", testBase+"/messages", sequence(status(400, `{"title":"Invalid NewMessage"}`), created))
		m := newMessage()
		m.IdempotencyKey = "k2"
		if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, appio.ErrInvalid) {
			t.Fatalf("first: %v", err)
		}
		if id, err := c.SubmitMessage(t.Context(), m); err != nil || id != messageID {
			t.Fatalf("second = %q, %v", id, err)
		}
	})
	t.Run("pending after an ambiguous failure", func(t *testing.T) {
		t.Parallel()
		store := appio.NewMemorySentStore()
		c, mt := newMockClient(t, func(c *appio.Config) { c.SentStore = store })
		mt.RegisterResponder("POST", testBase+"/messages", sequence(timeout, created))
		m := newMessage()
		m.IdempotencyKey = "k3"
		if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("first: %v", err)
		}
		if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, appio.ErrPending) {
			t.Fatalf("second: %v, want ErrPending", err)
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
		// The caller reconciles (e.g. the citizen confirms) and releases.
		if err := store.Release(t.Context(), "k3"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SubmitMessage(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	})
}

// The limiter never lets more than Requests start in any window of Per, for
// all goroutines together.
func TestLimiterWindow(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var starts []time.Time
		c, mt := newMockClient(t, func(c *appio.Config) {
			c.Limit = appio.Limit{Requests: 5, Per: time.Second, Margin: -1}
		})
		mt.RegisterResponder("POST", testBase+"/profiles", func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			starts = append(starts, time.Now())
			mu.Unlock()
			return profileOK(r)
		})
		begin := time.Now()
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 4 {
					if _, err := c.GetProfile(t.Context(), citizen); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		if len(starts) != 32 {
			t.Fatalf("%d requests", len(starts))
		}
		sortTimes(starts)
		for i := 5; i < len(starts); i++ {
			if d := starts[i].Sub(starts[i-5]); d < time.Second {
				t.Fatalf("requests %d and %d only %s apart", i-5, i, d)
			}
		}
		// 32 requests at 5/s: the last starts after 6 full windows, no later.
		if got := time.Since(begin); got != 6*time.Second {
			t.Errorf("32 requests took %s, want 6s", got)
		}
	})
}

// A 429 pauses every goroutine of the client for x-rate-limit-retry-after.
func TestLimiterPausesOn429(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var starts []time.Time
		c, mt := newMockClient(t, func(c *appio.Config) { c.Limit = appio.Limit{Requests: 100, Per: time.Second} })
		first := true
		mt.RegisterResponder("POST", testBase+"/profiles", func(r *http.Request) (*http.Response, error) {
			mu.Lock()
			defer mu.Unlock()
			starts = append(starts, time.Now())
			if first {
				first = false
				return status(429, `{"statusCode":429,"message":"m"}`, "x-rate-limit-retry-after", "7", "x-rate-limit-remaining", "0")(r)
			}
			return status(200, `{"sender_allowed":true}`, "x-rate-limit-remaining", "42")(r)
		})
		begin := time.Now()
		if _, err := c.GetProfile(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
		// A second caller started after the 429 waits too.
		if _, err := c.GetProfile(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
		if starts[1].Sub(begin) < 7*time.Second || starts[2].Sub(begin) < 7*time.Second {
			t.Errorf("retry after %s and %s, want >= 7s", starts[1].Sub(begin), starts[2].Sub(begin))
		}
		if n := c.RateLimitRemaining(); n != 42 {
			t.Errorf("RateLimitRemaining = %d", n)
		}
	})
}

// Backoff grows exponentially, with jitter, between RetryWaitMin and
// RetryWaitMax.
func TestBackoffGrows(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var starts []time.Time
		c, mt := newMockClient(t, func(c *appio.Config) {
			c.MaxRetries = 5
			c.RetryWaitMin, c.RetryWaitMax = time.Second, 8*time.Second
		})
		mt.RegisterResponder("POST", testBase+"/profiles", func(r *http.Request) (*http.Response, error) {
			starts = append(starts, time.Now())
			return serverError(r)
		})
		if _, err := c.GetProfile(t.Context(), citizen); !errors.Is(err, appio.ErrServer) {
			t.Fatalf("err = %v", err)
		}
		want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
		for i, w := range want {
			d := starts[i+1].Sub(starts[i])
			if d < w/2 || d > w {
				t.Errorf("wait %d = %s, want in [%s, %s]", i, d, w/2, w)
			}
		}
	})
}

// Cancelling the context stops a wait for the limiter.
func TestLimiterHonoursContext(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		c, mt := newMockClient(t, func(c *appio.Config) { c.Limit = appio.Limit{Requests: 1, Per: time.Hour} })
		mt.RegisterResponder("POST", testBase+"/profiles", profileOK)
		if _, err := c.GetProfile(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		if _, err := c.GetProfile(ctx, citizen); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v", err)
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d calls", n)
		}
	})
}

func sortTimes(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// The per-attempt timeout does not count the wait for a limiter slot, and a
// submission that never left the limiter releases its idempotency key.
func TestLimiterWaitIsNotAnAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := appio.NewMemorySentStore()
		mt := httpmock.NewMockTransport()
		c, err := appio.NewClient(appio.Config{
			BaseURL: testBase, APIKey: testKey, SentStore: store,
			HTTPClient: &http.Client{Transport: mt, Timeout: 10 * time.Second},
			Limit:      appio.Limit{Requests: 1, Per: time.Minute, Margin: -1},
		})
		if err != nil {
			t.Fatal(err)
		}
		mt.RegisterResponder("POST", testBase+"/profiles", profileOK)
		mt.RegisterResponder("POST", testBase+"/messages", created)
		for range 2 { // the second waits a minute for its slot
			if _, err := c.GetProfile(t.Context(), citizen); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		defer cancel()
		m := newMessage()
		m.IdempotencyKey = "waited"
		if _, err := c.SubmitMessage(ctx, m); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if _, err := store.Get(t.Context(), "waited"); !errors.Is(err, appio.ErrNotFound) {
			t.Errorf("key left reserved: %v", err)
		}
		if n := mt.GetCallCountInfo()["POST "+testBase+"/messages"]; n != 0 {
			t.Errorf("%d submissions", n)
		}
	})
}
