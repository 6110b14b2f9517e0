package spid

import (
	"errors"
	"fmt"
)

// Sentinel kinds of [Error]. Match them with errors.Is.
var (
	ErrConfig         = errors.New("invalid configuration")
	ErrMalformed      = errors.New("malformed message")         // bad base64, XML, DTD, size, schema shape
	ErrTooLarge       = errors.New("message too large")         // body, base64 or inflated size over the caps
	ErrSignature      = errors.New("invalid signature")         // missing, wrong key, wrong algorithm, XSW
	ErrVersion        = errors.New("unsupported version")       // Version is not 2.0
	ErrID             = errors.New("invalid id")                // missing or empty ID
	ErrIssueInstant   = errors.New("invalid issue instant")     // missing, malformed, before the request, future
	ErrInResponseTo   = errors.New("invalid in-response-to")    // missing, empty, not our request
	ErrUnknownRequest = errors.New("unknown or used request")   // no stored request with that ID (or already consumed)
	ErrDestination    = errors.New("invalid destination")       // Destination / Recipient is not our endpoint
	ErrStatus         = errors.New("authentication failed")     // Status is not Success (see Error.Code)
	ErrIssuer         = errors.New("invalid issuer")            // Issuer missing, different or wrong Format
	ErrUnknownIdP     = errors.New("unknown identity provider") // entityID not configured
	ErrAssertion      = errors.New("invalid assertion")         // zero or several assertions, bad shape
	ErrSubject        = errors.New("invalid subject")           // NameID, SubjectConfirmation(Data)
	ErrConditions     = errors.New("invalid conditions")        // Conditions missing, bounds, expired
	ErrAudience       = errors.New("invalid audience")          // Audience is not our entityID
	ErrLevel          = errors.New("invalid authentication level")
	ErrAttribute      = errors.New("invalid attribute") // empty AttributeStatement, bad values
	ErrReplay         = errors.New("message replayed")
	ErrLogout         = errors.New("logout failed")
)

// Error is the error returned by the validators and request builders of this
// package. Check names the rule that failed (e.g. "assertion.issuer.format"),
// Kind is one of the sentinel errors above.
//
// When the IdP answered with a SAML error status, Kind is [ErrStatus], Code is
// the SPID anomaly number read from "ErrorCode nrNN" in StatusMessage (0 if
// absent) and [Error.CitizenMessage] is an Italian message fit for the user.
type Error struct {
	Check         string // the rule that failed, e.g. "response.destination"
	Kind          error  // a sentinel such as ErrSignature
	Code          int    // SPID ErrorCode nrNN from the IdP, 0 if none
	StatusCode    string // second-level status code URI, if any
	StatusMessage string // the IdP's StatusMessage, if any
	Err           error  // the underlying cause, may be nil
}

// Error says which check failed and why, and the IdP's ErrorCode if any.
func (e *Error) Error() string {
	msg := "spid: " + e.Check + ": " + e.Kind.Error()
	if e.Code != 0 {
		msg += fmt.Sprintf(" (ErrorCode nr%d)", e.Code)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Kind and Err so that errors.Is works with both.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// CitizenMessage returns an Italian message for the citizen, after the SPID
// anomaly table (RT messaggi-errore.rst, codes 19–25 and 30). Other failures
// get a generic message: the details are for the logs, not for the user.
func (e *Error) CitizenMessage() string {
	return CitizenMessage(e.Code)
}

// HTTPStatus returns the HTTP status a handler answers with when e rejects a
// request: 403 for authentication failures reported by the IdP and for
// security checks, 400 for malformed input, 413 for oversized input.
func (e *Error) HTTPStatus() int {
	switch {
	case errors.Is(e.Kind, ErrTooLarge):
		return 413
	case errors.Is(e.Kind, ErrMalformed):
		return 400
	case errors.Is(e.Kind, ErrConfig):
		return 500
	default:
		return 403
	}
}

// CitizenMessage returns the Italian message for a SPID anomaly code
// (ErrorCode nrNN); any other code gets a generic message.
func CitizenMessage(code int) string {
	switch code {
	case 19:
		return "Autenticazione non riuscita: sono stati inseriti troppe volte credenziali errate. Riprova più tardi."
	case 20:
		return "Autenticazione non riuscita: la tua identità digitale non ha credenziali del livello di sicurezza richiesto dal servizio."
	case 21:
		return "Autenticazione non riuscita: il tempo a disposizione per l'accesso è scaduto. Riprova."
	case 22:
		return "Autenticazione annullata: non hai dato il consenso all'invio dei dati al servizio."
	case 23:
		return "Autenticazione non riuscita: la tua identità digitale è sospesa, revocata o le credenziali sono bloccate. Contatta il tuo gestore di identità."
	case 25:
		return "Autenticazione annullata: hai interrotto l'accesso."
	case 30:
		return "Autenticazione non riuscita: il tipo di identità digitale usato non è quello richiesto dal servizio."
	}
	return "Non è stato possibile completare l'accesso. Riprova più tardi; se il problema persiste, contatta l'assistenza del servizio."
}

// newError builds an *Error.
func newError(check string, kind error, cause error) *Error {
	return &Error{Check: check, Kind: kind, Err: cause}
}

// errorf builds an *Error whose cause is a formatted message.
func errorf(check string, kind error, format string, args ...any) *Error {
	return &Error{Check: check, Kind: kind, Err: fmt.Errorf(format, args...)}
}
