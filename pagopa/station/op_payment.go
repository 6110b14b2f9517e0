package station

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/siopi/siopi/pagopa"
)

// text checks an XSD string of length 1..max.
func text(s string, max int) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return syntaxErr("text of length %d not in 1..%d", n, max)
	}
	return nil
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lookup resolves a qrCode to the position and the option it names, checking
// that the option can be paid now.
func (s *Station) lookup(ctx context.Context, ids *xIDs, qr *xQRCode, now time.Time) (pagopa.Position, *pagopa.PaymentOption, error) {
	if qr == nil || !digits(qr.FiscalCode, 11) {
		return pagopa.Position{}, nil, syntaxErr("qrCode.fiscalCode must be 11 digits")
	}
	nav, err := pagopa.ParseNoticeNumberUnchecked(qr.NoticeNumber)
	if err != nil && !digits(qr.NoticeNumber, 18) {
		return pagopa.Position{}, nil, syntaxErr("qrCode.noticeNumber must be 18 digits")
	}
	if err := s.checkIDs(ids); err != nil {
		return pagopa.Position{}, nil, err
	}
	if qr.FiscalCode != ids.IDPA {
		return pagopa.Position{}, nil, newFault(FaultWrongDomain, "qrCode.fiscalCode does not match idPA")
	}
	if err != nil { // 18 digits, aux digit 4–9: no such notice here
		return pagopa.Position{}, nil, fmt.Errorf("station: %w", pagopa.ErrNotFound)
	}
	p, err := s.cfg.Store.PositionByIUV(ctx, ids.IDPA, nav.IUV())
	if err != nil {
		return pagopa.Position{}, nil, err
	}
	o, err := p.Payable(nav.IUV(), now)
	if err != nil {
		return p, nil, err
	}
	if o.NoticeNumber != "" && o.NoticeNumber != nav {
		return p, nil, fmt.Errorf("station: notice number of iuv %s differs: %w", o.IUV, pagopa.ErrNotFound)
	}
	return p, o, nil
}

// verify serves paVerifyPaymentNotice.
func (s *Station) verify(ctx context.Context, op *operation, q *xVerifyReq, out *xw) {
	now := s.now()
	p, o, err := s.lookup(ctx, &q.xIDs, q.QRCode, now)
	if err == nil && s.cfg.ActivationLock > 0 {
		var until time.Time
		until, err = s.cfg.Store.LockedUntil(ctx, q.IDPA, o.IUV, now)
		if err == nil && !until.IsZero() {
			err = pagopa.ErrInProgress
		}
	}
	if err != nil {
		s.fail(ctx, op, out, err, q.IDPA)
		return
	}
	out.envelope(op.response)
	out.leaf("outcome", "OK")
	writePaymentList(out, &p, o)
	out.endEnvelope(op.response)
}

// writePaymentList writes what paVerifyPaymentNotice and
// paDemandPaymentNotice answer after the outcome (and qrCode): the one
// payment option, its description and the creditor body.
func writePaymentList(out *xw, p *pagopa.Position, o *pagopa.PaymentOption) {
	out.open("paymentList")
	out.open("paymentOptionDescription")
	out.leaf("amount", o.Amount.String())
	out.leaf("options", "EQ")
	out.leaf("dueDate", pagopa.FormatDate(o.DueDate))
	out.opt("detailDescription", o.Description)
	out.boolean("allCCP", allPostal(o))
	out.close("paymentOptionDescription")
	out.close("paymentList")
	out.opt("paymentDescription", o.Description)
	out.leaf("fiscalCodePA", p.OrganizationFiscalCode)
	out.opt("companyName", p.CompanyName)
	out.opt("officeName", p.OfficeName)
}

// allPostal reports whether every transfer can be credited to a postal
// account (verify's allCCP).
func allPostal(o *pagopa.PaymentOption) bool {
	for _, t := range o.Transfers {
		if t.PostalIBAN == "" {
			return false
		}
	}
	return len(o.Transfers) > 0
}

