package station

import (
	"context"
	"errors"
	"fmt"

	"github.com/siopi/siopi/pagopa"
)

// sendRT serves paSendRT and paSendRTV2: it stores the receipt once, marks
// the option paid, and reports the receipt to the host. A double payment is
// stored too, answered OK and reported to the host for a refund.
func (s *Station) sendRT(ctx context.Context, op *operation, q *xSendRTReq, out *xw) {
	v2 := op.name == "paSendRTV2"
	r, err := q.Receipt.Receipt(pagopa.ReceiptXMLRules{V2: v2, XSD: true})
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
