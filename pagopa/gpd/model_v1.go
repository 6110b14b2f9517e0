package gpd

// This file holds the wire types of the GPD v1/v2 API (openapi_external_v1.json). Field names follow
// the JSON schema; read-only fields are filled by GPD and never sent.

// DebtorType is the kind of debtor: a natural ("F") or legal ("G") person.
type DebtorType string

// Debtor types.
const (
	NaturalPerson DebtorType = "F"
	LegalPerson   DebtorType = "G"
)

// Status is the status of a debt position (v1 and v3 share most values).
type Status string

// Position statuses (pagopa.md §1.4). Unpayable is v3 only; Invalid, Expired and Reported v1 only.
const (
	StatusDraft         Status = "DRAFT"
	StatusPublished     Status = "PUBLISHED"
	StatusValid         Status = "VALID"
	StatusInvalid       Status = "INVALID"
	StatusExpired       Status = "EXPIRED"
	StatusPartiallyPaid Status = "PARTIALLY_PAID"
	StatusPaid          Status = "PAID"
	StatusReported      Status = "REPORTED"
	StatusUnpayable     Status = "UNPAYABLE"
)

// Position is a debt position (PaymentPositionModel, and PaymentPositionModelBaseResponse on reads).
type Position struct {
	IUPD            string     `json:"iupd"`
	Type            DebtorType `json:"type,omitempty"`
	PayStandIn      *bool      `json:"payStandIn,omitempty"`
	FiscalCode      string     `json:"fiscalCode,omitempty"`
	FullName        string     `json:"fullName,omitempty"`
	StreetName      string     `json:"streetName,omitempty"`
	CivicNumber     string     `json:"civicNumber,omitempty"`
	PostalCode      string     `json:"postalCode,omitempty"`
	City            string     `json:"city,omitempty"`
	Province        string     `json:"province,omitempty"`
	Region          string     `json:"region,omitempty"`
	Country         string     `json:"country,omitempty"`
	Email           string     `json:"email,omitempty"`
	Phone           string     `json:"phone,omitempty"`
	SwitchToExpired bool       `json:"switchToExpired"`
	CompanyName     string     `json:"companyName"`
	OfficeName      string     `json:"officeName,omitempty"`
	ValidityDate    DateTime   `json:"validityDate,omitzero"`
	PaymentOptions  []Option   `json:"paymentOption,omitempty"`

	// Read-only, set by GPD.
	Status                 Status   `json:"status,omitempty"`
	PaymentDate            DateTime `json:"paymentDate,omitzero"`
	OrganizationFiscalCode string   `json:"organizationFiscalCode,omitempty"`
	InsertedDate           DateTime `json:"insertedDate,omitzero"`
	PublishDate            DateTime `json:"publishDate,omitzero"`
	LastUpdatedDate        DateTime `json:"lastUpdatedDate,omitzero"`
}

// Option is a payment option (PaymentOptionModel): the whole amount, or one instalment when
// IsPartialPayment is true.
type Option struct {
	NAV              string     `json:"nav,omitempty"`
	IUV              string     `json:"iuv"`
	Amount           int64      `json:"amount"` // euro cents, = Σ transfers
	Description      string     `json:"description"`
	IsPartialPayment bool       `json:"isPartialPayment"`
	DueDate          DateTime   `json:"dueDate"`
	RetentionDate    DateTime   `json:"retentionDate,omitzero"`
	Transfers        []Transfer `json:"transfer,omitempty"`
	Metadata         []Metadata `json:"paymentOptionMetadata,omitempty"`

	// Read-only, set by GPD.
	Fee                    int64        `json:"fee,omitempty"`
	NotificationFee        int64        `json:"notificationFee,omitempty"`
	Status                 OptionStatus `json:"status,omitempty"`
	OrganizationFiscalCode string       `json:"organizationFiscalCode,omitempty"`
	PaymentDate            DateTime     `json:"paymentDate,omitzero"`
	ReportingDate          DateTime     `json:"reportingDate,omitzero"`
	InsertedDate           DateTime     `json:"insertedDate,omitzero"`
	PaymentMethod          string       `json:"paymentMethod,omitempty"`
	PSPCompany             string       `json:"pspCompany,omitempty"`
	ReceiptID              string       `json:"idReceipt,omitempty"`
	FlowReportingID        string       `json:"idFlowReporting,omitempty"`
	LastUpdatedDate        DateTime     `json:"lastUpdatedDate,omitzero"`
}

