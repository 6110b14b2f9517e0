package gpd

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sentinel kinds of [*APIError], for errors.Is. One APIError matches exactly one kind.
var (
	ErrBadRequest     = errors.New("gpd: bad request")         // 400
	ErrUnauthorized   = errors.New("gpd: unauthorized")        // 401: missing or wrong subscription key
	ErrForbidden      = errors.New("gpd: forbidden")           // 403: segregation code not granted
	ErrNotFound       = errors.New("gpd: not found")           // 404
	ErrDuplicate      = errors.New("gpd: duplicate")           // 409: IUPD or IUV already exists
	ErrAlreadyPaid    = errors.New("gpd: already paid")        // 409: a payment exists
	ErrNotUpdatable   = errors.New("gpd: not updatable")       // 409
	ErrNotPublishable = errors.New("gpd: not publishable")     // 409, including the date mismatches
	ErrNotInvalidable = errors.New("gpd: not invalidable")     // 409
	ErrConflict       = errors.New("gpd: conflict")            // any other 409
	ErrNotPayable     = errors.New("gpd: not payable")         // 422
	ErrUnprocessable  = errors.New("gpd: unprocessable")       // any other 422
	ErrRateLimited    = errors.New("gpd: rate limited")        // 429
	ErrServer         = errors.New("gpd: server error")        // 5xx
	ErrTransport      = errors.New("gpd: transport error")     // no HTTP response
	ErrUnexpected     = errors.New("gpd: unexpected response") // undecodable 2xx or unknown status
)

// Problem is the RFC 7807 body GPD returns on errors (ProblemJson).
type Problem struct {
	Title  string `json:"title,omitempty"`
	Status int    `json:"status,omitempty"`
	Detail string `json:"detail,omitempty"`
}

// APIError is a failed GPD call: a non-2xx response or a transport failure.
type APIError struct {
	Op         string        // operationId of the call, e.g. "createPosition"
	StatusCode int           // HTTP status; 0 on a transport failure
	Problem    Problem       // the problem body, when there is one
	Code       string        // GPD's AppError name, e.g. "DEBT_POSITION_NOT_FOUND", when recognised
	ODP        string        // the ODP code of an ErrorResponse body (appErrorCode, e.g. "ODP-110"), if any
	RequestID  string        // X-Request-Id of the response
	RetryAfter time.Duration // from Retry-After on 429/503
	Err        error         // the transport error, if any
	kind       error
}

// Error implements error. GPD's detail names the EC and the IUPD/IUV, never the debtor.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("gpd: ")
	b.WriteString(e.Op)
	b.WriteString(": ")
	if e.StatusCode == 0 && e.Err != nil {
		b.WriteString(e.Err.Error())
		return b.String()
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Problem.Detail != "" {
		b.WriteString(": " + e.Problem.Detail)
	} else if e.Problem.Title != "" {
		b.WriteString(": " + e.Problem.Title)
	}
	return b.String()
}

// Unwrap returns the sentinel kind and, for transport failures, the cause.
func (e *APIError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.kind, e.Err} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// Kind returns the sentinel kind of e (one of the Err* values).
func (e *APIError) Kind() error { return e.kind }

