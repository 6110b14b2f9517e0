package pagopa

import (
	"log/slog"
	"time"
)

// Outcome values of a receipt.
const (
	OutcomeOK = "OK"
	OutcomeKO = "KO"
)

// PSP identifies the payment service provider and channel that collected a
// payment (receipt fields idPSP … channelDescription).
type PSP struct {
	ID                 string
	FiscalCode         string
	PartitaIVA         string
	CompanyName        string
	ChannelID          string
	ChannelDescription string
}

// ReceiptTransfer is one transfer as the node reports it in a receipt.
type ReceiptTransfer struct {
	ID                     int
	Amount                 Amount
	OrganizationFiscalCode string
	CompanyName            string
	IBAN                   string
	MBDAttachment          []byte // the stamp receipt (marca da bollo), decoded from base64
	RemittanceInformation  string
	Category               string
	Metadata               []Metadata
}

// Receipt is the payment receipt the node sends with paSendRT[V2] (ctReceipt,
// ctReceiptV2). A stored receipt is identified by (OrganizationFiscalCode,
// IUV, ReceiptID, [Receipt.Recipient]): the same receipt delivered again to
// the same EC is a duplicate ([ErrReceiptDuplicate]). An IUV may have several
// receipts: KO ones, the one that paid the option, its deliveries to other
// beneficiaries served by the same store, and double payments (a second,
// different OK receipt, see [Receipt.DoublePayment]).
type Receipt struct {
	ReceiptID              string // the node's unique ID (IUR, payment token)
	NoticeNumber           NoticeNumber
	OrganizationFiscalCode string // the EC that owns the position (fiscalCode)
	Outcome                string // OutcomeOK or OutcomeKO
	IUV                    IUV    // creditorReferenceId
	Amount                 Amount
	Description            string
	CompanyName            string
	OfficeName             string
	Debtor                 Debtor
	Payer                  *Debtor
	Transfers              []ReceiptTransfer
	PSP                    PSP
	PaymentMethod          string
	PaymentNote            string
	Fee                    Amount
	PrimaryCIIncurredFee   Amount
	IDBundle               string
	IDCIBundle             string
	PaymentDateTime        time.Time // zero if absent
	ApplicationDate        time.Time // civil date (UTC midnight); zero if absent
	TransferDate           time.Time // civil date (UTC midnight); zero if absent
	Metadata               []Metadata
	StandIn                bool
	// ReceivedBy is the fiscal code of the EC whose station received the
	// receipt (the request's idPA); it differs from OrganizationFiscalCode
	// when the station serves a secondary beneficiary.
	// Empty means OrganizationFiscalCode (see [Receipt.Recipient]).
	ReceivedBy string
	ReceivedAt time.Time // set by the station, UTC
	// DoublePayment is set by the [Store] when it records an OK receipt for
	// an option that another payment (another ReceiptID) had already paid:
	// the citizen paid twice and the money has moved, so the receipt is kept,
	// the position is left as it is, and the EC owes a refund. Double
	// payments are listed by [Store.DoublePayments].
	DoublePayment bool
}

// Recipient is the fiscal code of the EC the receipt was delivered to:
// ReceivedBy, or OrganizationFiscalCode if ReceivedBy is empty.
func (r Receipt) Recipient() string {
	if r.ReceivedBy != "" {
		return r.ReceivedBy
	}
	return r.OrganizationFiscalCode
}

// LogValue identifies the receipt without personal data.
func (r Receipt) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("receiptId", r.ReceiptID),
		slog.String("organization", r.OrganizationFiscalCode),
		slog.String("iuv", string(r.IUV)),
		slog.String("amount", r.Amount.String()),
		slog.String("outcome", r.Outcome),
		slog.String("receivedBy", r.Recipient()),
		slog.Bool("doublePayment", r.DoublePayment),
	)
}

// CheckAgainst reports (as [ErrReceiptMismatch]) a receipt that does not
// match the option it pays: the amount, and each transfer's amount.
func (r *Receipt) CheckAgainst(o *PaymentOption) error {
	if r.Amount != o.Amount {
		return &mismatch{"amount " + r.Amount.String() + " is not " + o.Amount.String()}
	}
	if len(r.Transfers) != len(o.Transfers) {
		return &mismatch{"number of transfers"}
	}
	for i, t := range r.Transfers {
		if t.Amount != o.Transfers[i].Amount || t.ID != o.Transfers[i].ID {
			return &mismatch{"transfer " + o.Transfers[i].Amount.String()}
		}
	}
	return nil
}

type mismatch struct{ what string }

func (m *mismatch) Error() string { return "pagopa: receipt does not match the option: " + m.what }
func (m *mismatch) Unwrap() error { return ErrReceiptMismatch }
