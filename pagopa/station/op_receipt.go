package station

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"

	"github.com/siopi/siopi/pagopa"
)

// sendRT serves paSendRT and paSendRTV2: it stores the receipt once, marks
// the option paid, and reports the receipt to the host. A double payment is
// stored too, answered OK and reported to the host for a refund.
func (s *Station) sendRT(ctx context.Context, op *operation, q *xSendRTReq, out *xw) {
	v2 := op.name == "paSendRTV2"
	r, err := receiptOf(q.Receipt, v2)
	if err == nil {
		err = s.checkIDs(&q.xIDs)
	}
	if err == nil {
		r.ReceivedBy = q.IDPA
		r.ReceivedAt = s.now().UTC()
		err = s.record(ctx, &r)
	}
	if errors.Is(err, pagopa.ErrDoublePayment) {
		// Stored: the money moved twice and the EC owes a refund. The fault
		// table has no code for it (PAA_RECEIPT_DUPLICATA is for the same
		// receipt again), so the node gets OK, which ends its retries.
		r.DoublePayment = true
		s.log.WarnContext(ctx, "station: double payment stored", "receipt", r, "err", err)
		err = nil
	}
	if err != nil {
		s.fail(ctx, op, out, err, q.IDPA)
		return
	}
	s.notify(ctx, r)
	out.envelope(op.response)
	out.leaf("outcome", "OK")
	out.endEnvelope(op.response)
}

// record stores r and, for the first OK receipt of this station's own
// position, marks the option paid in the same atomic operation. It returns
// an error matching [pagopa.ErrDoublePayment] when r was stored as a double
// payment.
func (s *Station) record(ctx context.Context, r *pagopa.Receipt) error {
	if r.ReceivedBy != r.OrganizationFiscalCode {
		// A co-beneficiary's copy of the receipt of a position (another EC's,
		// or one this station also serves): one of its transfers must name
		// the EC it is delivered to.
		named := false
		for _, t := range r.Transfers {
			named = named || t.OrganizationFiscalCode == r.ReceivedBy
		}
		if !named {
			return newFault(FaultWrongDomain, "receipt names neither idPA nor a transfer to it")
		}
	}
	if !s.serves(r.OrganizationFiscalCode) {
		// The position is another EC's: store the receipt without one.
		_, err := s.cfg.Store.RecordReceipt(ctx, *r, nil)
		return err
	}
	if r.NoticeNumber.IUV() != r.IUV {
		return newFault(FaultSemantic, "creditorReferenceId is not the iuv of noticeNumber")
	}
	if r.Outcome != pagopa.OutcomeOK {
		_, err := s.cfg.Store.RecordReceipt(ctx, *r, nil)
		return err
	}
	var transition error
	_, err := s.cfg.Store.RecordReceipt(ctx, *r, func(p *pagopa.Position) error {
		transition = nil
		o, ok := p.Option(r.IUV)
		if !ok {
			return fmt.Errorf("station: receipt for iuv %s: %w", r.IUV, pagopa.ErrNotFound)
		}
		if err := r.CheckAgainst(o); err != nil {
			return err
		}
		if o.Status != pagopa.OptionUnpaid && o.ReceiptID == r.ReceiptID {
			return nil // the option already records this payment (e.g. from GPD)
		}
		at := r.PaymentDateTime
		if at.IsZero() {
			at = r.ReceivedAt
		}
		err := p.MarkPaid(r.IUV, r.ReceiptID, at)
		if errors.Is(err, pagopa.ErrAlreadyPaid) {
			return err // paid by another payment: the store keeps r as a double payment
		}
		// The money has moved: keep the receipt even if the position
		// cannot take it (e.g. invalidated meanwhile), and log it.
		transition = err
		return nil
	})
	if errors.Is(err, pagopa.ErrNotFound) {
		return newFault(FaultSemantic, "creditorReferenceId "+string(r.IUV)+" is unknown")
	}
	if err == nil && transition != nil {
		s.log.WarnContext(ctx, "station: receipt stored but the position did not change", "receipt", r, "err", transition)
	}
	return err
}