// appErrors maps GPD's problem titles ([GPD] exception/AppError.java) to its code and kind.
var appErrors = map[string]struct {
	code string
	kind error
}{
	"Error in the debt position request data":                                      {"DEBT_POSITION_REQUEST_DATA_ERROR", ErrBadRequest},
	"The debt position violated constraints of uniqueness":                         {"DEBT_POSITION_UNIQUE_VIOLATION", ErrDuplicate},
	"Not found the debt position":                                                  {"DEBT_POSITION_NOT_FOUND", ErrNotFound},
	"Existing related payment found":                                               {"DEBT_POSITION_PAYMENT_FOUND", ErrAlreadyPaid},
	"Existing related payment found or not in updatable state":                     {"DEBT_POSITION_NOT_UPDATABLE", ErrNotUpdatable},
	"Existing related payment found or not in publishable state":                   {"DEBT_POSITION_NOT_PUBLISHABLE", ErrNotPublishable},
	"Publish request occurred after the validity date began":                       {"DEBT_POSITION_PUBLISH_VALIDITY_DATE_MISMATCH", ErrNotPublishable},
	"Publish request occurred after the due date of a payment options has expired": {"DEBT_POSITION_PUBLISH_DUE_DATE_MISMATCH", ErrNotPublishable},
	"Existing related payment found or not in invalidable state":                   {"DEBT_POSITION_NOT_INVALIDABLE", ErrNotInvalidable},
	"The debt positions cannot be recovered":                                       {"DEBT_POSITION_NOT_RECOVERABLE", ErrBadRequest},
	"Not found the organization":                                                   {"ORGANIZATION_NOT_FOUND", ErrNotFound},
	"Not found the payment option":                                                 {"PAYMENT_OPTION_NOT_FOUND", ErrNotFound},
	"Not in payable state":                                                         {"PAYMENT_OPTION_NOT_PAYABLE", ErrNotPayable},
	"Not found the transfer":                                                       {"TRANSFER_NOT_FOUND", ErrNotFound},
	"The debt position creation is failed":                                         {"DEBT_POSITION_CREATION_FAILED", ErrServer},
	"The debt position update is failed":                                           {"DEBT_POSITION_UPDATE_FAILED", ErrServer},
	"The debt position publish is failed":                                          {"DEBT_POSITION_PUBLISH_FAILED", ErrServer},
	"The debt position invalidate is failed":                                       {"DEBT_POSITION_INVALIDATE_FAILED", ErrServer},
	"The metadata key is reserved":                                                 {"PAYMENT_OPTION_RESERVED_METADATA", ErrConflict},
	"The payment option metadata violated constraints of uniqueness":               {"DEBT_POSITION_PO_METADATA_UNIQUE_VIOLATION", ErrConflict},
	"Multi-installment payment options are not supported in v1":                    {"MULTI_INSTALLMENT_NOT_SUPPORTED_IN_V1", ErrUnprocessable},
}

// statusKinds is the kind of a status when the title is not recognised.
func statusKind(status int) error {
	switch {
	case status == http.StatusBadRequest:
		return ErrBadRequest
	case status == http.StatusUnauthorized:
		return ErrUnauthorized
	case status == http.StatusForbidden:
		return ErrForbidden
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusUnprocessableEntity:
		return ErrUnprocessable
	case status == http.StatusTooManyRequests:
		return ErrRateLimited
	case status >= 500:
		return ErrServer
	}
	return ErrUnexpected
}

// checkResponse turns any response into nil (2xx) or an *APIError; the one place errors are built.
func checkResponse(op string, resp *http.Response, body []byte) error {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	e := &APIError{Op: op, StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	if len(body) > 0 && json.Unmarshal(body, &e.Problem) != nil {
		e.Problem = Problem{Detail: truncate(string(body), 200)}
	}
	e.kind = statusKind(resp.StatusCode)
	decodeODP(e, body)
	if ae, ok := appErrors[e.Problem.Title]; ok {
		e.Code = ae.code
		// The title "Existing related payment found" is shared; the status decides.
		if resp.StatusCode == http.StatusConflict || resp.StatusCode == http.StatusUnprocessableEntity ||
			resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusBadRequest || resp.StatusCode >= 500 {
			e.kind = ae.kind
		}
	}
	if ra := resp.Header.Get("Retry-After"); ra != "" {
		if s, err := strconv.Atoi(ra); err == nil && s >= 0 {
			e.RetryAfter = time.Duration(s) * time.Second
		}
	}
	return e
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// decodeError wraps a 2xx body that did not decode.
func decodeError(op string, err error) error {
	return &APIError{Op: op, Err: fmt.Errorf("decode response: %w", err), kind: ErrUnexpected}
}
