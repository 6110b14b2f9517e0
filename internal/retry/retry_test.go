package retry_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/retry"
)

func TestNew(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	retryAll := func(ctx context.Context, resp *http.Response, err error) (bool, error) {
		return resp != nil && resp.StatusCode >= 500, nil
	}
	tests := []struct {
		name   string
		policy retry.Policy
		calls  int32
	}{
		{"default max", retry.Policy{}, 3},
		{"own max", retry.Policy{Max: 1}, 2},
		{"no retries", retry.Policy{Max: -1}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls.Store(0)
			rc := retry.New(retry.Config{
				HTTPClient: srv.Client(),
				Policy:     tt.policy,
				Default:    retry.Policy{Max: 2, WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond},
				CheckRetry: retryAll,
			})
			resp, err := rc.StandardClient().Get(srv.URL)
			if err != nil {
				t.Fatalf("want the last response passed through, got error %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("status %d", resp.StatusCode)
			}
			if got := calls.Load(); got != tt.calls {
				t.Errorf("%d attempts, want %d", got, tt.calls)
			}
		})
	}
}
