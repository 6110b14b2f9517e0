package appio

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// Sentinel errors callers branch on with [errors.Is]. An [*APIError] matches
// the sentinel of its kind (see [APIError.Is]).
var (
	// ErrInvalid marks a request the client refused to send because a field
	// breaks one of IO's rules; the error is a [*FieldError] (or several,
	// joined).
	ErrInvalid = errors.New("appio: invalid request")
	// ErrNotOnIO: the citizen has no IO profile or has disabled the inbox
	// (getProfile answered 404).
	ErrNotOnIO = errors.New("appio: citizen not on IO")
	// ErrOptedOut: the citizen is on IO but does not accept messages from this
	// service (sender_allowed is false).
	ErrOptedOut = errors.New("appio: citizen opted out of the service")
	// ErrNotFound: the resource (message, activation, feed day, service) does
	// not exist.
	ErrNotFound = errors.New("appio: not found")
	// ErrForbidden: IO refused the call (403): service in test mode and
	// recipient not authorised, IP not allowed, missing permission group,
	// failed quality check or missing client certificate.
	ErrForbidden = errors.New("appio: service not authorised")
	// ErrUnauthorized: the subscription key is missing or invalid (401).
	ErrUnauthorized = errors.New("appio: invalid subscription key")
	// ErrRateLimited: IO answered 429 and retries did not get through.
	ErrRateLimited = errors.New("appio: rate limited")
	// ErrServer: IO failed with a 5xx status.
	ErrServer = errors.New("appio: server error")
	// ErrPending: an earlier submission with the same idempotency key has an
	// unknown outcome (it may have been delivered); the client will not send
	// it again until the caller reconciles it in the [SentStore].
	ErrPending = errors.New("appio: earlier submission with this idempotency key has an unknown outcome")
	// ErrAlreadySent: the idempotency key is already recorded as sent.
	ErrAlreadySent = errors.New("appio: already sent")
	// ErrNotReserved: a [SentStore] was asked to complete or release a key
	// that is not reserved.
	ErrNotReserved = errors.New("appio: idempotency key not reserved")
)

// maxErrorBody bounds how much of an error response [APIError.Raw] keeps.
const maxErrorBody = 4 << 10

// ErrorShape tells which of IO's error bodies an [APIError] was parsed from.
type ErrorShape string

// The error body shapes IO is known to send.
const (
	ShapeProblem ErrorShape = "problem" // RFC 7807 problem JSON, from the IO functions
	ShapeGateway ErrorShape = "gateway" // Azure APIM {"statusCode","message"}
	ShapeEmpty   ErrorShape = "empty"   // no body (e.g. APIM's bare 403)
	ShapeOther   ErrorShape = "other"   // anything else, kept in Raw
)

// APIError is a non-2xx answer from IO, whichever shape its body had.
type APIError struct {
	// Op is the IO operation that failed, e.g. "submitMessageforUserWithFiscalCodeInBody".
	Op string
	// StatusCode is the HTTP status.
	StatusCode int
	// Shape is the body shape the fields below were read from.
	Shape ErrorShape
	// Type, Title, Detail and Instance come from a problem JSON; for the
	// gateway shape Title holds its message.
	Type, Title, Detail, Instance string
	// RetryAfter is x-rate-limit-retry-after (or Retry-After) when present.
	RetryAfter time.Duration
	// Raw is the body, at most 4 KiB of it.
	Raw []byte
}

