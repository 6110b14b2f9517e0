package gpd

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/siopi/siopi/pagopa"
)

// MaxReceiptBytes is the largest receipt XML [ParseReceipt] reads (a
// ctReceiptV2 with five stamp attachments is well under 64 KiB).
const MaxReceiptBytes = 1 << 20

// ErrReceiptXML is the kind of every error of [ParseReceipt]: the receipt XML
// is too large, malformed, has a DOCTYPE, or misses a required element.
var ErrReceiptXML = errors.New("gpd: invalid receipt xml")

// xReceipt is the paSendRTV2 receipt (paForNode.xsd ctReceiptV2); element
// names are unqualified, so any namespace matches.
type xReceipt struct {
	ReceiptID            string      `xml:"receiptId"`
	NoticeNumber         string      `xml:"noticeNumber"`
	FiscalCode           string      `xml:"fiscalCode"`
	Outcome              string      `xml:"outcome"`
	CreditorReferenceID  string      `xml:"creditorReferenceId"`
	PaymentAmount        string      `xml:"paymentAmount"`
	Description          string      `xml:"description"`
	CompanyName          string      `xml:"companyName"`
	OfficeName           string      `xml:"officeName"`
	Debtor               *xSubject   `xml:"debtor"`
	Transfers            []xTransfer `xml:"transferList>transfer"`
	IDPSP                string      `xml:"idPSP"`
	PSPFiscalCode        string      `xml:"pspFiscalCode"`
	PSPPartitaIVA        string      `xml:"pspPartitaIVA"`
	PSPCompanyName       string      `xml:"PSPCompanyName"`
	IDChannel            string      `xml:"idChannel"`
	ChannelDescription   string      `xml:"channelDescription"`
	Payer                *xSubject   `xml:"payer"`
	PaymentMethod        string      `xml:"paymentMethod"`
	PaymentNote          string      `xml:"paymentNote"`
	Fee                  string      `xml:"fee"`
	PrimaryCIIncurredFee string      `xml:"primaryCiIncurredFee"`
	IDBundle             string      `xml:"idBundle"`
	IDCIBundle           string      `xml:"idCiBundle"`
	PaymentDateTime      string      `xml:"paymentDateTime"`
	ApplicationDate      string      `xml:"applicationDate"`
	TransferDate         string      `xml:"transferDate"`
	Metadata             []xEntry    `xml:"metadata>mapEntry"`
	StandIn              string      `xml:"standIn"`
}

type xEntry struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

type xSubject struct {
	Type                string `xml:"uniqueIdentifier>entityUniqueIdentifierType"`
	Value               string `xml:"uniqueIdentifier>entityUniqueIdentifierValue"`
	FullName            string `xml:"fullName"`
	StreetName          string `xml:"streetName"`
	CivicNumber         string `xml:"civicNumber"`
	PostalCode          string `xml:"postalCode"`
	City                string `xml:"city"`
	StateProvinceRegion string `xml:"stateProvinceRegion"`
	Country             string `xml:"country"`
	Email               string `xml:"e-mail"`
}

type xTransfer struct {
	IDTransfer            string   `xml:"idTransfer"`
	TransferAmount        string   `xml:"transferAmount"`
	FiscalCodePA          string   `xml:"fiscalCodePA"`
	CompanyName           string   `xml:"companyName"`
	IBAN                  string   `xml:"IBAN"`
	MBDAttachment         string   `xml:"MBDAttachment"`
	RemittanceInformation string   `xml:"remittanceInformation"`
	TransferCategory      string   `xml:"transferCategory"`
	Metadata              []xEntry `xml:"metadata>mapEntry"`
}

