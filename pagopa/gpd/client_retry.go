package gpd

import (
	"context"
	"errors"
	"net"
	"net/http"
)

// CheckRetry is the retry policy of the client, in go-retryablehttp's CheckRetry shape. It retries
// only what is safe to repeat:
//   - GET, HEAD, PUT and DELETE (idempotent in GPD) on a transport error, 429 or a 5xx other than 501;
//   - any method, POST included, on 429 (APIM rejected the call before GPD saw it) or on a dial error
//     (the request never left the host).
//
// A create or publish POST that failed with a 5xx is never repeated blindly: the caller (or
// [Client.CreatePosition], which reads the position back) must find out whether it took effect.
func CheckRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		var op *net.OpError
		if errors.As(err, &op) && op.Op == "dial" {
			return true, nil
		}
		if resp == nil && idempotent(requestMethod(resp, err)) {
			return true, nil
		}
		return false, nil
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return true, nil
	}
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
		return idempotent(resp.Request.Method), nil
	}
	return false, nil
}

// requestMethod recovers the method of a failed request from its *url.Error-wrapped context.
// go-retryablehttp hands CheckRetry only the error; the method travels in a wrapper error.
func requestMethod(resp *http.Response, err error) string {
	if resp != nil && resp.Request != nil {
		return resp.Request.Method
	}
	var me *methodError
	if errors.As(err, &me) {
		return me.method
	}
	return ""
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// methodError tags a transport error with the request's method so that [CheckRetry] can tell a
// failed GET from a failed POST. The transport wrapper below produces it.
type methodError struct {
	method string
	err    error
}

func (e *methodError) Error() string { return e.err.Error() }
func (e *methodError) Unwrap() error { return e.err }

// methodTransport tags transport errors with the request method.
type methodTransport struct{ next http.RoundTripper }

func (t methodTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, &methodError{method: r.Method, err: err}
	}
	return resp, nil
}
