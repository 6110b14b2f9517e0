package appio_test

import (
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/appio/appiotest"
)

func TestFaultsAgainstFake(t *testing.T) {
	t.Parallel()
	const submitOp = "submitMessageforUserWithFiscalCodeInBody"
	t.Run("500 on profile is retried", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.Fault500, Times: 2})
		if err := c.CheckRecipient(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
		if n := srv.Requests()["getProfileByPOST"]; n != 3 {
			t.Errorf("%d profile requests", n)
		}
	})
	t.Run("dropped profile is retried", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.FaultDrop, Times: 1})
		if err := c.CheckRecipient(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("slow profile times out and is retried", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{}, func(c *appio.Config) {
			c.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
		})
		srv.InjectFault(appiotest.FaultRule{Op: "getProfileByPOST", Kind: appiotest.FaultSlow, Delay: time.Second, Times: 1})
		if err := c.CheckRecipient(t.Context(), citizen); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("429 on submit is retried once", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Op: submitOp, Kind: appiotest.Fault429, Times: 1})
		// The fake asks for x-rate-limit-retry-after: 1, a real second.
		if _, err := c.SubmitMessage(t.Context(), newMessage()); err != nil {
			t.Fatal(err)
		}
		if n := srv.MessageCount(); n != 1 {
			t.Errorf("%d messages", n)
		}
	})
	t.Run("dropped submit is not retried", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Op: submitOp, Kind: appiotest.FaultDropAfter, Times: 1})
		m := newMessage()
		m.IdempotencyKey = "drop"
		if _, err := c.SubmitMessage(t.Context(), m); err == nil {
			t.Fatal("no error")
		}
		if _, err := c.SubmitMessage(t.Context(), m); !errors.Is(err, appio.ErrPending) {
			t.Errorf("resubmit: %v", err)
		}
		if n := srv.MessageCount(); n != 1 {
			t.Errorf("%d messages, want exactly the one IO created", n)
		}
	})
	t.Run("bare 403 from the gateway", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Kind: appiotest.Fault403, Times: 1})
		m := newMessage()
		m.IdempotencyKey = "no-certificate"
		_, err := c.SubmitMessage(t.Context(), m)
		e, ok := errors.AsType[*appio.APIError](err)
		if !ok || e.Shape != appio.ShapeEmpty || !appio.IsServiceNotAuthorized(err) || appio.IsTestMode(err) {
			t.Fatalf("err = %#v", err)
		}
		if n := srv.Requests()[submitOp]; n != 1 {
			t.Errorf("%d submit requests", n)
		}
		// Nothing was created: the key is free for a later attempt.
		if _, err := c.SubmitMessage(t.Context(), m); err != nil || srv.MessageCount() != 1 {
			t.Errorf("second attempt: %v, %d messages", err, srv.MessageCount())
		}
	})
	t.Run("500 on submit is not retried", func(t *testing.T) {
		t.Parallel()
		c, srv := newFake(t, appiotest.Config{})
		srv.InjectFault(appiotest.FaultRule{Op: submitOp, Kind: appiotest.Fault500, Times: 1})
		if _, err := c.SubmitMessage(t.Context(), newMessage()); !errors.Is(err, appio.ErrServer) {
			t.Fatalf("err = %v", err)
		}
		if n := srv.Requests()[submitOp]; n != 1 {
			t.Errorf("%d submit requests", n)
		}
	})
}

// With the same quota on both sides, the client's limiter keeps the fake's
// limiter from ever answering 429; with the client's limiter off, IO's 429s
// are waited out and every call still succeeds.
func TestRateLimitAgainstFake(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		limit    appio.Limit
		want429  bool
		requests int
	}{
		{"client limiter on", appio.Limit{Requests: 20, Per: time.Second}, false, 100},
		{"client limiter off", appio.Limit{Disabled: true}, true, 100},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				fake := appiotest.New(appiotest.Config{Citizens: citizens(), Limit: appiotest.Limit{Requests: 20, Per: time.Second}, Seed: 1})
				c := newClientFor(t, "http://io.test"+appiotest.BasePath, &http.Client{Transport: handlerTransport{fake}}, func(c *appio.Config) {
					c.Limit = tt.limit
					c.MaxRetries = 20
				})
				var wg sync.WaitGroup
				for range 10 {
					wg.Go(func() {
						for range tt.requests / 10 {
							if err := c.CheckRecipient(t.Context(), citizen); err != nil {
								t.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				n := fake.Requests()["getProfileByPOST"]
				if got429 := n > tt.requests; got429 != tt.want429 {
					t.Errorf("%d requests for %d calls", n, tt.requests)
				}
			})
		})
	}
}
