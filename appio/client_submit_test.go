package appio_test

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/siopi/siopi/appio"
)

// countingTransport counts the attempts that reach the network.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// stallingServer accepts connections, reads each request and never answers,
// like an IO whose backend hangs after it received the message.
func stallingServer(t *testing.T) (addr string, requests func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	var n atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
			go func() {
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
					n.Add(1)
				}
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String(), func() int { return int(n.Load()) }
}

// A server that accepts the submission and then stalls makes the attempt
// time out: IO may have created the message, so it is not sent again and
// its idempotency key stays pending.
func TestSubmitNotRetriedWhenServerStalls(t *testing.T) {
	t.Parallel()
	addr, requests := stallingServer(t)
	store := appio.NewMemorySentStore()
	ct := &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	c := newClientFor(t, "http://"+addr+"/api/v1", &http.Client{Transport: ct, Timeout: 300 * time.Millisecond}, func(c *appio.Config) {
		c.SentStore, c.MaxRetries = store, 5
	})
	m := newMessage()
	m.IdempotencyKey = "stalled"
	_, err := c.SubmitMessage(t.Context(), m)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if n := ct.n.Load(); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
	for deadline := time.Now().Add(5 * time.Second); requests() == 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if n := requests(); n != 1 {
		t.Errorf("server read %d requests, want 1", n)
	}
	if rec, err := store.Get(t.Context(), "stalled"); err != nil || rec.State != appio.SentPending {
		t.Errorf("key = %+v, %v; want pending", rec, err)
	}
	if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, appio.ErrPending) {
		t.Errorf("resubmit: %v, want ErrPending", err)
	}
	// A read on the same stalling server is retried after each timeout.
	if _, err := c.GetProfile(t.Context(), citizen); err == nil {
		t.Error("profile from a stalling server")
	}
	if n := ct.n.Load(); n != 1+6 {
		t.Errorf("%d attempts in all, want 1 submit and 6 profile lookups", n)
	}
}

// A refused connection proves nothing was sent: the submission is retried,
// and when it keeps failing its idempotency key is released.
func TestSubmitRetriedWhenConnectionRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	store := appio.NewMemorySentStore()
	ct := &countingTransport{base: http.DefaultTransport.(*http.Transport).Clone()}
	c := newClientFor(t, "http://"+addr+"/api/v1", &http.Client{Transport: ct}, func(c *appio.Config) {
		c.SentStore, c.MaxRetries = store, 3
	})
	m := newMessage()
	m.IdempotencyKey = "refused"
	if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("err = %v, want connection refused", err)
	}
	if n := ct.n.Load(); n != 4 {
		t.Errorf("%d attempts, want 4", n)
	}
	if _, err := store.Get(t.Context(), "refused"); !errors.Is(err, appio.ErrNotFound) {
		t.Errorf("key left reserved: %v", err)
	}
}

// Cancelling the context while the client waits out a 429 sends nothing
// more: the key is released, so the message can be sent later.
func TestSubmitCancelledDuring429WaitReleasesKey(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		store := appio.NewMemorySentStore()
		c, mt := newMockClient(t, func(c *appio.Config) { c.SentStore = store })
		mt.RegisterResponder("POST", testBase+"/messages", sequence(
			status(429, `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 30 seconds."}`, "x-rate-limit-retry-after", "30"),
			created))
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		m := newMessage()
		m.IdempotencyKey = "waiting"
		if _, err := c.SubmitMessage(ctx, m); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if n := mt.GetTotalCallCount(); n != 1 {
			t.Errorf("%d submissions, want 1", n)
		}
		if _, err := store.Get(t.Context(), "waiting"); !errors.Is(err, appio.ErrNotFound) {
			t.Errorf("key left reserved: %v", err)
		}
		if id, err := c.SubmitMessage(t.Context(), m); err != nil || id != messageID {
			t.Errorf("later submission = %q, %v", id, err)
		}
	})
}

// Which failed submissions release the key (IO certainly created nothing)
// and which leave it pending (IO may have created the message).
func TestSubmitFailureKeepsOrReleasesKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		resp        func(*http.Request) (*http.Response, error)
		wantPending bool
	}{
		{"400 problem", status(400, `{"title":"Invalid NewMessage","status":400}`), false},
		{"403 bare", status(403, ``), false},
		{"500 problem from IO's function", func(r *http.Request) (*http.Response, error) {
			resp, _ := serverError(r)
			resp.Header.Set("Content-Type", "application/problem+json")
			return resp, nil
		}, false},
		{"502 from the gateway", status(502, `<html>Bad gateway</html>`, "Content-Type", "text/html"), true},
		{"504 without a body", status(504, ``), true},
		{"connection reset", reset, true},
		{"timeout", timeout, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			store := appio.NewMemorySentStore()
			c, mt := newMockClient(t, func(c *appio.Config) { c.SentStore = store })
			mt.RegisterResponder("POST", testBase+"/messages", tt.resp)
			m := newMessage()
			m.IdempotencyKey = "k"
			if _, err := c.SubmitMessage(t.Context(), m); err == nil {
				t.Fatal("no error")
			}
			rec, err := store.Get(t.Context(), "k")
			if pending := err == nil && rec.State == appio.SentPending; pending != tt.wantPending {
				t.Errorf("key = %+v, %v; want pending %v", rec, err, tt.wantPending)
			}
		})
	}
}

// x-rate-limit-remaining: 0 on a success holds the next request for one
// slot of the window, even though the client's own count allows it.
func TestLimiterHonoursRemainingZero(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var starts []time.Time
		c, mt := newMockClient(t, func(c *appio.Config) { c.Limit = appio.Limit{Requests: 10, Per: 10 * time.Second, Margin: -1} })
		mt.RegisterResponder("POST", testBase+"/profiles", func(r *http.Request) (*http.Response, error) {
			starts = append(starts, time.Now())
			remaining := "5"
			if len(starts) == 2 {
				remaining = "0"
			}
			return status(200, `{"sender_allowed":true}`, "x-rate-limit-remaining", remaining)(r)
		})
		for range 3 {
			if _, err := c.GetProfile(t.Context(), citizen); err != nil {
				t.Fatal(err)
			}
		}
		if d := starts[1].Sub(starts[0]); d != 0 {
			t.Errorf("second request waited %s with quota left", d)
		}
		if d := starts[2].Sub(starts[1]); d != time.Second {
			t.Errorf("third request waited %s after remaining 0, want one slot (1s)", d)
		}
		if n := c.RateLimitRemaining(); n != 5 {
			t.Errorf("RateLimitRemaining = %d", n)
		}
	})
}
