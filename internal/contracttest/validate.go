package contracttest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
)

// Operation returns the operationId of the operation req calls, if s has one
// (at its base URL, path and method).
func (s *Spec) Operation(req *http.Request) (string, bool) {
	route, _, err := s.router.FindRoute(req)
	if err != nil {
		return "", false
	}
	return route.Operation.OperationID, true
}

// ValidateRequest reports with t.Errorf how req, whose body is body (req's
// own body is not read), breaks the operation it calls, or that s has no
// such operation. An apiKey security scheme requires its key. It
// returns the operationId ("" when there is none).
func (s *Spec) ValidateRequest(t testing.TB, req *http.Request, body []byte) string {
	t.Helper()
	in, ok := s.input(t, req, body)
	if !ok {
		return ""
	}
	in.Options = &openapi3filter.Options{
		MultiError: true, SkipSettingDefaults: true, RejectWhenRequestBodyNotSpecified: true,
		AuthenticationFunc: requireKey,
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		t.Errorf("contract %s: request %s %s (%s) breaks the spec: %v\nbody: %s",
			s.Name, req.Method, req.URL.Path, in.Route.Operation.OperationID, err, body)
	}
	return in.Route.Operation.OperationID
}

// ValidateResponse reports with t.Errorf how resp, whose body is body, breaks
// the operation req calls (status, headers, body), or that s has no such
// operation. It returns the operationId ("" when there is none).
func (s *Spec) ValidateResponse(t testing.TB, req *http.Request, resp *http.Response, body []byte) string {
	t.Helper()
	in, ok := s.input(t, req, nil)
	if !ok {
		return ""
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body:    io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		t.Errorf("contract %s: response %d to %s %s (%s) breaks the spec: %v\nbody: %s",
			s.Name, resp.StatusCode, req.Method, req.URL.Path, in.Route.Operation.OperationID, err, body)
	}
	return in.Route.Operation.OperationID
}

// input finds req's route on a copy of req carrying body.
func (s *Spec) input(t testing.TB, req *http.Request, body []byte) (*openapi3filter.RequestValidationInput, bool) {
	t.Helper()
	vr := req.Clone(context.Background())
	vr.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := s.router.FindRoute(vr)
	if err != nil {
		t.Errorf("contract %s: %s %s: %v", s.Name, req.Method, req.URL, err)
		return nil, false
	}
	return &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route}, true
}

// requireKey lets a request through an apiKey security scheme when it
// carries the key where the scheme says (header or query); other schemes
// pass.
func requireKey(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	sc, req := in.SecurityScheme, in.RequestValidationInput.Request
	if sc.Type != "apiKey" {
		return nil
	}
	switch {
	case sc.In == "header" && req.Header.Get(sc.Name) == "",
		sc.In == "query" && req.URL.Query().Get(sc.Name) == "":
		return errors.New("missing " + sc.Name)
	}
	return nil
}
