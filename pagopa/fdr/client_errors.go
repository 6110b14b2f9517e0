package fdr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Sentinel kinds of [*APIError].
var (
	ErrNotFound    = errors.New("fdr: not found")
	ErrBadRequest  = errors.New("fdr: bad request")
	ErrForbidden   = errors.New("fdr: unauthorized or forbidden")
	ErrRateLimited = errors.New("fdr: rate limited")
	ErrServer      = errors.New("fdr: server error")
	ErrTransport   = errors.New("fdr: transport error")
	ErrUnexpected  = errors.New("fdr: unexpected response")
)

// APIError is a failed FdR call; its body is the API's ErrorResponse.
type APIError struct {
	Op           string
	StatusCode   int
	AppErrorCode string // e.g. "FDR-0500"
	ErrorID      string
	Messages     []string
	Err          error
	kind         error
}

// Error implements error.
func (e *APIError) Error() string {
	if e.StatusCode == 0 && e.Err != nil {
		return "fdr: " + e.Op + ": " + e.Err.Error()
	}
	s := fmt.Sprintf("fdr: %s: %d", e.Op, e.StatusCode)
	if e.AppErrorCode != "" {
		s += " " + e.AppErrorCode
	}
	if len(e.Messages) > 0 {
		s += ": " + strings.Join(e.Messages, "; ")
	}
	return s
}

// Unwrap returns the sentinel kind and the cause.
func (e *APIError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func (c *Client) get(ctx context.Context, op, path string, q url.Values, out any) error {
	r := c.rest.R().SetContext(ctx).SetHeader("Ocp-Apim-Subscription-Key", c.key)
	if q != nil {
		r.SetQueryParamsFromValues(q)
	}
	resp, err := r.Get(c.base + path)
	if err != nil {
		return &APIError{Op: op, Err: err, kind: ErrTransport}
	}
	if resp.IsSuccess() {
		if err := json.Unmarshal(resp.Body(), out); err != nil {
			return &APIError{Op: op, StatusCode: resp.StatusCode(), Err: fmt.Errorf("decode: %w", err), kind: ErrUnexpected}
		}
		return nil
	}
	e := &APIError{Op: op, StatusCode: resp.StatusCode()}
	var body struct {
		ErrorID      string `json:"errorId"`
		AppErrorCode string `json:"appErrorCode"`
		Errors       []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(resp.Body(), &body) == nil {
		e.ErrorID, e.AppErrorCode = body.ErrorID, body.AppErrorCode
		for _, m := range body.Errors {
			e.Messages = append(e.Messages, m.Message)
		}
	}
	switch s := resp.StatusCode(); {
	case s == 404:
		e.kind = ErrNotFound
	case s == 400:
		e.kind = ErrBadRequest
	case s == 401 || s == 403:
		e.kind = ErrForbidden
	case s == 429:
		e.kind = ErrRateLimited
	case s >= 500:
		e.kind = ErrServer
	default:
		e.kind = ErrUnexpected
	}
	return e
}
