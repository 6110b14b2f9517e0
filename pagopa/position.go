package pagopa

import (
	"log/slog"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// PositionStatus is a debt position's state (GPD v1 DebtPositionStatus).
type PositionStatus string

// Position states; see the state machine in doc.go.
const (
	StatusDraft         PositionStatus = "DRAFT"
	StatusPublished     PositionStatus = "PUBLISHED"
	StatusValid         PositionStatus = "VALID"
	StatusInvalid       PositionStatus = "INVALID"
	StatusExpired       PositionStatus = "EXPIRED"
	StatusPartiallyPaid PositionStatus = "PARTIALLY_PAID"
	StatusPaid          PositionStatus = "PAID"
	StatusReported      PositionStatus = "REPORTED"
)

// OptionStatus is a payment option's state.
type OptionStatus string

// Payment option states.
const (
	OptionUnpaid            OptionStatus = "PO_UNPAID"
	OptionPaid              OptionStatus = "PO_PAID"
	OptionPartiallyReported OptionStatus = "PO_PARTIALLY_REPORTED"
	OptionReported          OptionStatus = "PO_REPORTED"
)

// TransferStatus is a transfer's reporting state.
type TransferStatus string

// Transfer states.
const (
	TransferUnreported TransferStatus = "T_UNREPORTED"
	TransferReported   TransferStatus = "T_REPORTED"
)

// DebtorType says whether a debtor is a natural ("F") or legal ("G") person.
type DebtorType string

// Debtor types.
const (
	NaturalPerson DebtorType = "F"
	LegalPerson   DebtorType = "G"
)

// AnonymousDebtor is the fiscal code GPD accepts for an unidentified debtor.
const AnonymousDebtor = "ANONIMO"

// Debtor is the person who owes a position (GPD's position fields, the
// node's ctSubject).
type Debtor struct {
	Type        DebtorType
	FiscalCode  string // codice fiscale, partita IVA, or AnonymousDebtor
	FullName    string // at most 70 characters (ctSubject.fullName)
	StreetName  string
	CivicNumber string
	PostalCode  string
	City        string
	Province    string // stateProvinceRegion on the node
	Region      string
	Country     string // ISO 3166 alpha-2, e.g. "IT"
	Email       string
	Phone       string
}

// LogValue redacts the fiscal code and omits contact data.
func (d Debtor) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("type", string(d.Type)),
		slog.String("fiscalCode", fiscalcode.Mask(d.FiscalCode)),
	)
}

// Metadata is one key/value pair (GPD metadata, the node's mapEntry).
type Metadata struct {
	Key   string
	Value string
}

// Stamp is a digital revenue stamp (marca da bollo) requested in place of an
// IBAN (the node's richiestaMarcaDaBollo).
type Stamp struct {
	HashDocument        string // base64 of the document's SHA-256, at most 72 characters
	Type                string // "01"
	ProvincialResidence string // province code, e.g. "RM"
}

// Transfer is one beneficiary share of a payment option. Exactly one of IBAN
// and Stamp is set; PostalIBAN may accompany IBAN.
type Transfer struct {
	ID                     int // 1..5
	Amount                 Amount
	OrganizationFiscalCode string // beneficiary; empty means the position's owner
	CompanyName            string // beneficiary name (paGetPaymentV2)
	RemittanceInformation  string // causale, at most 140 characters
	Category               string // taxonomy code, e.g. "9/0101101IM/"
	IBAN                   string
	PostalIBAN             string // returned when the node asks for transferType POSTAL
	Stamp                  *Stamp
	Metadata               []Metadata
	Status                 TransferStatus
	// ReportedIn is the ID of the reporting flow (FdR) that reported the
	// transfer, set by [Position.MarkReportedIn]; empty while unreported or
	// when it was reported by [Position.MarkReported] without a flow.
	ReportedIn string
}

// PaymentOption is one way to pay a position: the full amount, or one
// instalment of a plan.
type PaymentOption struct {
	IUV           IUV
	NoticeNumber  NoticeNumber
	Amount        Amount // the sum of the transfers
	Description   string // at most 140 characters
	Installment   bool   // GPD isPartialPayment
	DueDate       time.Time
	RetentionDate time.Time // zero: none
	Transfers     []Transfer
	Metadata      []Metadata
	Status        OptionStatus
	PaymentDate   time.Time // set when paid
	ReceiptID     string    // set when paid
}

// Position is a debt position (posizione debitoria): what one debtor owes a
// creditor body (EC) for one reason, with one or more payment options.
type Position struct {
	OrganizationFiscalCode string // the EC's 11-digit fiscal code
	IUPD                   string // the EC's unique ID, e.g. "<EC CF>-<UUID>"
	Debtor                 Debtor
	CompanyName            string // EC name, at most 140 characters
	OfficeName             string
	SwitchToExpired        bool      // EXPIRED after the last due date
	PayStandIn             bool      // payable through the node's stand-in
	ValidityDate           time.Time // zero: valid as soon as published
	Status                 PositionStatus
	PaymentDate            time.Time
	Options                []PaymentOption
	// Version is maintained by the [Store]: it grows on every update and
	// guards against lost updates.
	Version   int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Option returns the payment option with the given IUV.
func (p *Position) Option(iuv IUV) (*PaymentOption, bool) {
	for i := range p.Options {
		if p.Options[i].IUV == iuv {
			return &p.Options[i], true
		}
	}
	return nil, false
}

// Clone returns a deep copy of p.
func (p Position) Clone() Position {
	c := p
	c.Options = make([]PaymentOption, len(p.Options))
	for i, o := range p.Options {
		o.Transfers = append([]Transfer(nil), o.Transfers...)
		for j, t := range o.Transfers {
			if t.Stamp != nil {
				s := *t.Stamp
				o.Transfers[j].Stamp = &s
			}
			o.Transfers[j].Metadata = append([]Metadata(nil), t.Metadata...)
		}
		o.Metadata = append([]Metadata(nil), o.Metadata...)
		c.Options[i] = o
	}
	return c
}

// LogValue identifies the position without personal data.
func (p Position) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("organization", p.OrganizationFiscalCode),
		slog.String("iupd", p.IUPD),
		slog.String("status", string(p.Status)),
	)
}
