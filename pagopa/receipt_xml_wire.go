package pagopa

// xReceipt is the receipt element of paSendRT (ctReceipt) and paSendRTV2
// (ctReceiptV2, a superset). Children are unqualified, so the fields carry
// no namespace; encoding/xml matches them in any namespace. Pointers mark the
// elements whose presence, not only their text, matters.
type xReceipt struct {
	ReceiptID            string         `xml:"receiptId"`
	NoticeNumber         string         `xml:"noticeNumber"`
	FiscalCode           string         `xml:"fiscalCode"`
	Outcome              string         `xml:"outcome"`
	CreditorReferenceID  string         `xml:"creditorReferenceId"`
	PaymentAmount        string         `xml:"paymentAmount"`
	Description          string         `xml:"description"`
	CompanyName          string         `xml:"companyName"`
	OfficeName           string         `xml:"officeName"`
	Debtor               *xSubject      `xml:"debtor"`
	TransferList         *xTransferList `xml:"transferList"`
	IDPSP                string         `xml:"idPSP"`
	PSPFiscalCode        string         `xml:"pspFiscalCode"`
	PSPPartitaIVA        string         `xml:"pspPartitaIVA"`
	PSPCompanyName       string         `xml:"PSPCompanyName"`
	IDChannel            string         `xml:"idChannel"`
	ChannelDescription   string         `xml:"channelDescription"`
	Payer                *xSubject      `xml:"payer"`
	PaymentMethod        string         `xml:"paymentMethod"`
	PaymentNote          string         `xml:"paymentNote"`
	Fee                  *string        `xml:"fee"`
	PrimaryCIIncurredFee *string        `xml:"primaryCiIncurredFee"`
	IDBundle             string         `xml:"idBundle"`
	IDCIBundle           string         `xml:"idCiBundle"`
	PaymentDateTime      string         `xml:"paymentDateTime"`
	ApplicationDate      string         `xml:"applicationDate"`
	TransferDate         string         `xml:"transferDate"`
	Metadata             *xMetadata     `xml:"metadata"`
	StandIn              string         `xml:"standIn"`
}

// xTransferList is ctTransferListPA(V2).
type xTransferList struct {
	Transfer []xTransfer `xml:"transfer"`
}

// xTransfer is ctTransferPA(V2) of a receipt.
type xTransfer struct {
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

// xSubject is ctSubject (the debtor and the payer).
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

// xMetadata is ctMetadata.
type xMetadata struct {
	MapEntry []xMapEntry `xml:"mapEntry"`
}

// xMapEntry is ctMapEntry.
type xMapEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}