// ParseReceipt parses the receipt XML the GPD receipts API returns
// (getReceiptByIUV): a paSendRTV2 receipt (paForNode.xsd ctReceiptV2), bare
// or inside any wrapper such as paSendRTV2Req, into the core receipt. It
// reads at most [MaxReceiptBytes], refuses a DOCTYPE (no entity expansion),
// and checks the elements the core relies on: receiptId, an 18-digit notice
// number, an 11-digit fiscal code, outcome OK or KO, the amounts in the
// node's decimal form and 1..5 transfers with exactly one of IBAN and
// MBDAttachment. Every error matches [ErrReceiptXML].
func ParseReceipt(r io.Reader) (pagopa.Receipt, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxReceiptBytes+1))
	if err != nil {
		return pagopa.Receipt{}, fmt.Errorf("%w: read: %w", ErrReceiptXML, err)
	}
	if len(raw) > MaxReceiptBytes {
		return pagopa.Receipt{}, fmt.Errorf("%w: larger than %d bytes", ErrReceiptXML, MaxReceiptBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := d.Token()
		if err != nil {
			return pagopa.Receipt{}, fmt.Errorf("%w: no receipt element: %v", ErrReceiptXML, err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return pagopa.Receipt{}, fmt.Errorf("%w: DOCTYPE and other directives are refused", ErrReceiptXML)
		case xml.StartElement:
			if t.Name.Local != "receipt" {
				continue
			}
			var x xReceipt
			if err := d.DecodeElement(&x, &t); err != nil {
				return pagopa.Receipt{}, fmt.Errorf("%w: %v", ErrReceiptXML, err)
			}
			rc, err := x.core()
			if err != nil {
				return pagopa.Receipt{}, fmt.Errorf("%w: %v", ErrReceiptXML, err)
			}
			return rc, nil
		}
	}
}

// core converts and checks x.
func (x *xReceipt) core() (pagopa.Receipt, error) {
	switch {
	case x.ReceiptID == "" || len(x.ReceiptID) > 35:
		return pagopa.Receipt{}, errors.New("receiptId must be 1..35 characters")
	case !digits(x.NoticeNumber, 18):
		return pagopa.Receipt{}, errors.New("noticeNumber must be 18 digits")
	case !digits(x.FiscalCode, 11):
		return pagopa.Receipt{}, errors.New("fiscalCode must be 11 digits")
	case x.Outcome != pagopa.OutcomeOK && x.Outcome != pagopa.OutcomeKO:
		return pagopa.Receipt{}, errors.New("outcome must be OK or KO")
	case !iuvRe.MatchString(x.CreditorReferenceID):
		return pagopa.Receipt{}, errors.New("creditorReferenceId must be 1..35 letters or digits")
	case len(x.Transfers) == 0 || len(x.Transfers) > pagopa.MaxTransfers:
		return pagopa.Receipt{}, errors.New("transferList must hold 1..5 transfers")
	}
	r := pagopa.Receipt{
		ReceiptID: x.ReceiptID, NoticeNumber: pagopa.NoticeNumber(x.NoticeNumber), OrganizationFiscalCode: x.FiscalCode,
		Outcome: x.Outcome, IUV: pagopa.IUV(x.CreditorReferenceID), Description: x.Description,
		CompanyName: x.CompanyName, OfficeName: x.OfficeName,
		PSP: pagopa.PSP{ID: x.IDPSP, FiscalCode: x.PSPFiscalCode, PartitaIVA: x.PSPPartitaIVA, CompanyName: x.PSPCompanyName,
			ChannelID: x.IDChannel, ChannelDescription: x.ChannelDescription},
		PaymentMethod: x.PaymentMethod, PaymentNote: x.PaymentNote, IDBundle: x.IDBundle, IDCIBundle: x.IDCIBundle,
		Metadata: entries(x.Metadata),
	}
	var err error
	if r.Amount, err = pagopa.ParseAmount(x.PaymentAmount); err != nil {
		return r, fmt.Errorf("paymentAmount: %w", err)
	}
	for _, f := range []struct {
		name string
		in   string
		out  *pagopa.Amount
	}{{"fee", x.Fee, &r.Fee}, {"primaryCiIncurredFee", x.PrimaryCIIncurredFee, &r.PrimaryCIIncurredFee}} {
		if f.in == "" {
			continue
		}
		if *f.out, err = pagopa.ParseAmount(f.in); err != nil {
			return r, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if x.Debtor != nil {
		r.Debtor = x.Debtor.core()
	}
	if x.Payer != nil {
		p := x.Payer.core()
		r.Payer = &p
	}
	if x.PaymentDateTime != "" {
		if r.PaymentDateTime, err = pagopa.ParseDateTime(x.PaymentDateTime); err != nil {
			return r, fmt.Errorf("paymentDateTime: %w", err)
		}
	}
	if x.ApplicationDate != "" {
		if r.ApplicationDate, err = pagopa.ParseDate(x.ApplicationDate); err != nil {
			return r, fmt.Errorf("applicationDate: %w", err)
		}
	}
	if x.TransferDate != "" {
		if r.TransferDate, err = pagopa.ParseDate(x.TransferDate); err != nil {
			return r, fmt.Errorf("transferDate: %w", err)
		}
	}
	if r.StandIn, err = parseBool(x.StandIn); err != nil {
		return r, fmt.Errorf("standIn: %w", err)
	}
	for i := range x.Transfers {
		t, err := x.Transfers[i].core()
		if err != nil {
			return r, fmt.Errorf("transfer %d: %w", i+1, err)
		}
		r.Transfers = append(r.Transfers, t)
	}
	return r, nil
}

func (x *xTransfer) core() (pagopa.ReceiptTransfer, error) {
	id, err := strconv.Atoi(x.IDTransfer)
	if err != nil || id < 1 || id > pagopa.MaxTransfers {
		return pagopa.ReceiptTransfer{}, errors.New("idTransfer must be 1..5")
	}
	t := pagopa.ReceiptTransfer{ID: id, OrganizationFiscalCode: x.FiscalCodePA, CompanyName: x.CompanyName, IBAN: x.IBAN,
		RemittanceInformation: x.RemittanceInformation, Category: x.TransferCategory, Metadata: entries(x.Metadata)}
	if t.Amount, err = pagopa.ParseAmount(x.TransferAmount); err != nil {
		return t, fmt.Errorf("transferAmount: %w", err)
	}
	if !digits(x.FiscalCodePA, 11) {
		return t, errors.New("fiscalCodePA must be 11 digits")
	}
	if (x.IBAN == "") == (x.MBDAttachment == "") {
		return t, errors.New("exactly one of IBAN and MBDAttachment is required")
	}
	if x.MBDAttachment != "" {
		if t.MBDAttachment, err = base64.StdEncoding.DecodeString(x.MBDAttachment); err != nil {
			return t, errors.New("MBDAttachment is not base64")
		}
	}
	return t, nil
}

func (x *xSubject) core() pagopa.Debtor {
	return pagopa.Debtor{Type: pagopa.DebtorType(x.Type), FiscalCode: x.Value, FullName: x.FullName,
		StreetName: x.StreetName, CivicNumber: x.CivicNumber, PostalCode: x.PostalCode, City: x.City,
		Province: x.StateProvinceRegion, Country: x.Country, Email: x.Email}
}

func entries(xs []xEntry) []pagopa.Metadata {
	if len(xs) == 0 {
		return nil
	}
	out := make([]pagopa.Metadata, len(xs))
	for i, e := range xs {
		out[i] = pagopa.Metadata{Key: e.Key, Value: e.Value}
	}
	return out
}

func parseBool(s string) (bool, error) {
	switch s {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	}
	return false, errors.New("not a boolean")
}
