package contracttest

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const petstore = `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
"components":{"securitySchemes":{"key":{"type":"apiKey","in":"header","name":"X-Key"}}},
"security":[{"key":[]}],
"paths":{"/pets":{"post":{"operationId":"addPet",
 "requestBody":{"required":true,"content":{"application/json":{"schema":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}}},
 "responses":{"201":{"description":"ok","content":{"application/json":{"schema":{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}}}}}}}}}`

// recorder collects what a Spec reports instead of failing the test.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestTransport(t *testing.T) {
	t.Parallel()
	doc, err := openapi3.NewLoader().LoadFromData([]byte(petstore))
	if err != nil {
		t.Fatal(err)
	}
	spec := New(t, "petstore", doc, "http://pets.test/v1")
	tests := []struct {
		name, path, key, body, answer string
		want                          int // reports
	}{
		{"valid", "/v1/pets", "k", `{"name":"Fido"}`, `{"id":1}`, 0},
		{"no key", "/v1/pets", "", `{"name":"Fido"}`, `{"id":1}`, 1},
		{"bad request body", "/v1/pets", "k", `{}`, `{"id":1}`, 1},
		{"bad response body", "/v1/pets", "k", `{"name":"Fido"}`, `{"id":"x"}`, 1},
		{"unknown path", "/v1/cats", "k", `{}`, `{}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := &recorder{TB: t}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, tt.answer)
			}))
			defer srv.Close()
			tr := &Transport{T: rec, Specs: []*Spec{spec}, Requests: true, Responses: true,
				Next: roundTripper(func(r *http.Request) (*http.Response, error) {
					r = r.Clone(r.Context())
					r.URL.Scheme, r.URL.Host = "http", strings.TrimPrefix(srv.URL, "http://")
					return http.DefaultTransport.RoundTrip(r)
				})}
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://pets.test"+tt.path, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", "application/json")
			if tt.key != "" {
				req.Header.Set("X-Key", tt.key)
			}
			if resp, err := tr.RoundTrip(req); err == nil {
				resp.Body.Close()
			}
			if len(rec.errs) != tt.want {
				t.Errorf("reports = %q, want %d", rec.errs, tt.want)
			}
			if tt.want == 0 && tr.Validated()["petstore addPet"] != 1 {
				t.Errorf("Validated = %v", tr.Validated())
			}
		})
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
