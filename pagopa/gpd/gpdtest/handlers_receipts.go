package gpdtest

import (
	"encoding/base64"
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"

	"github.com/siopi/siopi/pagopa"
)

// receiptsBase is the receipts API's path prefix.
const receiptsBase = "/gpd/payments-receipts-service/v1/payments/{org}/receipts"

// paidIUV is one receipt Pay produced, in order.
type paidIUV struct {
	org string
	iuv pagopa.IUV
}

// listReceipts serves getOrganizationReceipts: the receipts Pay produced for
// org, paged by pageNum (from 0) and pageSize (default 20).
func (f *Fake) listReceipts(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("org")
	num, _ := strconv.Atoi(r.URL.Query().Get("pageNum"))
	size, err := strconv.Atoi(r.URL.Query().Get("pageSize"))
	if err != nil || size <= 0 {
		size = 20
	}
	f.mu.Lock()
	var iuvs []pagopa.IUV
	for _, p := range f.paid {
		if p.org == org {
			iuvs = append(iuvs, p.iuv)
		}
	}
	f.mu.Unlock()
	if len(iuvs) == 0 {
		writeProblem(w, http.StatusNotFound, "Not found the receipt", "no receipts for "+org)
		return
	}
	results := []map[string]any{}
	for i := num * size; i >= 0 && i < len(iuvs) && i < (num+1)*size; i++ {
		rc, err := f.store.Receipt(r.Context(), org, iuvs[i])
		if err != nil {
			continue
		}
		results = append(results, map[string]any{"organizationFiscalCode": org, "iuv": string(rc.IUV),
			"debtor": rc.Debtor.FiscalCode, "paymentDateTime": rc.PaymentDateTime.Format("2006-01-02T15:04:05"), "status": "PAID"})
	}
	writeJSON(w, http.StatusOK, map[string]any{"currentPageNumber": num, "length": len(results),
		"totalPages": (len(iuvs) + size - 1) / size, "results": results})
}

// getReceipt serves getReceiptByIUV: the paying receipt as paSendRTV2
// receipt XML.
func (f *Fake) getReceipt(w http.ResponseWriter, r *http.Request) {
	rc, err := f.store.Receipt(r.Context(), r.PathValue("org"), pagopa.IUV(r.PathValue("iuv")))
	if errors.Is(err, pagopa.ErrNotFound) {
		writeProblem(w, http.StatusNotFound, "Not found the receipt", "no receipt for "+r.PathValue("iuv"))
		return
	}
	if err != nil {
		writeProblem(w, http.StatusInternalServerError, "Internal server error", err.Error())
		return
	}
	raw, err := xml.MarshalIndent(receiptXML(rc), "", "  ")
	if err != nil {
		writeProblem(w, http.StatusInternalServerError, "Internal server error", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(append([]byte(xml.Header), raw...))
}

// xReceipt is the ctReceiptV2 element the fake serves.
type xReceipt struct {
	XMLName             xml.Name    `xml:"receipt"`
	ReceiptID           string      `xml:"receiptId"`
	NoticeNumber        string      `xml:"noticeNumber"`
	FiscalCode          string      `xml:"fiscalCode"`
	Outcome             string      `xml:"outcome"`
	CreditorReferenceID string      `xml:"creditorReferenceId"`
	PaymentAmount       string      `xml:"paymentAmount"`
	Description         string      `xml:"description"`
	CompanyName         string      `xml:"companyName"`
	DebtorType          string      `xml:"debtor>uniqueIdentifier>entityUniqueIdentifierType"`
	DebtorValue         string      `xml:"debtor>uniqueIdentifier>entityUniqueIdentifierValue"`
	DebtorName          string      `xml:"debtor>fullName"`
	Transfers           []xTransfer `xml:"transferList>transfer"`
	IDPSP               string      `xml:"idPSP"`
	PSPCompanyName      string      `xml:"PSPCompanyName"`
	IDChannel           string      `xml:"idChannel"`
	ChannelDescription  string      `xml:"channelDescription"`
	PaymentDateTime     string      `xml:"paymentDateTime"`
}

type xTransfer struct {
	IDTransfer            int    `xml:"idTransfer"`
	TransferAmount        string `xml:"transferAmount"`
	FiscalCodePA          string `xml:"fiscalCodePA"`
	IBAN                  string `xml:"IBAN,omitempty"`
	MBDAttachment         string `xml:"MBDAttachment,omitempty"`
	RemittanceInformation string `xml:"remittanceInformation"`
	TransferCategory      string `xml:"transferCategory"`
}

func receiptXML(r pagopa.Receipt) xReceipt {
	x := xReceipt{ReceiptID: r.ReceiptID, NoticeNumber: string(r.NoticeNumber), FiscalCode: r.OrganizationFiscalCode,
		Outcome: r.Outcome, CreditorReferenceID: string(r.IUV), PaymentAmount: r.Amount.String(), Description: r.Description,
		CompanyName: r.CompanyName, DebtorType: string(r.Debtor.Type), DebtorValue: r.Debtor.FiscalCode, DebtorName: r.Debtor.FullName,
		IDPSP: r.PSP.ID, PSPCompanyName: r.PSP.CompanyName, IDChannel: r.PSP.ChannelID, ChannelDescription: r.PSP.ChannelDescription,
		PaymentDateTime: r.PaymentDateTime.UTC().Format("2006-01-02T15:04:05Z")}
	for _, t := range r.Transfers {
		xt := xTransfer{IDTransfer: t.ID, TransferAmount: t.Amount.String(), FiscalCodePA: t.OrganizationFiscalCode, IBAN: t.IBAN,
			RemittanceInformation: t.RemittanceInformation, TransferCategory: t.Category}
		if len(t.MBDAttachment) > 0 {
			xt.MBDAttachment = base64.StdEncoding.EncodeToString(t.MBDAttachment)
		}
		x.Transfers = append(x.Transfers, xt)
	}
	return x
}

// receiptOf is the receipt the node would send for the paid option o of p.
func receiptOf(p *pagopa.Position, o *pagopa.PaymentOption, receiptID string) pagopa.Receipt {
	r := pagopa.Receipt{ReceiptID: receiptID, NoticeNumber: o.NoticeNumber, OrganizationFiscalCode: p.OrganizationFiscalCode,
		Outcome: pagopa.OutcomeOK, IUV: o.IUV, Amount: o.Amount, Description: o.Description, CompanyName: p.CompanyName,
		Debtor: p.Debtor, PSP: pagopa.PSP{ID: "FAKEPSP", CompanyName: "Fake PSP", ChannelID: "FAKEPSP_01", ChannelDescription: "app"},
		PaymentDateTime: o.PaymentDate, ReceivedAt: o.PaymentDate}
	if r.NoticeNumber == "" && len(o.IUV) == 17 {
		r.NoticeNumber = pagopa.NoticeNumber("3" + string(o.IUV)) // aux digit 3 (GPD's nav)
	}
	for _, t := range o.Transfers {
		rt := pagopa.ReceiptTransfer{ID: t.ID, Amount: t.Amount, OrganizationFiscalCode: t.OrganizationFiscalCode,
			CompanyName: t.CompanyName, IBAN: t.IBAN, RemittanceInformation: t.RemittanceInformation, Category: t.Category}
		if rt.OrganizationFiscalCode == "" {
			rt.OrganizationFiscalCode = p.OrganizationFiscalCode
		}
		if t.Stamp != nil {
			rt.MBDAttachment = []byte(t.Stamp.HashDocument)
		}
		r.Transfers = append(r.Transfers, rt)
	}
	return r
}