// getPayment serves paGetPayment and paGetPaymentV2: it locks the option and
// returns its transfers.
func (s *Station) getPayment(ctx context.Context, op *operation, q *xGetPaymentReq, out *xw) {
	v2 := op.name == "paGetPaymentV2"
	now := s.now()
	err := checkGetPayment(q)
	var p pagopa.Position
	var o *pagopa.PaymentOption
	if err == nil {
		p, o, err = s.lookup(ctx, &q.xIDs, q.QRCode, now)
	}
	if err == nil && q.Amount != nil {
		if a, _ := pagopa.ParseAmount(*q.Amount); a != o.Amount {
			err = newFault(FaultSemantic, "amount "+a.String()+" does not match the notice ("+o.Amount.String()+")")
		}
	}
	if err == nil && !v2 {
		for _, t := range o.Transfers {
			if t.Stamp != nil {
				err = newFault(FaultSemantic, "a stamp transfer needs paGetPaymentV2")
			}
		}
	}
	if err == nil && s.cfg.ActivationLock > 0 {
		err = s.cfg.Store.LockOption(ctx, q.IDPA, o.IUV, now, now.Add(s.cfg.ActivationLock))
	}
	if err != nil {
		s.fail(ctx, op, out, err, q.IDPA)
		return
	}
	postal := q.TransferType != nil && *q.TransferType == "POSTAL"
	out.envelope(op.response)
	out.leaf("outcome", "OK")
	out.open("data")
	out.leaf("creditorReferenceId", string(o.IUV))
	out.leaf("paymentAmount", o.Amount.String())
	out.leaf("dueDate", pagopa.FormatDate(o.DueDate))
	if !o.RetentionDate.IsZero() {
		out.leaf("retentionDate", o.RetentionDate.UTC().Format(time.RFC3339))
	}
	out.leaf("description", o.Description)
	if v2 {
		out.leaf("companyName", p.CompanyName)
	} else {
		out.opt("companyName", p.CompanyName)
	}
	out.opt("officeName", p.OfficeName)
	writeSubject(out, "debtor", &p.Debtor)
	out.open("transferList")
	for i := range o.Transfers {
		t := &o.Transfers[i]
		out.open("transfer")
		out.leaf("idTransfer", fmt.Sprint(t.ID))
		out.leaf("transferAmount", t.Amount.String())
		out.leaf("fiscalCodePA", orDefault(t.OrganizationFiscalCode, p.OrganizationFiscalCode))
		if v2 {
			out.opt("companyName", t.CompanyName)
		}
		switch {
		case t.Stamp != nil:
			out.open("richiestaMarcaDaBollo")
			out.leaf("hashDocumento", t.Stamp.HashDocument)
			out.leaf("tipoBollo", t.Stamp.Type)
			out.leaf("provinciaResidenza", t.Stamp.ProvincialResidence)
			out.close("richiestaMarcaDaBollo")
		case postal && t.PostalIBAN != "":
			out.leaf("IBAN", t.PostalIBAN)
		default:
			out.leaf("IBAN", t.IBAN)
		}
		out.leaf("remittanceInformation", t.RemittanceInformation)
		out.leaf("transferCategory", t.Category)
		writeMetadata(out, t.Metadata)
		out.close("transfer")
	}
	out.close("transferList")
	writeMetadata(out, o.Metadata)
	out.close("data")
	out.endEnvelope(op.response)
}

func checkGetPayment(q *xGetPaymentReq) error {
	if q.Amount != nil {
		if _, err := pagopa.ParseAmount(*q.Amount); err != nil {
			return syntaxErr("amount: %v", err)
		}
	}
	if q.PaymentNote != nil {
		if err := text(*q.PaymentNote, 210); err != nil {
			return err
		}
	}
	if q.TransferType != nil && *q.TransferType != "POSTAL" && *q.TransferType != "PAGOPA" {
		return syntaxErr("transferType must be POSTAL or PAGOPA")
	}
	if q.DueDate != nil {
		if _, err := pagopa.ParseDate(*q.DueDate); err != nil {
			return syntaxErr("dueDate: %v", err)
		}
	}
	return nil
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// truncateRunes cuts s to at most n runes (the XSD's maxLength).
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// writeSubject writes a ctSubject.
func writeSubject(out *xw, name string, d *pagopa.Debtor) {
	out.open(name)
	out.open("uniqueIdentifier")
	out.leaf("entityUniqueIdentifierType", string(d.Type))
	out.leaf("entityUniqueIdentifierValue", d.FiscalCode)
	out.close("uniqueIdentifier")
	out.leaf("fullName", truncateRunes(d.FullName, 70))
	out.opt("streetName", truncateRunes(d.StreetName, 70))
	out.opt("civicNumber", truncateRunes(d.CivicNumber, 16))
	out.opt("postalCode", truncateRunes(d.PostalCode, 16))
	out.opt("city", truncateRunes(d.City, 35))
	out.opt("stateProvinceRegion", truncateRunes(d.Province, 35))
	out.opt("country", d.Country)
	out.opt("e-mail", d.Email)
	out.close(name)
}

// writeMetadata writes a ctMetadata (at most 15 entries) if md is not empty.
func writeMetadata(out *xw, md []pagopa.Metadata) {
	if len(md) == 0 {
		return
	}
	out.open("metadata")
	for i, m := range md {
		if i == 15 {
			break
		}
		out.open("mapEntry")
		out.leaf("key", m.Key)
		out.leaf("value", m.Value)
		out.close("mapEntry")
	}
	out.close("metadata")
}
