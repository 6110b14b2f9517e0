package gpd

// Wire types of the GPD v3 API (openapi_external_v3.json): a position holds 1..100 payment plans
// (options), each with its own debtor, validity and 1..100 instalments.

// PositionV3 is a v3 debt position (PaymentPositionModelV3 / PaymentPositionModelResponseV3).
type PositionV3 struct {
	IUPD           string     `json:"iupd"`
	PayStandIn     *bool      `json:"payStandIn,omitempty"`
	CompanyName    string     `json:"companyName"`
	OfficeName     string     `json:"officeName,omitempty"`
	PaymentOptions []OptionV3 `json:"paymentOption"`

	// Read-only, set by GPD.
	Status                 Status   `json:"status,omitempty"`
	PaymentDate            DateTime `json:"paymentDate,omitzero"`
	OrganizationFiscalCode string   `json:"organizationFiscalCode,omitempty"`
	InsertedDate           DateTime `json:"insertedDate,omitzero"`
	PublishDate            DateTime `json:"publishDate,omitzero"`
	LastUpdatedDate        DateTime `json:"lastUpdatedDate,omitzero"`
}

// OptionV3 is a payment plan: one instalment is a single payment, several are a plan (rate).
type OptionV3 struct {
	Description     string          `json:"description,omitempty"` // write-only
	ValidityDate    DateTime        `json:"validityDate,omitzero"`
	RetentionDate   DateTime        `json:"retentionDate,omitzero"`
	SwitchToExpired bool            `json:"switchToExpired"`
	Debtor          DebtorV3        `json:"debtor"`
	Installments    []InstallmentV3 `json:"installments"`

	InsertedDate DateTime `json:"insertedDate,omitzero"` // read-only
}

// DebtorV3 is the debtor of a v3 payment plan (DebtorModel).
type DebtorV3 struct {
	Type        DebtorType `json:"type"`
	FiscalCode  string     `json:"fiscalCode"`
	FullName    string     `json:"fullName"`
	StreetName  string     `json:"streetName,omitempty"`
	CivicNumber string     `json:"civicNumber,omitempty"`
	PostalCode  string     `json:"postalCode,omitempty"`
	City        string     `json:"city,omitempty"`
	Province    string     `json:"province,omitempty"`
	Region      string     `json:"region,omitempty"`
	Country     string     `json:"country,omitempty"`
	Email       string     `json:"email,omitempty"`
	Phone       string     `json:"phone,omitempty"`
}

// InstallmentV3 is one instalment of a v3 plan (InstallmentModel).
type InstallmentV3 struct {
	NAV         string     `json:"nav,omitempty"`
	IUV         string     `json:"iuv"`
	Amount      int64      `json:"amount"` // euro cents
	Description string     `json:"description"`
	DueDate     DateTime   `json:"dueDate"`
	Transfers   []Transfer `json:"transfer"`
	Metadata    []Metadata `json:"installmentMetadata,omitempty"`

	// Read-only, set by GPD.
	Fee                    int64             `json:"fee,omitempty"`
	NotificationFee        int64             `json:"notificationFee,omitempty"`
	Status                 InstallmentStatus `json:"status,omitempty"`
	PaymentDate            DateTime          `json:"paymentDate,omitzero"`
	ReportingDate          DateTime          `json:"reportingDate,omitzero"`
	ReceiptID              string            `json:"idReceipt,omitempty"`
	FlowReportingID        string            `json:"idFlowReporting,omitempty"`
	PSPCompany             string            `json:"pspCompany,omitempty"`
	PaymentMethod          string            `json:"paymentMethod,omitempty"`
	LastUpdatedDate        DateTime          `json:"lastUpdatedDate,omitzero"`
	OrganizationFiscalCode string            `json:"organizationFiscalCode,omitempty"`
}

// InstallmentStatus is the status of a v3 instalment.
type InstallmentStatus string

// Instalment statuses.
const (
	InstallmentUnpaid            InstallmentStatus = "UNPAID"
	InstallmentPaid              InstallmentStatus = "PAID"
	InstallmentPartiallyReported InstallmentStatus = "PARTIALLY_REPORTED"
	InstallmentReported          InstallmentStatus = "REPORTED"
	InstallmentUnpayable         InstallmentStatus = "UNPAYABLE"
	InstallmentExpired           InstallmentStatus = "EXPIRED"
)

func (p PositionV3) forRequest() PositionV3 {
	q := PositionV3{IUPD: p.IUPD, PayStandIn: p.PayStandIn, CompanyName: p.CompanyName, OfficeName: p.OfficeName}
	q.PaymentOptions = make([]OptionV3, len(p.PaymentOptions))
	for i, o := range p.PaymentOptions {
		r := o
		r.InsertedDate = DateTime{}
		r.Installments = make([]InstallmentV3, len(o.Installments))
		for j, in := range o.Installments {
			out := InstallmentV3{IUV: in.IUV, Amount: in.Amount, Description: in.Description, DueDate: in.DueDate, Metadata: in.Metadata}
			out.Transfers = Option{Transfers: in.Transfers}.forRequest().Transfers
			r.Installments[j] = out
		}
		q.PaymentOptions[i] = r
	}
	return q
}
