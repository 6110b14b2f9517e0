package pagopatest

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"strconv"
	"time"

	"github.com/siopi/siopi/pagopa"
)

const (
	soapEnvNS = "http://schemas.xmlsoap.org/soap/envelope/"
	pafNS     = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"
)

// reqWriter writes the node's requests the way the node does: a SOAP 1.1
// envelope whose body element is in paForNode's namespace (prefix pafn) with
// unqualified children.
type reqWriter struct{ b bytes.Buffer }

func (w *reqWriter) start(elem string) {
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + soapEnvNS + `" xmlns:pafn="` + pafNS + `">`)
	w.b.WriteString(`<soapenv:Header/><soapenv:Body><pafn:` + elem + `>`)
}

func (w *reqWriter) end(elem string) []byte {
	w.b.WriteString(`</pafn:` + elem + `></soapenv:Body></soapenv:Envelope>` + "\n")
	return w.b.Bytes()
}

func (w *reqWriter) open(name string)  { w.b.WriteString("<" + name + ">") }
func (w *reqWriter) close(name string) { w.b.WriteString("</" + name + ">") }

func (w *reqWriter) leaf(name, v string) {
	w.open(name)
	_ = xml.EscapeText(&w.b, []byte(v))
	w.close(name)
}

func (w *reqWriter) opt(name, v string) {
	if v != "" {
		w.leaf(name, v)
	}
}

func (w *reqWriter) ids(idPA, broker, station string) {
	w.leaf("idPA", idPA)
	w.leaf("idBrokerPA", broker)
	w.leaf("idStation", station)
}

func (w *reqWriter) qr(org string, nav pagopa.NoticeNumber) {
	w.open("qrCode")
	w.leaf("fiscalCode", org)
	w.leaf("noticeNumber", string(nav))
	w.close("qrCode")
}

// VerifyRequest returns the paVerifyPaymentNoticeReq envelope for a notice.
func (n *Node) VerifyRequest(org string, nav pagopa.NoticeNumber) []byte {
	var w reqWriter
	w.start("paVerifyPaymentNoticeReq")
	w.ids(org, n.cfg.BrokerID, n.cfg.StationID)
	w.qr(org, nav)
	return w.end("paVerifyPaymentNoticeReq")
}

// GetPaymentOptions are the optional elements of paGetPayment[V2].
type GetPaymentOptions struct {
	V1           bool           // send paGetPayment instead of paGetPaymentV2
	Amount       *pagopa.Amount // the amount the PSP activated
	PaymentNote  string
	TransferType string // "POSTAL" or "PAGOPA"
}

// GetPaymentRequest returns the paGetPaymentV2Request (or paGetPaymentReq)
// envelope for a notice.
func (n *Node) GetPaymentRequest(org string, nav pagopa.NoticeNumber, o GetPaymentOptions) []byte {
	elem := "paGetPaymentV2Request"
	if o.V1 {
		elem = "paGetPaymentReq"
	}
	var w reqWriter
	w.start(elem)
	w.ids(org, n.cfg.BrokerID, n.cfg.StationID)
	w.qr(org, nav)
	if o.Amount != nil {
		w.leaf("amount", o.Amount.String())
	}
	w.opt("paymentNote", o.PaymentNote)
	w.opt("transferType", o.TransferType)
	return w.end(elem)
}

// DemandRequest returns the paDemandPaymentNoticeRequest envelope.
func (n *Node) DemandRequest(org, serviceID, subjectID string, data []byte) []byte {
	var w reqWriter
	w.start("paDemandPaymentNoticeRequest")
	w.ids(org, n.cfg.BrokerID, n.cfg.StationID)
	w.leaf("idServizio", serviceID)
	w.leaf("idSoggettoServizio", subjectID)
	w.leaf("datiSpecificiServizioRequest", base64.StdEncoding.EncodeToString(data))
	return w.end("paDemandPaymentNoticeRequest")
}

