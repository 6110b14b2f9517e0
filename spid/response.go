package spid

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
)

// Size caps for untrusted input at the ACS and SLO endpoints.
const (
	MaxBodySize     = 512 << 10 // HTTP body of a POST binding message
	MaxMessageSize  = 256 << 10 // decoded SAML message
	MaxInflatedSize = 256 << 10 // inflated HTTP-Redirect message (deflate-bomb cap)
)

// ParseResponse reads the SAMLResponse of an HTTP-POST request at the ACS
// and validates it with [SP.ParseResponseXML]. Only POST is accepted
// (checklist 31); the body is capped at MaxBodySize.
func (sp *SP) ParseResponse(ctx context.Context, r *http.Request) (*Identity, error) {
	return sp.parseResponseRequest(ctx, r, &response{})
}

func (sp *SP) parseResponseRequest(ctx context.Context, r *http.Request, v *response) (*Identity, error) {
	if r.Method != http.MethodPost {
		return nil, errorf("response.binding", ErrMalformed, "method %s, want POST", r.Method)
	}
	xml, err := readPostMessage(r, "SAMLResponse")
	if err != nil {
		return nil, err
	}
	v.raw = xml
	return sp.parseResponse(ctx, v)
}

// readPostMessage reads and base64-decodes a POST binding parameter.
func readPostMessage(r *http.Request, param string) ([]byte, error) {
	r.Body = http.MaxBytesReader(nil, r.Body, MaxBodySize)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, newError("binding.size", ErrTooLarge, err)
		}
		return nil, newError("binding.form", ErrMalformed, err)
	}
	enc := r.PostForm.Get(param)
	if enc == "" {
		return nil, errorf("binding."+strings.ToLower(param), ErrMalformed, "no %s", param)
	}
	if base64.StdEncoding.DecodedLen(len(enc)) > MaxMessageSize {
		return nil, errorf("binding.size", ErrTooLarge, "%s over %d bytes", param, MaxMessageSize)
	}
	enc = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, enc)
	xml, err := base64.StdEncoding.DecodeString(enc)
	if err != nil {
		return nil, newError("binding.base64", ErrMalformed, err)
	}
	return xml, nil
}