// OptionStatus is the status of a payment option.
type OptionStatus string

// Payment option statuses.
const (
	OptionUnpaid            OptionStatus = "PO_UNPAID"
	OptionPaid              OptionStatus = "PO_PAID"
	OptionPartiallyReported OptionStatus = "PO_PARTIALLY_REPORTED"
	OptionReported          OptionStatus = "PO_REPORTED"
)

// Transfer is one transfer (1..5) of a payment option (TransferModel): to an IBAN (optionally
// with a postal IBAN) or a digital stamp (marca da bollo), never both.
type Transfer struct {
	ID                     string     `json:"idTransfer"` // "1".."5"
	Amount                 int64      `json:"amount"`     // euro cents
	OrganizationFiscalCode string     `json:"organizationFiscalCode,omitempty"`
	RemittanceInformation  string     `json:"remittanceInformation"`
	Category               string     `json:"category"` // taxonomy code, e.g. "9/0101101IM/"
	IBAN                   string     `json:"iban,omitempty"`
	PostalIBAN             string     `json:"postalIban,omitempty"`
	Stamp                  *Stamp     `json:"stamp,omitempty"`
	CompanyName            string     `json:"companyName,omitempty"`
	Metadata               []Metadata `json:"transferMetadata,omitempty"`

	// Read-only, set by GPD.
	Status          TransferStatus `json:"status,omitempty"`
	InsertedDate    DateTime       `json:"insertedDate,omitzero"`
	LastUpdatedDate DateTime       `json:"lastUpdatedDate,omitzero"`
}

// TransferStatus tells whether a transfer has appeared in a reporting flow.
type TransferStatus string

// Transfer statuses.
const (
	TransferUnreported TransferStatus = "T_UNREPORTED"
	TransferReported   TransferStatus = "T_REPORTED"
)

// Stamp is a digital stamp (marca da bollo digitale) paid in place of an IBAN transfer.
type Stamp struct {
	HashDocument        string `json:"hashDocument"`        // base64 of the document's SHA-256, ≤72
	StampType           string `json:"stampType"`           // 2 characters, "01"
	ProvincialResidence string `json:"provincialResidence"` // [A-Z]{2}
}

// Metadata is a key-value pair attached to an option or transfer.
type Metadata struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// PageInfo describes one page of a list.
type PageInfo struct {
	Page       int `json:"page"`
	Limit      int `json:"limit"`
	ItemsFound int `json:"items_found"`
	TotalPages int `json:"total_pages"`
}

// forRequest returns a copy of p without the read-only fields, as GPD expects it in a body.
func (p Position) forRequest() Position {
	q := p
	q.Status, q.PaymentDate, q.OrganizationFiscalCode = "", DateTime{}, ""
	q.InsertedDate, q.PublishDate, q.LastUpdatedDate = DateTime{}, DateTime{}, DateTime{}
	q.PaymentOptions = make([]Option, len(p.PaymentOptions))
	for i, o := range p.PaymentOptions {
		q.PaymentOptions[i] = o.forRequest()
	}
	return q
}

func (o Option) forRequest() Option {
	r := Option{
		IUV: o.IUV, Amount: o.Amount, Description: o.Description, IsPartialPayment: o.IsPartialPayment,
		DueDate: o.DueDate, RetentionDate: o.RetentionDate, Metadata: o.Metadata,
	}
	r.Transfers = make([]Transfer, len(o.Transfers))
	for i, t := range o.Transfers {
		t.Status, t.InsertedDate, t.LastUpdatedDate = "", DateTime{}, DateTime{}
		r.Transfers[i] = t
	}
	return r
}
