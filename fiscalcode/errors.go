package fiscalcode

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps exactly one of them.
var (
	// ErrEmpty means the code is empty after trimming.
	ErrEmpty = errors.New("fiscalcode: empty code")
	// ErrFormat means the code does not match the expected layout: for a person,
	// App IO's pattern; for an organisation, 11 digits.
	ErrFormat = errors.New("fiscalcode: malformed code")
	// ErrMonth means the ninth character is not one of the month letters.
	ErrMonth = errors.New("fiscalcode: invalid month letter")
	// ErrDay means the birth day is outside 1–31 / 41–71 or past the month's end.
	ErrDay = errors.New("fiscalcode: invalid birth day")
	// ErrOmocode means omocodic letters were substituted out of order (the
	// substitution runs from position 15 leftwards).
	ErrOmocode = errors.New("fiscalcode: invalid omocodic substitution")
	// ErrCheckCharacter means a person's check character does not verify.
	ErrCheckCharacter = errors.New("fiscalcode: check character mismatch")
	// ErrCheckDigit means an organisation's check digit does not verify.
	ErrCheckDigit = errors.New("fiscalcode: check digit mismatch")
)

// Error describes which rule a code broke and where. It unwraps to one of the
// sentinel errors. It never holds the code itself, so it is safe to log.
type Error struct {
	// Kind is the sentinel error for the rule that failed.
	Kind error
	// Pos is the 1-based position of the offending character, or 0 when the
	// rule concerns the whole code (length, check character).
	Pos int
	// Detail says what was found, e.g. "got 'X', want 'R'".
	Detail string
}

// Error implements error.
func (e *Error) Error() string {
	msg := e.Kind.Error()
	if e.Pos > 0 {
		msg = fmt.Sprintf("%s at position %d", msg, e.Pos)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel kind, so errors.Is(err, ErrFormat) works.
func (e *Error) Unwrap() error { return e.Kind }
