// Package pagopa holds what a creditor body (Ente Creditore, EC) needs to
// collect payments through pagoPA, whichever way it joins the node: notice
// numbers and IUVs, amounts, debt positions with their validation rules and
// state machine, receipts, and the [Store] that keeps them.
//
// Package station serves the node's SOAP calls (paForNode) from a [Store];
// package gpd pushes the same positions to PagoPA's hosted GPD service.
//
// # Identifiers
//
// A notice number (NAV, [NoticeNumber]) is 18 digits: the aux digit and the
// IUV. For aux digit 3, the only one new notices may use, the IUV is the
// segregation code, a 13-digit base and two check digits, N mod 93 of the
// number "3" + segregation code + base (SACI §3):
//
//	n, _ := pagopa.NewNoticeNumber(1, 12345) // 301000000001234519
//	n.IUV()                                 // 01000000001234519
//	n.Printed()                             // 3010 0000 0001 2345 19
//
// Incoming numbers of every aux digit (0–3) are parsed by
// [ParseNoticeNumber]. Bases come from an [IUVSequence], one per (EC fiscal
// code, segregation code); [NextNoticeNumber] combines the two.
//
// # Amounts
//
// [Amount] is int64 euro cents. [ParseAmount] and [Amount.String] convert
// exactly to and from the node's "12.34" decimals; nothing uses floats.
//
// # Debt positions
//
// A [Position] has a [Debtor] and one or more [PaymentOption]s (the full
// amount, or instalments), each with 1–5 [Transfer]s to an IBAN (optionally
// a postal IBAN) or a digital stamp. [Position.Validate] applies every rule
// GPD applies. The state machine (GPD v1) is enforced by methods returning
// errors that match [ErrTransition]:
//
//	DRAFT ──Publish──► VALID (validity date empty) | PUBLISHED (future validity date)
//	PUBLISHED ──Refresh (validity date reached)──► VALID
//	VALID ──MarkPaid (full option / last instalment)──► PAID
//	VALID ──MarkPaid (instalment)──► PARTIALLY_PAID ──MarkPaid (last instalment)──► PAID
//	PAID ──MarkReported (every transfer of every paid option)──► REPORTED
//	VALID ──Refresh (SwitchToExpired, every due date past)──► EXPIRED
//	PUBLISHED | VALID ──Invalidate──► INVALID
//
// [Position.Payable] tells whether an option can be paid now and, if not,
// why, as [ErrNotFound], [ErrAlreadyPaid], [ErrExpired] or [ErrCancelled];
// the station turns these into the node's PAA faults.
//
// # Storage
//
// [Store] is designed for atomic SQL implementations: creating a position
// with unique IUPD and IUVs, read-modify-write of a position, taking an
// activation lock until an instant, and recording a receipt (updating the
// position in the same operation) are each one operation. A receipt is
// stored once per (EC, IUV, receipt ID, recipient): the same receipt again is
// [ErrReceiptDuplicate]; a second, different OK receipt for a paid option is
// stored as a double payment ([Receipt.DoublePayment], [ErrDoublePayment])
// without changing the position, so no payment is ever lost and the EC can
// refund it ([Store.DoublePayments]). [MemoryStore] is the in-memory implementation; the conformance
// suite is pagopatest.TestStore.
package pagopa
