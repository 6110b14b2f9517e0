package pagopa

import (
	"context"
	"time"
)

// Store persists positions, activation locks and receipts. Every method is
// one atomic operation: a SQL implementation runs each in one transaction
// (with row locks or unique constraints), so several replicas may share one
// database. Positions returned are copies the caller may modify.
// Implementations must pass pagopatest.TestStore.
type Store interface {
	// CreatePosition stores a new position with Version 1. It returns
	// [ErrConflict] if the organisation already has the IUPD or any of the
	// IUVs, in any position.
	CreatePosition(ctx context.Context, p Position) (Position, error)

	// Position returns the position with the given IUPD, or [ErrNotFound].
	Position(ctx context.Context, org, iupd string) (Position, error)

	// PositionByIUV returns the position holding the option with the given
	// IUV, or [ErrNotFound].
	PositionByIUV(ctx context.Context, org string, iuv IUV) (Position, error)

	// UpdatePosition reads the position, calls fn on it and, if fn returns
	// nil, saves it with Version+1, all atomically; fn's error is returned
	// unchanged and nothing is saved. fn may run more than once (on retry)
	// and must not have side effects. fn must not change IUVs.
	UpdatePosition(ctx context.Context, org, iupd string, fn func(*Position) error) (Position, error)

	// DeletePosition removes a position (after [Position.CheckDelete]).
	DeletePosition(ctx context.Context, org, iupd string) error

	// ListPositions returns up to limit positions of org ordered by IUPD,
	// starting after the IUPD after ("" for the first page).
	ListPositions(ctx context.Context, org string, after string, limit int) ([]Position, error)

	// LockOption takes the activation lock of (org, iuv) until the instant
	// until, if it is free or its previous holder's lock expired at or before
	// now; otherwise it returns [ErrInProgress]. It does not check that the
	// IUV exists.
	LockOption(ctx context.Context, org string, iuv IUV, now, until time.Time) error

	// LockedUntil returns the instant the activation lock of (org, iuv)
	// expires, or the zero time if it is not held at now.
	LockedUntil(ctx context.Context, org string, iuv IUV, now time.Time) (time.Time, error)

	// UnlockOption releases the activation lock of (org, iuv), if any.
	UnlockOption(ctx context.Context, org string, iuv IUV) error

	// RecordReceipt stores r unless a receipt for (r.OrganizationFiscalCode,
	// r.IUV) exists with outcome OK or with r's ReceiptID, in which case it
	// returns [ErrReceiptDuplicate] and changes nothing. A stored KO receipt
	// does not block a later payment: a receipt with another ReceiptID
	// replaces it. If apply is not nil it is called, in the same atomic
	// operation, on the position holding r.IUV ([ErrNotFound] if none); an
	// error from apply aborts everything and is returned. The activation lock
	// of the IUV is released. The updated position is returned (zero if apply
	// is nil).
	RecordReceipt(ctx context.Context, r Receipt, apply func(*Position) error) (Position, error)

	// Receipt returns the receipt for (org, iuv), or [ErrNotFound].
	Receipt(ctx context.Context, org string, iuv IUV) (Receipt, error)
}
