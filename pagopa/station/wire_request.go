package station

// Request elements of paForNode.xsd. Children are unqualified, so the fields
// carry no namespace; encoding/xml matches them in any namespace.

type xIDs struct {
	IDPA       string `xml:"idPA"`
	IDBrokerPA string `xml:"idBrokerPA"`
	IDStation  string `xml:"idStation"`
}

type xQRCode struct {
	FiscalCode   string `xml:"fiscalCode"`
	NoticeNumber string `xml:"noticeNumber"`
}

type xVerifyReq struct {
	xIDs
	QRCode *xQRCode `xml:"qrCode"`
}

type xGetPaymentReq struct {
	xIDs
	QRCode       *xQRCode `xml:"qrCode"`
	Amount       *string  `xml:"amount"`
	PaymentNote  *string  `xml:"paymentNote"`
	TransferType *string  `xml:"transferType"`
	DueDate      *string  `xml:"dueDate"`
}

type xDemandReq struct {
	xIDs
	IDServizio                   string `xml:"idServizio"`
	IDSoggettoServizio           string `xml:"idSoggettoServizio"`
	DatiSpecificiServizioRequest string `xml:"datiSpecificiServizioRequest"`
}

type xSendRTReq struct {
	xIDs
	Receipt *xReceipt `xml:"receipt"`
}

type xMapEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xMetadata struct {
	MapEntry []xMapEntry `xml:"mapEntry"`
}

type xSubject struct {
	UniqueIdentifier *struct {
		Type  string `xml:"entityUniqueIdentifierType"`
		Value string `xml:"entityUniqueIdentifierValue"`
	} `xml:"uniqueIdentifier"`
	FullName            string `xml:"fullName"`
	StreetName          string `xml:"streetName"`
	CivicNumber         string `xml:"civicNumber"`
	PostalCode          string `xml:"postalCode"`
	City                string `xml:"city"`
	StateProvinceRegion string `xml:"stateProvinceRegion"`
	Country             string `xml:"country"`
	Email               string `xml:"e-mail"`
}

type xReceiptTransfer struct {
	IDTransfer            string     `xml:"idTransfer"`
	TransferAmount        string     `xml:"transferAmount"`
	FiscalCodePA          string     `xml:"fiscalCodePA"`
	CompanyName           string     `xml:"companyName"`
	IBAN                  *string    `xml:"IBAN"`
	MBDAttachment         *string    `xml:"MBDAttachment"`
	RemittanceInformation string     `xml:"remittanceInformation"`
	TransferCategory      string     `xml:"transferCategory"`
	Metadata              *xMetadata `xml:"metadata"`
}

// xReceipt covers ctReceipt and ctReceiptV2 (a superset).
type xReceipt struct {
	ReceiptID           string    `xml:"receiptId"`
	NoticeNumber        string    `xml:"noticeNumber"`
	FiscalCode          string    `xml:"fiscalCode"`
	Outcome             string    `xml:"outcome"`
	CreditorReferenceID string    `xml:"creditorReferenceId"`
	PaymentAmount       string    `xml:"paymentAmount"`
	Description         string    `xml:"description"`
	CompanyName         string    `xml:"companyName"`
	OfficeName          string    `xml:"officeName"`
	Debtor              *xSubject `xml:"debtor"`
	TransferList        *struct {
		Transfer []xReceiptTransfer `xml:"transfer"`
	} `xml:"transferList"`
	IDPSP                string     `xml:"idPSP"`
	PSPFiscalCode        string     `xml:"pspFiscalCode"`
	PSPPartitaIVA        string     `xml:"pspPartitaIVA"`
	PSPCompanyName       string     `xml:"PSPCompanyName"`
	IDChannel            string     `xml:"idChannel"`
	ChannelDescription   string     `xml:"channelDescription"`
	Payer                *xSubject  `xml:"payer"`
	PaymentMethod        string     `xml:"paymentMethod"`
	PaymentNote          string     `xml:"paymentNote"`
	Fee                  *string    `xml:"fee"`
	PrimaryCIIncurredFee *string    `xml:"primaryCiIncurredFee"`
	IDBundle             string     `xml:"idBundle"`
	IDCIBundle           string     `xml:"idCiBundle"`
	PaymentDateTime      string     `xml:"paymentDateTime"`
	ApplicationDate      string     `xml:"applicationDate"`
	TransferDate         string     `xml:"transferDate"`
	Metadata             *xMetadata `xml:"metadata"`
	StandIn              string     `xml:"standIn"`
}
