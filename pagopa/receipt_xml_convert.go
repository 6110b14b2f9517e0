package pagopa

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"
)

// ReceiptXMLRules says how strictly [ReceiptXML.Receipt] checks a receipt. The zero value
// checks what the core type relies on: the identifiers' formats, the outcome,
// the amounts, dates and booleans, and 1..5 transfers with exactly one of
// IBAN and MBDAttachment.
type ReceiptXMLRules struct {
	// V2 accepts ctReceiptV2's elements: a transfer's companyName and
	// MBDAttachment, and (checked under XSD) paymentNote, idBundle, idCiBundle.
	V2 bool
	// XSD also checks what paForNode.xsd requires: every text's length, the
	// debtor, the metadata's 1..15 entries, transfer amounts of at least 0.01.
	XSD bool
}

// Receipt checks rx under rules and converts it into the core receipt. A
// nil rx is a missing receipt element. Every error matches
// [ErrReceiptSyntax] and names the element at fault.
func (rx *ReceiptXML) Receipt(rules ReceiptXMLRules) (Receipt, error) {
	if rx == nil {
		return Receipt{}, receiptSyntax("receipt is required")
	}
	x := &rx.x
	var r Receipt
	if err := x.check(rules); err != nil {
		return r, err
	}
	r = Receipt{
		ReceiptID:              x.ReceiptID,
		NoticeNumber:           NoticeNumber(x.NoticeNumber),
		OrganizationFiscalCode: x.FiscalCode,
		Outcome:                x.Outcome,
		IUV:                    IUV(x.CreditorReferenceID),
		Description:            x.Description,
		CompanyName:            x.CompanyName,
		OfficeName:             x.OfficeName,
		PSP: PSP{ID: x.IDPSP, FiscalCode: x.PSPFiscalCode, PartitaIVA: x.PSPPartitaIVA,
			CompanyName: x.PSPCompanyName, ChannelID: x.IDChannel, ChannelDescription: x.ChannelDescription},
		PaymentMethod: x.PaymentMethod,
		PaymentNote:   x.PaymentNote,
		IDBundle:      x.IDBundle,
		IDCIBundle:    x.IDCIBundle,
	}
	var err error
	if r.Amount, err = ParseAmount(x.PaymentAmount); err != nil {
		return r, receiptSyntax("receipt.paymentAmount: %v", err)
	}
	if r.Fee, err = optionalAmount(x.Fee); err != nil {
		return r, receiptSyntax("receipt.fee: %v", err)
	}
	if r.PrimaryCIIncurredFee, err = optionalAmount(x.PrimaryCIIncurredFee); err != nil {
		return r, receiptSyntax("receipt.primaryCiIncurredFee: %v", err)
	}
	if x.Debtor != nil || rules.XSD {
		if r.Debtor, err = x.Debtor.core("debtor", rules); err != nil {
			return r, err
		}
	}
	if x.Payer != nil {
		p, err := x.Payer.core("payer", rules)
		if err != nil {
			return r, err
		}
		r.Payer = &p
	}
	if err := x.dates(&r); err != nil {
		return r, err
	}
	switch x.StandIn {
	case "", "false", "0":
	case "true", "1":
		r.StandIn = true
	default:
		return r, receiptSyntax("receipt.standIn is not a boolean")
	}
	if r.Metadata, err = x.Metadata.core(rules); err != nil {
		return r, err
	}
	if x.TransferList == nil || len(x.TransferList.Transfer) == 0 || len(x.TransferList.Transfer) > MaxTransfers {
		return r, receiptSyntax("receipt.transferList must hold 1..5 transfers")
	}
	for i := range x.TransferList.Transfer {
		t, err := x.TransferList.Transfer[i].core(rules)
		if err != nil {
			return r, err
		}
		r.Transfers = append(r.Transfers, t)
	}
	return r, nil
}

// check checks x's identifiers, outcome and, under rules.XSD, its texts.
func (x *xReceipt) check(rules ReceiptXMLRules) error {
	switch {
	case x.ReceiptID == "":
		return receiptSyntax("receipt.receiptId is required")
	case utf8.RuneCountInString(x.ReceiptID) > 35:
		return receiptSyntax("receipt.receiptId must be 1..35 characters")
	case !digits(x.NoticeNumber, 18):
		return receiptSyntax("receipt.noticeNumber must be 18 digits")
	case !digits(x.FiscalCode, 11):
		return receiptSyntax("receipt.fiscalCode must be 11 digits")
	case x.Outcome != OutcomeOK && x.Outcome != OutcomeKO:
		return receiptSyntax("receipt.outcome must be OK or KO")
	}
	var err error
	check := func(name, v string, max int) {
		if err == nil {
			if e := xsdText(v, max); e != nil {
				err = receiptSyntax("receipt.%s: %v", name, e)
			}
		}
	}
	optional := func(name, v string, max int) {
		if v != "" {
			check(name, v, max)
		}
	}
	check("creditorReferenceId", x.CreditorReferenceID, 35)
	if !rules.XSD {
		return err
	}
	check("description", x.Description, 140)
	check("companyName", x.CompanyName, 140)
	optional("officeName", x.OfficeName, 140)
	check("idPSP", x.IDPSP, 35)
	optional("pspFiscalCode", x.PSPFiscalCode, 70)
	optional("pspPartitaIVA", x.PSPPartitaIVA, 20)
	check("PSPCompanyName", x.PSPCompanyName, 70)
	check("idChannel", x.IDChannel, 35)
	check("channelDescription", x.ChannelDescription, 35)
	optional("paymentMethod", x.PaymentMethod, 35)
	if rules.V2 {
		optional("paymentNote", x.PaymentNote, 210)
		optional("idBundle", x.IDBundle, 70)
		optional("idCiBundle", x.IDCIBundle, 70)
	}
	return err
}

