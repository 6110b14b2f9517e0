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

	// RecordReceipt stores r for (r.OrganizationFiscalCode, r.IUV), all in
	// one atomic operation (one transaction, with the rows of the IUV's
	// receipts and position locked). Let "the payment" be the first stored
	// OK receipt of the IUV that is not a double payment. Then, in order:
	//
	//  1. A receipt with r's ReceiptID and [Receipt.Recipient] is stored:
	//     [ErrReceiptDuplicate], nothing changes.
	//  2. r has the payment's ReceiptID (another recipient: a beneficiary
	//     served by the same store): r is stored, apply is not called, the
	//     zero position and nil are returned.
	//  3. A double payment with r's ReceiptID is stored (another recipient),
	//     or r is OK and the payment has another ReceiptID: r is stored with
	//     DoublePayment set, apply is not called, and [ErrDoublePayment] is
	//     returned with the zero position.
	//  4. Otherwise, if apply is not nil, it is called on the position holding
	//     r.IUV ([ErrNotFound] if none). If it returns an error matching
	//     [ErrAlreadyPaid] and r is OK (the option was paid by other means),
	//     r is stored with DoublePayment set, the position is not changed,
	//     and [ErrDoublePayment] is returned. Any other error aborts
	//     everything and is returned. If it returns nil, the position is
	//     saved (Version+1) and r stored.
	//
	// A KO receipt never blocks a later payment. Whenever r is stored, the
	// activation lock of the IUV is released. The position is returned only
	// when apply ran and was saved.
	RecordReceipt(ctx context.Context, r Receipt, apply func(*Position) error) (Position, error)

	// Receipt returns the receipt that paid (org, iuv): the first stored OK
	// receipt that is not a double payment; failing that, the last stored KO
	// receipt; failing that, [ErrNotFound]. Double payments are returned
	// only by Receipts and DoublePayments.
	Receipt(ctx context.Context, org string, iuv IUV) (Receipt, error)

	// Receipts returns every receipt stored for (org, iuv), in the order they
	// were stored: KO ones, the payment, its deliveries to other recipients
	// and double payments. It returns an empty slice if there are none.
	Receipts(ctx context.Context, org string, iuv IUV) ([]Receipt, error)

	// DoublePayments returns the double payments delivered to org (whose
	// [Receipt.Recipient] is org) with ReceivedAt at or after since, ordered
	// by ReceivedAt, then ReceiptID. They are the refunds the EC owes; they
	// are rare, so the list is not paginated: poll with the last ReceivedAt
	// seen and skip the ReceiptIDs already handled.
	DoublePayments(ctx context.Context, org string, since time.Time) ([]Receipt, error)

	// UnreportedTransfers returns the transfers of org's paid options
	// (PO_PAID or PO_PARTIALLY_REPORTED) that no flow has reported yet and
	// whose option was paid strictly before paidBefore, ordered by PaidAt,
	// then IUV, then TransferID: the receipts still waiting for their
	// reporting flow (FdR). It must not scan every position of org: a SQL
	// store answers it from an index on the unreported paid transfers, so
	// its cost follows the transfers waiting for a flow, not the EC's size.
	UnreportedTransfers(ctx context.Context, org string, paidBefore time.Time) ([]UnreportedTransfer, error)
}

// UnreportedTransfer is a paid transfer that no reporting flow has reported
// yet, as returned by [Store.UnreportedTransfers].
type UnreportedTransfer struct {
	IUPD       string // the position holding it
	IUV        IUV
	TransferID int    // [Transfer.ID], the flow line's transfer index
	Amount     Amount // [Transfer.Amount]
	ReceiptID  string // [PaymentOption.ReceiptID], the flow line's IUR
	PaidAt     time.Time
}
