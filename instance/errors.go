package instance

import "errors"

// Sentinel errors. Every error the package returns wraps one of them, so that
// callers branch with [errors.Is] (and map them to HTTP statuses in one place).
var (
	// ErrNotFound: no application, event, blob or service with that identifier.
	ErrNotFound = errors.New("instance: not found")
	// ErrExists: an application with that identifier already exists.
	ErrExists = errors.New("instance: already exists")
	// ErrConflict: the application changed since the caller read it (optimistic
	// concurrency); read it again and retry the decision.
	ErrConflict = errors.New("instance: version conflict")
	// ErrTransition: the action is not in the whitelist for the application's
	// state, or the service's settings do not allow it.
	ErrTransition = errors.New("instance: transition not allowed")
	// ErrForbidden: the actor may not act on this application (wrong kind of
	// actor, not the applicant, not an operator of the service's office,
	// insufficient authentication level).
	ErrForbidden = errors.New("instance: forbidden")
	// ErrRequirement: the action lacks something it requires (a reason, an
	// outcome document, an amount, a protocol registration, a payment reference)
	// or a legal window forbids it (art. 10-bis observations, silence-means-consent
	// before the deadline).
	ErrRequirement = errors.New("instance: requirement not met")
	// ErrInvalid: form data or a definition failed validation; the error is a
	// [*ValidationError] that names the fields.
	ErrInvalid = errors.New("instance: invalid")
	// ErrClosed: the service is outside its opening window.
	ErrClosed = errors.New("instance: service closed")
	// ErrTooLarge: an attachment exceeds its size limit.
	ErrTooLarge = errors.New("instance: attachment too large")
	// ErrConfig: a constructor's configuration is invalid.
	ErrConfig = errors.New("instance: invalid configuration")
)
