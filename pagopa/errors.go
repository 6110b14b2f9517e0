package pagopa

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors callers branch on with [errors.Is]. The station maps each to
// the node's PAA fault code (see package station).
var (
	// ErrNotFound: no such position, option, IUV or receipt (PAA_PAGAMENTO_SCONOSCIUTO).
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a position breaks a validation rule; see [*ValidationError].
	ErrInvalid = errors.New("invalid position")
	// ErrTransition: the state machine forbids the requested change.
	ErrTransition = errors.New("transition not allowed")
	// ErrConflict: a position already exists (IUPD or IUV), or was changed
	// concurrently.
	ErrConflict = errors.New("conflict")
	// ErrNotPayable: the option cannot be paid now (draft, or not yet valid).
	ErrNotPayable = errors.New("not payable")
	// ErrAlreadyPaid: the option or position is already paid (PAA_PAGAMENTO_DUPLICATO).
	ErrAlreadyPaid = errors.New("already paid")
	// ErrInProgress: another activation holds the option's lock (PAA_PAGAMENTO_IN_CORSO).
	ErrInProgress = errors.New("payment in progress")
	// ErrExpired: past the due date and no longer payable (PAA_PAGAMENTO_SCADUTO).
	ErrExpired = errors.New("expired")
	// ErrCancelled: the position was invalidated (PAA_PAGAMENTO_ANNULLATO).
	ErrCancelled = errors.New("cancelled")
	// ErrReceiptDuplicate: the same receipt (same ReceiptID, same
	// recipient) was already recorded (PAA_RECEIPT_DUPLICATA); nothing changed.
	ErrReceiptDuplicate = errors.New("duplicate receipt")
	// ErrDoublePayment: [Store.RecordReceipt] stored the receipt, but as a
	// double payment (the option was already paid by another receipt); the
	// position was not changed. It reports what happened, not a failure: the
	// station answers the node OK and tells the host, which owes a refund.
	ErrDoublePayment = errors.New("double payment")
	// ErrReceiptMismatch: a receipt does not match its payment option (PAA_SEMANTICA).
	ErrReceiptMismatch = errors.New("receipt does not match the payment option")
)

// FieldError is one broken validation rule.
type FieldError struct {
	Field  string // path, e.g. "paymentOption[0].transfer[1].iban"
	Reason string
}

// ValidationError lists every rule a position breaks. It matches [ErrInvalid]
// with errors.Is. Messages never contain a debtor's full fiscal code.
type ValidationError struct {
	Fields []FieldError
}

// Error lists the broken rules.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("pagopa: invalid position:")
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteByte(';')
		}
		fmt.Fprintf(&b, " %s: %s", f.Field, f.Reason)
	}
	return b.String()
}

// Unwrap makes a ValidationError match [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// TransitionError reports a forbidden state change. It matches [ErrTransition]
// and, where one applies, a more specific kind such as [ErrAlreadyPaid].
type TransitionError struct {
	Action string         // what was attempted, e.g. "invalidate"
	From   PositionStatus // the state that forbids it
	Kind   error          // optional extra sentinel, e.g. ErrAlreadyPaid
}

// Error says which action the state forbids.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("pagopa: %s: not allowed from %s", e.Action, e.From)
}

// Unwrap returns [ErrTransition] and the specific kind, if any.
func (e *TransitionError) Unwrap() []error {
	if e.Kind != nil {
		return []error{ErrTransition, e.Kind}
	}
	return []error{ErrTransition}
}