// problemJSON is RFC 7807 as IO sends it.
type problemJSON struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   *int   `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// gatewayJSON is Azure APIM's error body.
type gatewayJSON struct {
	StatusCode *int   `json:"statusCode"`
	Message    string `json:"message"`
}

// cfLike finds substrings shaped like a person's fiscal code so Error() can
// mask them: IO's validation reports echo the rejected value.
var cfLike = regexp.MustCompile(`[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]`)

func redact(s string) string {
	return cfLike.ReplaceAllStringFunc(s, func(m string) string { return fiscalcode.Mask(strings.ToUpper(m)) })
}

// Error reports the operation, status, title and detail, with anything that
// looks like a fiscal code masked.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("appio: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Title != "" {
		b.WriteString(" ")
		b.WriteString(redact(e.Title))
	} else if t := http.StatusText(e.StatusCode); t != "" {
		b.WriteString(" ")
		b.WriteString(strings.ToLower(t))
	}
	if e.Detail != "" && e.Detail != e.Title {
		b.WriteString(": ")
		b.WriteString(redact(e.Detail))
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	return b.String()
}

// LogValue logs the error without its raw body.
func (e *APIError) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("op", e.Op),
		slog.Int("status", e.StatusCode),
		slog.String("shape", string(e.Shape)),
		slog.String("title", redact(e.Title)),
		slog.String("detail", redact(e.Detail)),
		slog.Duration("retry_after", e.RetryAfter),
	)
}

// Is matches the sentinel of the error's kind: 400 [ErrInvalid], 401
// [ErrUnauthorized], 403 [ErrForbidden], 404 [ErrNotFound] (and
// [ErrNotOnIO] for a profile lookup), 429 [ErrRateLimited], 5xx [ErrServer].
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrInvalid:
		return e.StatusCode == http.StatusBadRequest
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized
	case ErrForbidden:
		return e.StatusCode == http.StatusForbidden
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrNotOnIO:
		return e.StatusCode == http.StatusNotFound && (e.Op == opGetProfile || e.Op == opGetProfileLegacy)
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrServer:
		return e.StatusCode >= 500
	}
	return false
}

// IsNotOnIO reports whether err says the citizen has no IO profile (or has
// disabled the inbox): a 404 from getProfile.
func IsNotOnIO(err error) bool { return errors.Is(err, ErrNotOnIO) }

// IsOptedOut reports whether err says the citizen does not accept messages
// from this service (sender_allowed false).
func IsOptedOut(err error) bool { return errors.Is(err, ErrOptedOut) }

// IsServiceNotAuthorized reports whether IO refused the call with 403: the
// service is in test mode and the recipient is not among its authorised
// recipients, the caller's IP is not allowed, a permission group is missing,
// or the service failed the quality check.
func IsServiceNotAuthorized(err error) bool { return errors.Is(err, ErrForbidden) }

// IsTestMode reports whether err is IO's "Recipient forbidden" 403, which a
// service in test (draft) mode gets for any citizen not among its
// authorised recipients.
func IsTestMode(err error) bool {
	e, ok := errors.AsType[*APIError](err)
	return ok && e.StatusCode == http.StatusForbidden &&
		strings.Contains(strings.ToLower(e.Title+" "+e.Detail), "recipient forbidden")
}

// parseError builds the [*APIError] for a non-2xx response: it reads the
// problem JSON or the gateway shape (by content type, falling back to
// sniffing), keeps at most 4 KiB of the raw body and the retry-after header.
func parseError(op string, status int, h http.Header, body []byte) *APIError {
	e := &APIError{Op: op, StatusCode: status, RetryAfter: retryAfter(h)}
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	e.Raw = append([]byte(nil), body...)
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		e.Shape = ShapeEmpty
		return e
	}
	ct, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if ct == "application/problem+json" || strings.HasPrefix(trimmed, "{") {
		var p problemJSON
		var g gatewayJSON
		if json.Unmarshal(body, &p) == nil && (p.Title != "" || p.Detail != "" || p.Status != nil || p.Type != "") {
			e.Shape = ShapeProblem
			e.Type, e.Title, e.Detail, e.Instance = p.Type, p.Title, p.Detail, p.Instance
			return e
		}
		if json.Unmarshal(body, &g) == nil && (g.StatusCode != nil || g.Message != "") {
			e.Shape = ShapeGateway
			e.Title = g.Message
			return e
		}
	}
	e.Shape = ShapeOther
	return e
}

// retryAfter reads IO's x-rate-limit-retry-after (seconds) and, failing
// that, a standard Retry-After (seconds or HTTP date).
func retryAfter(h http.Header) time.Duration {
	for _, name := range []string{headerRetryAfter, "Retry-After"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 && s < 86400 {
			return time.Duration(s * float64(time.Second))
		}
		if t, err := http.ParseTime(v); err == nil {
			if d := time.Until(t); d > 0 && d < 24*time.Hour {
				return d
			}
		}
	}
	return 0
}