// SendRTRequest returns the paSendRTV2Request (or, with v1, paSendRTReq)
// envelope carrying r to the station of idPA.
func (n *Node) SendRTRequest(idPA string, r pagopa.Receipt, v1 bool) []byte {
	elem := "paSendRTV2Request"
	if v1 {
		elem = "paSendRTReq"
	}
	var w reqWriter
	w.start(elem)
	w.ids(idPA, n.cfg.BrokerID, n.cfg.StationID)
	w.open("receipt")
	w.leaf("receiptId", r.ReceiptID)
	w.leaf("noticeNumber", string(r.NoticeNumber))
	w.leaf("fiscalCode", r.OrganizationFiscalCode)
	w.leaf("outcome", r.Outcome)
	w.leaf("creditorReferenceId", string(r.IUV))
	w.leaf("paymentAmount", r.Amount.String())
	w.leaf("description", r.Description)
	w.leaf("companyName", r.CompanyName)
	w.opt("officeName", r.OfficeName)
	subject(&w, "debtor", &r.Debtor)
	w.open("transferList")
	for _, t := range r.Transfers {
		w.open("transfer")
		w.leaf("idTransfer", strconv.Itoa(t.ID))
		w.leaf("transferAmount", t.Amount.String())
		w.leaf("fiscalCodePA", t.OrganizationFiscalCode)
		if !v1 {
			w.opt("companyName", t.CompanyName)
		}
		if t.MBDAttachment != nil && !v1 {
			w.leaf("MBDAttachment", base64.StdEncoding.EncodeToString(t.MBDAttachment))
		} else {
			w.leaf("IBAN", t.IBAN)
		}
		w.leaf("remittanceInformation", t.RemittanceInformation)
		w.leaf("transferCategory", t.Category)
		metadata(&w, t.Metadata)
		w.close("transfer")
	}
	w.close("transferList")
	w.leaf("idPSP", r.PSP.ID)
	w.opt("pspFiscalCode", r.PSP.FiscalCode)
	w.opt("pspPartitaIVA", r.PSP.PartitaIVA)
	w.leaf("PSPCompanyName", r.PSP.CompanyName)
	w.leaf("idChannel", r.PSP.ChannelID)
	w.leaf("channelDescription", r.PSP.ChannelDescription)
	if r.Payer != nil {
		subject(&w, "payer", r.Payer)
	}
	w.opt("paymentMethod", r.PaymentMethod)
	if !v1 {
		w.opt("paymentNote", r.PaymentNote)
	}
	w.leaf("fee", r.Fee.String())
	if !v1 {
		if r.PrimaryCIIncurredFee > 0 {
			w.leaf("primaryCiIncurredFee", r.PrimaryCIIncurredFee.String())
		}
		w.opt("idBundle", r.IDBundle)
		w.opt("idCiBundle", r.IDCIBundle)
	}
	if !r.PaymentDateTime.IsZero() {
		w.leaf("paymentDateTime", r.PaymentDateTime.Format("2006-01-02T15:04:05.000Z07:00"))
	}
	if !r.ApplicationDate.IsZero() {
		w.leaf("applicationDate", r.ApplicationDate.Format(time.DateOnly))
	}
	if !r.TransferDate.IsZero() {
		w.leaf("transferDate", r.TransferDate.Format(time.DateOnly))
	}
	metadata(&w, r.Metadata)
	if r.StandIn {
		w.leaf("standIn", "true")
	}
	w.close("receipt")
	return w.end(elem)
}

func subject(w *reqWriter, name string, d *pagopa.Debtor) {
	w.open(name)
	w.open("uniqueIdentifier")
	w.leaf("entityUniqueIdentifierType", string(d.Type))
	w.leaf("entityUniqueIdentifierValue", d.FiscalCode)
	w.close("uniqueIdentifier")
	w.leaf("fullName", d.FullName)
	w.opt("streetName", d.StreetName)
	w.opt("civicNumber", d.CivicNumber)
	w.opt("postalCode", d.PostalCode)
	w.opt("city", d.City)
	w.opt("stateProvinceRegion", d.Province)
	w.opt("country", d.Country)
	w.opt("e-mail", d.Email)
	w.close(name)
}

func metadata(w *reqWriter, md []pagopa.Metadata) {
	if len(md) == 0 {
		return
	}
	w.open("metadata")
	for _, m := range md {
		w.open("mapEntry")
		w.leaf("key", m.Key)
		w.leaf("value", m.Value)
		w.close("mapEntry")
	}
	w.close("metadata")
}
