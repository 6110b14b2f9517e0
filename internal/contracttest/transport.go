package contracttest

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"net/http"
	"sync"
	"testing"
)

// Transport is an [http.RoundTripper] that sends each request with Next and
// validates it, and its response, against the first of Specs that has its
// operation; a request none of them has is reported. It is safe for
// concurrent use once set up.
type Transport struct {
	T     testing.TB
	Specs []*Spec
	// Next sends the requests; nil means [http.DefaultTransport].
	Next http.RoundTripper
	// Requests and Responses choose what is validated.
	Requests, Responses bool

	mu        sync.Mutex
	validated map[string]int // "spec-name operationId" → exchanges
}

// RoundTrip validates req, sends it with Next and validates the response.
func (tr *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		body, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	var spec *Spec
	var op string
	for _, s := range tr.Specs {
		if id, ok := s.Operation(req); ok {
			spec, op = s, id
			break
		}
	}
	if spec == nil {
		tr.T.Errorf("contract: %s %s is in no definition", req.Method, req.URL)
		return nil, fmt.Errorf("contracttest: %s %s is in no definition", req.Method, req.URL)
	}
	if tr.Requests {
		spec.ValidateRequest(tr.T, req, body)
	}
	next := tr.Next
	if next == nil {
		next = http.DefaultTransport
	}
	resp, err := next.RoundTrip(req)
	if err != nil || !tr.Responses {
		tr.count(spec, op)
		return resp, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if err != nil {
		return nil, err
	}
	spec.ValidateResponse(tr.T, req, resp, respBody)
	tr.count(spec, op)
	return resp, nil
}

func (tr *Transport) count(s *Spec, op string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	if tr.validated == nil {
		tr.validated = map[string]int{}
	}
	tr.validated[s.Name+" "+op]++
}

// Validated returns how many exchanges were validated, by "spec-name
// operationId".
func (tr *Transport) Validated() map[string]int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return maps.Clone(tr.validated)
}
