package booking

import "errors"

// Sentinel errors. Every error the package returns wraps at most one of them, so callers branch with
// [errors.Is]; the message adds the operation that failed ("booking: hold: slot full").
var (
	// ErrSlotFull means the slot has no free place (holds, pending and confirmed bookings fill it, or
	// citizens are waiting for it on the waitlist).
	ErrSlotFull = errors.New("slot full")
	// ErrHoldExpired means a hold lapsed before it was confirmed and its place may have gone.
	ErrHoldExpired = errors.New("hold expired")
	// ErrTooLate means the minimum notice before a slot, or the cancellation cut-off, has passed.
	ErrTooLate = errors.New("too late")
	// ErrOutsideWindow means the slot lies beyond the resource's rolling booking window.
	ErrOutsideWindow = errors.New("outside the booking window")
	// ErrNoSlot means no slot starts at the requested instant: the resource is closed, it is a
	// holiday, or the instant is off the opening rules' grid.
	ErrNoSlot = errors.New("no such slot")
	// ErrLimit means a per-citizen limit (open bookings per service, minutes per week) is reached.
	ErrLimit = errors.New("citizen limit reached")
	// ErrNotFound means the resource, booking or waitlist entry does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a concurrent change won: the record's version moved (compare-and-swap failed),
	// or the record already exists.
	ErrConflict = errors.New("conflict")
	// ErrTransition means the booking's state does not allow the requested change.
	ErrTransition = errors.New("transition not allowed")
	// ErrForbidden means the caller may not act on the booking: not its citizen, a wrong cancellation
	// token, or not a moderator of the resource.
	ErrForbidden = errors.New("forbidden")
	// ErrInvalid means an argument or a configuration is malformed.
	ErrInvalid = errors.New("invalid")
)
