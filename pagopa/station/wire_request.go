package station

import "github.com/siopi/siopi/pagopa"

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
	Receipt *pagopa.ReceiptXML `xml:"receipt"`
}
