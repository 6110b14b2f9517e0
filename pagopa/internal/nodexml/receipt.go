package nodexml

import (
	"encoding/base64"
	"strconv"
	"unicode/utf8"

	"github.com/siopi/siopi/pagopa"
)

// Rules says how strictly [Receipt.Core] checks a receipt. The zero value
// checks what the core type relies on: the identifiers' formats, the outcome,
// the amounts, dates and booleans, and 1..5 transfers with exactly one of
// IBAN and MBDAttachment.
type Rules struct {
	// V2 accepts ctReceiptV2's elements: a transfer's companyName and
	// MBDAttachment, and (checked under XSD) paymentNote, idBundle, idCiBundle.
	V2 bool
	// XSD also checks what paForNode.xsd requires: every text's length, the
	// debtor, the metadata's 1..15 entries, transfer amounts of at least 0.01.
	XSD bool
}

// Core checks x under rules and converts it into the core receipt. Every
// error matches [ErrSyntax] and names the element at fault.
func (x *Receipt) Core(rules Rules) (pagopa.Receipt, error) {
	if x == nil {
		return pagopa.Receipt{}, syntaxErr("receipt is required")
	}
	var r pagopa.Receipt
	if err := x.check(rules); err != nil {
		return r, err
	}
	r = pagopa.Receipt{
		ReceiptID:              x.ReceiptID,
		NoticeNumber:           pagopa.NoticeNumber(x.NoticeNumber),
		OrganizationFiscalCode: x.FiscalCode,
		Outcome:                x.Outcome,
		IUV:                    pagopa.IUV(x.CreditorReferenceID),
		Description:            x.Description,
		CompanyName:            x.CompanyName,
		OfficeName:             x.OfficeName,
		PSP: pagopa.PSP{ID: x.IDPSP, FiscalCode: x.PSPFiscalCode, PartitaIVA: x.PSPPartitaIVA,
			CompanyName: x.PSPCompanyName, ChannelID: x.IDChannel, ChannelDescription: x.ChannelDescription},
		PaymentMethod: x.PaymentMethod,
		PaymentNote:   x.PaymentNote,
		IDBundle:      x.IDBundle,
		IDCIBundle:    x.IDCIBundle,
	}
	var err error
	if r.Amount, err = pagopa.ParseAmount(x.PaymentAmount); err != nil {
		return r, syntaxErr("receipt.paymentAmount: %v", err)
	}
	if r.Fee, err = optAmount(x.Fee); err != nil {
		return r, syntaxErr("receipt.fee: %v", err)
	}
	if r.PrimaryCIIncurredFee, err = optAmount(x.PrimaryCIIncurredFee); err != nil {
		return r, syntaxErr("receipt.primaryCiIncurredFee: %v", err)
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
		return r, syntaxErr("receipt.standIn is not a boolean")
	}
	if r.Metadata, err = x.Metadata.core(rules); err != nil {
		return r, err
	}
	if x.TransferList == nil || len(x.TransferList.Transfer) == 0 || len(x.TransferList.Transfer) > pagopa.MaxTransfers {
		return r, syntaxErr("receipt.transferList must hold 1..5 transfers")
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
func (x *Receipt) check(rules Rules) error {
	switch {
	case x.ReceiptID == "":
		return syntaxErr("receipt.receiptId is required")
	case utf8.RuneCountInString(x.ReceiptID) > 35:
		return syntaxErr("receipt.receiptId must be 1..35 characters")
	case !Digits(x.NoticeNumber, 18):
		return syntaxErr("receipt.noticeNumber must be 18 digits")
	case !Digits(x.FiscalCode, 11):
		return syntaxErr("receipt.fiscalCode must be 11 digits")
	case x.Outcome != pagopa.OutcomeOK && x.Outcome != pagopa.OutcomeKO:
		return syntaxErr("receipt.outcome must be OK or KO")
	}
	var err error
	check := func(name, v string, max int) {
		if err == nil {
			if e := Text(v, max); e != nil {
				err = syntaxErr("receipt.%s: %v", name, e)
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
func (x *Receipt) dates(r *pagopa.Receipt) error {
	var err error
	if x.PaymentDateTime != "" {
		if r.PaymentDateTime, err = pagopa.ParseDateTime(x.PaymentDateTime); err != nil {
			return syntaxErr("receipt.paymentDateTime: %v", err)
		}
	}
	if x.ApplicationDate != "" {
		if r.ApplicationDate, err = pagopa.ParseDate(x.ApplicationDate); err != nil {
			return syntaxErr("receipt.applicationDate: %v", err)
		}
	}
	if x.TransferDate != "" {
		if r.TransferDate, err = pagopa.ParseDate(x.TransferDate); err != nil {
			return syntaxErr("receipt.transferDate: %v", err)
		}
	}
	return nil
}

func (x *Transfer) core(rules Rules) (pagopa.ReceiptTransfer, error) {
	var t pagopa.ReceiptTransfer
	id, err := strconv.Atoi(x.IDTransfer)
	if err != nil || id < 1 || id > pagopa.MaxTransfers {
		return t, syntaxErr("transfer.idTransfer must be 1..5")
	}
	t.ID = id
	if t.Amount, err = pagopa.ParseAmount(x.TransferAmount); err != nil || (rules.XSD && t.Amount < 1) {
		return t, syntaxErr("transfer.transferAmount must be at least 0.01")
	}
	if !Digits(x.FiscalCodePA, 11) {
		return t, syntaxErr("transfer.fiscalCodePA must be 11 digits")
	}
	t.OrganizationFiscalCode = x.FiscalCodePA
	if x.CompanyName != "" {
		if !rules.V2 {
			return t, syntaxErr("transfer.companyName is a V2 element")
		}
		if err := text(rules, x.CompanyName, 140); err != nil {
			return t, err
		}
		t.CompanyName = x.CompanyName
	}
	switch {
	case x.IBAN != nil && x.MBDAttachment == nil:
		if err := Text(*x.IBAN, 35); err != nil {
			return t, err
		}
		t.IBAN = *x.IBAN
	case x.MBDAttachment != nil && x.IBAN == nil && rules.V2:
		if t.MBDAttachment, err = base64.StdEncoding.DecodeString(*x.MBDAttachment); err != nil {
			return t, syntaxErr("transfer.MBDAttachment is not base64")
		}
	default:
		return t, syntaxErr("transfer needs exactly one of IBAN and MBDAttachment")
	}
	if err := text(rules, x.RemittanceInformation, 140); err != nil {
		return t, err
	}
	if err := text(rules, x.TransferCategory, 140); err != nil {
		return t, err
	}
	t.RemittanceInformation, t.Category = x.RemittanceInformation, x.TransferCategory
	t.Metadata, err = x.Metadata.core(rules)
	return t, err
}

// core converts x, which under rules.XSD must be present with a unique
// identifier of type F or G and a full name.
func (x *Subject) core(name string, rules Rules) (pagopa.Debtor, error) {
	if rules.XSD {
		if x == nil || x.UniqueIdentifier == nil {
			return pagopa.Debtor{}, syntaxErr("%s.uniqueIdentifier is required", name)
		}
		u := x.UniqueIdentifier
		if u.Type != "F" && u.Type != "G" {
			return pagopa.Debtor{}, syntaxErr("%s.entityUniqueIdentifierType must be F or G", name)
		}
		if n := len(u.Value); n < 2 || n > 16 {
			return pagopa.Debtor{}, syntaxErr("%s.entityUniqueIdentifierValue must be 2..16 characters", name)
		}
		if err := Text(x.FullName, 70); err != nil {
			return pagopa.Debtor{}, syntaxErr("%s.fullName: %v", name, err)
		}
	}
	d := pagopa.Debtor{FullName: x.FullName, StreetName: x.StreetName, CivicNumber: x.CivicNumber,
		PostalCode: x.PostalCode, City: x.City, Province: x.StateProvinceRegion, Country: x.Country, Email: x.Email}
	if u := x.UniqueIdentifier; u != nil {
		d.Type, d.FiscalCode = pagopa.DebtorType(u.Type), u.Value
	}
	return d, nil
}

// core converts x, which under rules.XSD must hold 1..15 entries of 1..140
// characters each.
func (x *Metadata) core(rules Rules) ([]pagopa.Metadata, error) {
	if x == nil {
		return nil, nil
	}
	if rules.XSD && (len(x.MapEntry) == 0 || len(x.MapEntry) > 15) {
		return nil, syntaxErr("metadata must hold 1..15 entries")
	}
	if len(x.MapEntry) == 0 {
		return nil, nil
	}
	md := make([]pagopa.Metadata, 0, len(x.MapEntry))
	for _, e := range x.MapEntry {
		if rules.XSD && (Text(e.Key, 140) != nil || Text(e.Value, 140) != nil) {
			return nil, syntaxErr("metadata key and value must be 1..140 characters")
		}
		md = append(md, pagopa.Metadata{Key: e.Key, Value: e.Value})
	}
	return md, nil
}

// text checks s with [Text] under rules.XSD only.
func text(rules Rules, s string, max int) error {
	if !rules.XSD {
		return nil
	}
	return Text(s, max)
}

func optAmount(s *string) (pagopa.Amount, error) {
	if s == nil {
		return 0, nil
	}
	return pagopa.ParseAmount(*s)
}