// notify calls OnDoublePayment for a double payment, if set, and OnReceipt
// otherwise, recovering a panic.
func (s *Station) notify(ctx context.Context, r pagopa.Receipt) {
	hook, name := s.cfg.OnReceipt, "OnReceipt"
	if r.DoublePayment && s.cfg.OnDoublePayment != nil {
		hook, name = s.cfg.OnDoublePayment, "OnDoublePayment"
	}
	if hook == nil {
		return
	}
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(ctx, "station: "+name+" panicked", "panic", v, "receipt", r)
		}
	}()
	hook(ctx, r)
}

// receiptOf converts and checks a ctReceipt or ctReceiptV2.
func receiptOf(x *xReceipt, v2 bool) (pagopa.Receipt, error) {
	if x == nil {
		return pagopa.Receipt{}, syntaxErr("receipt is required")
	}
	var r pagopa.Receipt
	var err error
	check := func(name, v string, max int) {
		if err == nil {
			if e := text(v, max); e != nil {
				err = syntaxErr("receipt.%s: %v", name, e)
			}
		}
	}
	optional := func(name, v string, max int) {
		if v != "" {
			check(name, v, max)
		}
	}
	if x.ReceiptID == "" {
		return r, syntaxErr("receipt.receiptId is required")
	}
	if !digits(x.NoticeNumber, 18) {
		return r, syntaxErr("receipt.noticeNumber must be 18 digits")
	}
	if !digits(x.FiscalCode, 11) {
		return r, syntaxErr("receipt.fiscalCode must be 11 digits")
	}
	if x.Outcome != pagopa.OutcomeOK && x.Outcome != pagopa.OutcomeKO {
		return r, syntaxErr("receipt.outcome must be OK or KO")
	}
	check("creditorReferenceId", x.CreditorReferenceID, 35)
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
	if v2 {
		optional("paymentNote", x.PaymentNote, 210)
		optional("idBundle", x.IDBundle, 70)
		optional("idCiBundle", x.IDCIBundle, 70)
	}
	if err != nil {
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
	if r.Amount, err = pagopa.ParseAmount(x.PaymentAmount); err != nil {
		return r, syntaxErr("receipt.paymentAmount: %v", err)
	}
	if r.Fee, err = optAmount(x.Fee); err != nil {
		return r, syntaxErr("receipt.fee: %v", err)
	}
	if r.PrimaryCIIncurredFee, err = optAmount(x.PrimaryCIIncurredFee); err != nil {
		return r, syntaxErr("receipt.primaryCiIncurredFee: %v", err)
	}
	if r.Debtor, err = subjectOf(x.Debtor, "debtor"); err != nil {
		return r, err
	}
	if x.Payer != nil {
		p, err := subjectOf(x.Payer, "payer")
		if err != nil {
			return r, err
		}
		r.Payer = &p
	}
	if x.PaymentDateTime != "" {
		if r.PaymentDateTime, err = pagopa.ParseDateTime(x.PaymentDateTime); err != nil {
			return r, syntaxErr("receipt.paymentDateTime: %v", err)
		}
	}
	if x.ApplicationDate != "" {
		if r.ApplicationDate, err = pagopa.ParseDate(x.ApplicationDate); err != nil {
			return r, syntaxErr("receipt.applicationDate: %v", err)
		}
	}
	if x.TransferDate != "" {
		if r.TransferDate, err = pagopa.ParseDate(x.TransferDate); err != nil {
			return r, syntaxErr("receipt.transferDate: %v", err)
		}
	}
	switch x.StandIn {
	case "", "false", "0":
	case "true", "1":
		r.StandIn = true
	default:
		return r, syntaxErr("receipt.standIn is not a boolean")
	}
	if r.Metadata, err = metadataOf(x.Metadata); err != nil {
		return r, err
	}
	if x.TransferList == nil || len(x.TransferList.Transfer) == 0 || len(x.TransferList.Transfer) > 5 {
		return r, syntaxErr("receipt.transferList must hold 1..5 transfers")
	}
	for i := range x.TransferList.Transfer {
		t, err := transferOf(&x.TransferList.Transfer[i], v2)
		if err != nil {
			return r, err
		}
		r.Transfers = append(r.Transfers, t)
	}
	return r, nil
}

func transferOf(x *xReceiptTransfer, v2 bool) (pagopa.ReceiptTransfer, error) {
	var t pagopa.ReceiptTransfer
	id, err := strconv.Atoi(x.IDTransfer)
	if err != nil || id < 1 || id > 5 {
		return t, syntaxErr("transfer.idTransfer must be 1..5")
	}
	t.ID = id
	if t.Amount, err = pagopa.ParseAmount(x.TransferAmount); err != nil || t.Amount < 1 {
		return t, syntaxErr("transfer.transferAmount must be at least 0.01")
	}
	if !digits(x.FiscalCodePA, 11) {
		return t, syntaxErr("transfer.fiscalCodePA must be 11 digits")
	}
	t.OrganizationFiscalCode = x.FiscalCodePA
	if x.CompanyName != "" {
		if !v2 {
			return t, syntaxErr("transfer.companyName is a V2 element")
		}
		if err := text(x.CompanyName, 140); err != nil {
			return t, err
		}
		t.CompanyName = x.CompanyName
	}
	switch {
	case x.IBAN != nil && x.MBDAttachment == nil:
		if err := text(*x.IBAN, 35); err != nil {
			return t, err
		}
		t.IBAN = *x.IBAN
	case x.MBDAttachment != nil && x.IBAN == nil && v2:
		if t.MBDAttachment, err = base64.StdEncoding.DecodeString(*x.MBDAttachment); err != nil {
			return t, syntaxErr("transfer.MBDAttachment is not base64")
		}
	default:
		return t, syntaxErr("transfer needs exactly one of IBAN and MBDAttachment")
	}
	if err := text(x.RemittanceInformation, 140); err != nil {
		return t, err
	}
	if err := text(x.TransferCategory, 140); err != nil {
		return t, err
	}
	t.RemittanceInformation, t.Category = x.RemittanceInformation, x.TransferCategory
	t.Metadata, err = metadataOf(x.Metadata)
	return t, err
}

func subjectOf(x *xSubject, name string) (pagopa.Debtor, error) {
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
	if err := text(x.FullName, 70); err != nil {
		return pagopa.Debtor{}, syntaxErr("%s.fullName: %v", name, err)
	}
	return pagopa.Debtor{
		Type: pagopa.DebtorType(u.Type), FiscalCode: u.Value, FullName: x.FullName,
		StreetName: x.StreetName, CivicNumber: x.CivicNumber, PostalCode: x.PostalCode, City: x.City,
		Province: x.StateProvinceRegion, Country: x.Country, Email: x.Email,
	}, nil
}

func metadataOf(x *xMetadata) ([]pagopa.Metadata, error) {
	if x == nil {
		return nil, nil
	}
	if len(x.MapEntry) == 0 || len(x.MapEntry) > 15 {
		return nil, syntaxErr("metadata must hold 1..15 entries")
	}
	md := make([]pagopa.Metadata, 0, len(x.MapEntry))
	for _, e := range x.MapEntry {
		if text(e.Key, 140) != nil || text(e.Value, 140) != nil {
			return nil, syntaxErr("metadata key and value must be 1..140 characters")
		}
		md = append(md, pagopa.Metadata{Key: e.Key, Value: e.Value})
	}
	return md, nil
}

func optAmount(s *string) (pagopa.Amount, error) {
	if s == nil {
		return 0, nil
	}
	return pagopa.ParseAmount(*s)
}