// dates parses x's optional date and time elements into r.
func (x *xReceipt) dates(r *Receipt) error {
	var err error
	if x.PaymentDateTime != "" {
		if r.PaymentDateTime, err = ParseDateTime(x.PaymentDateTime); err != nil {
			return receiptSyntax("receipt.paymentDateTime: %v", err)
		}
	}
	if x.ApplicationDate != "" {
		if r.ApplicationDate, err = ParseDate(x.ApplicationDate); err != nil {
			return receiptSyntax("receipt.applicationDate: %v", err)
		}
	}
	if x.TransferDate != "" {
		if r.TransferDate, err = ParseDate(x.TransferDate); err != nil {
			return receiptSyntax("receipt.transferDate: %v", err)
		}
	}
	return nil
}

func (x *xTransfer) core(rules ReceiptXMLRules) (ReceiptTransfer, error) {
	var t ReceiptTransfer
	id, err := strconv.Atoi(x.IDTransfer)
	if err != nil || id < 1 || id > MaxTransfers {
		return t, receiptSyntax("transfer.idTransfer must be 1..5")
	}
	t.ID = id
	if t.Amount, err = ParseAmount(x.TransferAmount); err != nil || (rules.XSD && t.Amount < 1) {
		return t, receiptSyntax("transfer.transferAmount must be at least 0.01")
	}
	if !digits(x.FiscalCodePA, 11) {
		return t, receiptSyntax("transfer.fiscalCodePA must be 11 digits")
	}
	t.OrganizationFiscalCode = x.FiscalCodePA
	if x.CompanyName != "" {
		if !rules.V2 {
			return t, receiptSyntax("transfer.companyName is a V2 element")
		}
		if err := optText(rules, x.CompanyName, 140); err != nil {
			return t, err
		}
		t.CompanyName = x.CompanyName
	}
	switch {
	case x.IBAN != nil && x.MBDAttachment == nil:
		if err := xsdText(*x.IBAN, 35); err != nil {
			return t, err
		}
		t.IBAN = *x.IBAN
	case x.MBDAttachment != nil && x.IBAN == nil && rules.V2:
		if t.MBDAttachment, err = base64.StdEncoding.DecodeString(*x.MBDAttachment); err != nil {
			return t, receiptSyntax("transfer.MBDAttachment is not base64")
		}
	default:
		return t, receiptSyntax("transfer needs exactly one of IBAN and MBDAttachment")
	}
	if err := optText(rules, x.RemittanceInformation, 140); err != nil {
		return t, err
	}
	if err := optText(rules, x.TransferCategory, 140); err != nil {
		return t, err
	}
	t.RemittanceInformation, t.Category = x.RemittanceInformation, x.TransferCategory
	t.Metadata, err = x.Metadata.core(rules)
	return t, err
}

// core converts x, which under rules.XSD must be present with a unique
// identifier of type F or G and a full name.
func (x *xSubject) core(name string, rules ReceiptXMLRules) (Debtor, error) {
	if rules.XSD {
		if x == nil || x.UniqueIdentifier == nil {
			return Debtor{}, receiptSyntax("%s.uniqueIdentifier is required", name)
		}
		u := x.UniqueIdentifier
		if u.Type != "F" && u.Type != "G" {
			return Debtor{}, receiptSyntax("%s.entityUniqueIdentifierType must be F or G", name)
		}
		if n := len(u.Value); n < 2 || n > 16 {
			return Debtor{}, receiptSyntax("%s.entityUniqueIdentifierValue must be 2..16 characters", name)
		}
		if err := xsdText(x.FullName, 70); err != nil {
			return Debtor{}, receiptSyntax("%s.fullName: %v", name, err)
		}
	}
	d := Debtor{FullName: x.FullName, StreetName: x.StreetName, CivicNumber: x.CivicNumber,
		PostalCode: x.PostalCode, City: x.City, Province: x.StateProvinceRegion, Country: x.Country, Email: x.Email}
	if u := x.UniqueIdentifier; u != nil {
		d.Type, d.FiscalCode = DebtorType(u.Type), u.Value
	}
	return d, nil
}

// core converts x, which under rules.XSD must hold 1..15 entries of 1..140
// characters each.
func (x *xMetadata) core(rules ReceiptXMLRules) ([]Metadata, error) {
	if x == nil {
		return nil, nil
	}
	if rules.XSD && (len(x.MapEntry) == 0 || len(x.MapEntry) > 15) {
		return nil, receiptSyntax("metadata must hold 1..15 entries")
	}
	if len(x.MapEntry) == 0 {
		return nil, nil
	}
	md := make([]Metadata, 0, len(x.MapEntry))
	for _, e := range x.MapEntry {
		if rules.XSD && (xsdText(e.Key, 140) != nil || xsdText(e.Value, 140) != nil) {
			return nil, receiptSyntax("metadata key and value must be 1..140 characters")
		}
		md = append(md, Metadata(e))
	}
	return md, nil
}

// optText checks s with xsdText under rules.XSD only.
func optText(rules ReceiptXMLRules, s string, max int) error {
	if !rules.XSD {
		return nil
	}
	return xsdText(s, max)
}

func optionalAmount(s *string) (Amount, error) {
	if s == nil {
		return 0, nil
	}
	return ParseAmount(*s)
}
