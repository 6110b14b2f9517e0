package gpd_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/siopi/siopi/pagopa/gpd"
)

func TestCheckRetry(t *testing.T) {
	t.Parallel()
	resp := func(method string, status int) *http.Response {
		return &http.Response{StatusCode: status, Request: &http.Request{Method: method}}
	}
	dial := &net.OpError{Op: "dial", Err: errors.New("connection refused")}
	cases := []struct {
		name string
		resp *http.Response
		err  error
		want bool
	}{
		{"GET 503", resp(http.MethodGet, 503), nil, true},
		{"PUT 500", resp(http.MethodPut, 500), nil, true},
		{"DELETE 502", resp(http.MethodDelete, 502), nil, true},
		{"GET 501", resp(http.MethodGet, 501), nil, false},
		{"GET 404", resp(http.MethodGet, 404), nil, false},
		{"POST 503", resp(http.MethodPost, 503), nil, false},
		{"PATCH 500", resp(http.MethodPatch, 500), nil, false},
		{"POST 429", resp(http.MethodPost, 429), nil, true},
		{"POST dial error", nil, dial, true},
		{"POST reset", nil, errors.New("connection reset"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, _ := gpd.CheckRetry(t.Context(), tc.resp, tc.err)
			if got != tc.want {
				t.Errorf("CheckRetry = %v, want %v", got, tc.want)
			}
		})
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if ok, _ := gpd.CheckRetry(ctx, resp(http.MethodGet, 503), nil); ok {
		t.Error("retries after the context is done")
	}
}

func TestLogValueRedacts(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	slog.New(slog.NewTextHandler(&b, nil)).Info("x", "position", samplePosition("iupd-1"))
	if strings.Contains(b.String(), "RSSMRA80A01H501U") || strings.Contains(b.String(), "Mario") {
		t.Errorf("log leaks personal data: %s", b.String())
	}
}
