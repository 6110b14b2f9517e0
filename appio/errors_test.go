package appio

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseErrorShapes(t *testing.T) {
	t.Parallel()
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	tests := []struct {
		name       string
		op         string
		status     int
		header     http.Header
		body       string
		wantShape  ErrorShape
		wantTitle  string
		wantDetail string
		wantRetry  time.Duration
		is         []error
		isNot      []error
	}{
		{"problem 400", opSubmitMessage, 400, h("Content-Type", "application/problem+json"),
			`{"title":"Invalid NewMessage","status":400,"detail":"value [\"00\"] at [root.0.fiscal_code] is not a valid [FiscalCode]"}`,
			ShapeProblem, "Invalid NewMessage", `value ["00"] at [root.0.fiscal_code] is not a valid [FiscalCode]`, 0,
			[]error{ErrInvalid}, []error{ErrForbidden}},
		{"problem 404 profile", opGetProfile, 404, h("Content-Type", "application/problem+json"),
			`{"title":"Profile not found","status":404,"detail":"The profile you requested was not found in the system."}`,
			ShapeProblem, "Profile not found", "The profile you requested was not found in the system.", 0,
			[]error{ErrNotOnIO, ErrNotFound}, nil},
		{"problem 404 message is not 'not on IO'", opGetMessage, 404, h("Content-Type", "application/problem+json"),
			`{"title":"Message not found","status":404}`, ShapeProblem, "Message not found", "", 0,
			[]error{ErrNotFound}, []error{ErrNotOnIO}},
		{"gateway 401", opGetProfile, 401, h("Content-Type", "application/json"),
			`{"statusCode":401,"message":"Access denied due to invalid subscription key."}`,
			ShapeGateway, "Access denied due to invalid subscription key.", "", 0, []error{ErrUnauthorized}, nil},
		{"gateway 429 with IO's header", opSubmitMessage, 429, h("Content-Type", "application/json", "x-rate-limit-retry-after", "3"),
			`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 3 seconds."}`,
			ShapeGateway, "Rate limit is exceeded. Try again in 3 seconds.", "", 3 * time.Second, []error{ErrRateLimited}, nil},
		{"standard Retry-After as fallback", opGetProfile, 429, h("Retry-After", "2"), ``, ShapeEmpty, "", "", 2 * time.Second, []error{ErrRateLimited}, nil},
		{"bare 403", opSubmitMessage, 403, h(), ``, ShapeEmpty, "", "", 0, []error{ErrForbidden}, []error{ErrInvalid}},
		{"problem without content type", opGetProfile, 403, h(), `{"title":"Recipient forbidden","status":403}`,
			ShapeProblem, "Recipient forbidden", "", 0, []error{ErrForbidden}, nil},
		{"html", opGetProfile, 502, h("Content-Type", "text/html"), `<html>Bad gateway</html>`, ShapeOther, "", "", 0, []error{ErrServer}, nil},
		{"json array", opGetProfile, 500, h("Content-Type", "application/json"), `[1,2]`, ShapeOther, "", "", 0, []error{ErrServer}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := parseError(tt.op, tt.status, tt.header, []byte(tt.body))
			if e.Shape != tt.wantShape || e.Title != tt.wantTitle || e.Detail != tt.wantDetail || e.RetryAfter != tt.wantRetry {
				t.Errorf("got shape=%s title=%q detail=%q retry=%s", e.Shape, e.Title, e.Detail, e.RetryAfter)
			}
			if string(e.Raw) != tt.body || e.StatusCode != tt.status {
				t.Errorf("raw/status = %q/%d", e.Raw, e.StatusCode)
			}
			var err error = e
			for _, s := range tt.is {
				if !errors.Is(err, s) {
					t.Errorf("not Is %v", s)
				}
			}
			for _, s := range tt.isNot {
				if errors.Is(err, s) {
					t.Errorf("unexpectedly Is %v", s)
				}
			}
		})
	}
}

func TestAPIErrorRedactsAndBounds(t *testing.T) {
	t.Parallel()
	body := `{"title":"Invalid NewMessage","detail":"value [\"RSSMRA79B11C566R\"] at [root] ` + strings.Repeat("x", 10000) + `"}`
	e := parseError(opSubmitMessage, 400, http.Header{}, []byte(body))
	if len(e.Raw) != maxErrorBody {
		t.Errorf("raw is %d bytes, want %d", len(e.Raw), maxErrorBody)
	}
	e = parseError(opSubmitMessage, 400, http.Header{}, []byte(`{"title":"Invalid NewMessage","detail":"value [\"rssmra79b11c566r\"] is not valid"}`))
	if msg := e.Error(); strings.Contains(strings.ToUpper(msg), "RSSMRA79B11C566R") {
		t.Errorf("Error() leaks the fiscal code: %s", msg)
	}
	if !strings.HasPrefix(e.Error(), "appio: submitMessageforUserWithFiscalCodeInBody: 400 Invalid NewMessage: ") {
		t.Errorf("Error() = %s", e.Error())
	}
}

func TestIsTestMode(t *testing.T) {
	t.Parallel()
	e := parseError(opSubmitMessage, 403, http.Header{}, []byte(`{"title":"Recipient forbidden","status":403}`))
	if !IsTestMode(e) || !IsServiceNotAuthorized(e) {
		t.Error("Recipient forbidden not recognised")
	}
	if IsTestMode(parseError(opSubmitMessage, 403, http.Header{}, nil)) {
		t.Error("bare 403 taken for test mode")
	}
}

// FuzzParseError checks that any answer IO (or a proxy) sends becomes an
// APIError without panicking, with a bounded raw body and valid fields.
func FuzzParseError(f *testing.F) {
	seeds := []string{
		`{"title":"Invalid NewMessage","status":400,"detail":"value [\"00\"]"}`,
		`{"statusCode":429,"message":"Rate limit is exceeded. Try again in 3 seconds."}`,
		``, `null`, `[]`, `{"status":"x"}`, `{"statusCode":"401"}`, "\xff\xfe", `<html></html>`,
		`{"title":"RSSMRA79B11C566R"}`,
	}
	for _, s := range seeds {
		f.Add(s, "application/json", "3")
	}
	f.Add(`{"type":"about:blank"}`, "application/problem+json", "Wed, 21 Oct 2015 07:28:00 GMT")
	f.Fuzz(func(t *testing.T, body, contentType, retry string) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set(headerRetryAfter, retry)
		e := parseError(opGetProfile, 400, h, []byte(body))
		if len(e.Raw) > maxErrorBody {
			t.Fatalf("raw body %d bytes", len(e.Raw))
		}
		if e.RetryAfter < 0 || e.RetryAfter > 24*time.Hour {
			t.Fatalf("retry after %s", e.RetryAfter)
		}
		msg := e.Error()
		if !strings.HasPrefix(msg, "appio: ") {
			t.Fatalf("Error() = %q", msg)
		}
		if utf8.ValidString(body) {
			for _, cf := range cfLike.FindAllString(body, -1) {
				if strings.Contains(msg, cf) {
					t.Fatalf("Error() leaks a fiscal code: %q", msg)
				}
			}
		}
		_ = e.LogValue()
	})
}
