package pagopa

import (
	"fmt"
	"time"
)

// SetDefaults fills what a new position leaves empty: status DRAFT, option
// and transfer statuses, the aux-3 notice number of 17-digit IUVs, and the
// owner as the beneficiary of transfers that name none. Call it before
// [Position.Validate] on a position built by hand.
func (p *Position) SetDefaults() {
	if p.Status == "" {
		p.Status = StatusDraft
	}
	for i := range p.Options {
		o := &p.Options[i]
		if o.Status == "" {
			o.Status = OptionUnpaid
		}
		if o.NoticeNumber == "" && len(o.IUV) == 17 {
			if n, err := o.IUV.NoticeNumber(); err == nil {
				o.NoticeNumber = n
			}
		}
		for j := range o.Transfers {
			t := &o.Transfers[j]
			if t.Status == "" {
				t.Status = TransferUnreported
			}
			if t.OrganizationFiscalCode == "" {
				t.OrganizationFiscalCode = p.OrganizationFiscalCode
			}
		}
	}
}

// Publish moves a DRAFT position to VALID, or to PUBLISHED when its validity
// date is in the future ([GPD] PublishPaymentUtil). A zero validity date
// becomes now. Publishing is refused when the validity date has already
// started or a due date is past.
func (p *Position) Publish(now time.Time) error {
	if p.Status != StatusDraft {
		return &TransitionError{Action: "publish", From: p.Status}
	}
	for _, o := range p.Options {
		if o.DueDate.Before(now) {
			return &TransitionError{Action: "publish (due date passed)", From: p.Status, Kind: ErrExpired}
		}
	}
	switch {
	case p.ValidityDate.IsZero():
		p.ValidityDate = now
		p.Status = StatusValid
	case p.ValidityDate.Before(now):
		return &TransitionError{Action: "publish (validity date passed)", From: p.Status}
	default:
		p.Status = StatusPublished
	}
	return nil
}

// Refresh applies the scheduled transitions due at now: PUBLISHED → VALID
// when the validity date is reached, and VALID → EXPIRED when
// SwitchToExpired is set and every due date has passed. It reports whether
// the status changed.
func (p *Position) Refresh(now time.Time) bool {
	before := p.Status
	if p.Status == StatusPublished && !now.Before(p.ValidityDate) {
		p.Status = StatusValid
	}
	if p.Status == StatusValid && p.SwitchToExpired && len(p.Options) > 0 {
		expired := true
		for _, o := range p.Options {
			if !o.DueDate.Before(now) {
				expired = false
			}
		}
		if expired {
			p.Status = StatusExpired
		}
	}
	return p.Status != before
}

// Invalidate cancels a PUBLISHED or VALID position (→ INVALID).
func (p *Position) Invalidate() error {
	if p.Status != StatusPublished && p.Status != StatusValid {
		return &TransitionError{Action: "invalidate", From: p.Status, Kind: paidKind(p.Status)}
	}
	p.Status = StatusInvalid
	return nil
}

// CheckUpdate reports whether p may be updated: not once INVALID or (partly)
// paid. An update returns the position to DRAFT unless it is republished.
func (p *Position) CheckUpdate() error {
	switch p.Status {
	case StatusInvalid, StatusPartiallyPaid, StatusPaid, StatusReported:
		return &TransitionError{Action: "update", From: p.Status, Kind: paidKind(p.Status)}
	}
	return nil
}

// CheckDelete reports whether p may be deleted: not once (partly) paid.
func (p *Position) CheckDelete() error {
	switch p.Status {
	case StatusPartiallyPaid, StatusPaid, StatusReported:
		return &TransitionError{Action: "delete", From: p.Status, Kind: ErrAlreadyPaid}
	}
	return nil
}

func paidKind(s PositionStatus) error {
	switch s {
	case StatusPartiallyPaid, StatusPaid, StatusReported:
		return ErrAlreadyPaid
	}
	return nil
}

// Payable returns the option with the given IUV if it can be paid at now, or
// an error matching the reason it cannot, which the station turns into the
// node's fault:
//   - [ErrNotFound]: no such option, or the position is a DRAFT or not yet valid;
//   - [ErrAlreadyPaid]: the option is paid, the position is PAID or REPORTED,
//     or a full-payment option of a position already partly paid by instalments;
//   - [ErrExpired]: the position is EXPIRED, or SwitchToExpired is set and the
//     option's due date has passed;
//   - [ErrCancelled]: the position is INVALID.
//
// Payable applies [Position.Refresh] to a copy of the status first, so a
// scheduler that lags does not make a due position payable.
func (p *Position) Payable(iuv IUV, now time.Time) (*PaymentOption, error) {
	o, ok := p.Option(iuv)
	if !ok {
		return nil, fmt.Errorf("pagopa: iuv %s: %w", iuv, ErrNotFound)
	}
	q := Position{Status: p.Status, ValidityDate: p.ValidityDate, SwitchToExpired: p.SwitchToExpired, Options: p.Options}
	q.Refresh(now)
	switch q.Status {
	case StatusDraft, StatusPublished:
		return nil, fmt.Errorf("pagopa: iuv %s: position %s: %w", iuv, q.Status, ErrNotFound)
	case StatusInvalid:
		return nil, fmt.Errorf("pagopa: iuv %s: %w", iuv, ErrCancelled)
	case StatusExpired:
		return nil, fmt.Errorf("pagopa: iuv %s: %w", iuv, ErrExpired)
	case StatusPaid, StatusReported:
		return nil, fmt.Errorf("pagopa: iuv %s: position %s: %w", iuv, q.Status, ErrAlreadyPaid)
	}
	if o.Status != OptionUnpaid {
		return nil, fmt.Errorf("pagopa: iuv %s: %w", iuv, ErrAlreadyPaid)
	}
	if q.Status == StatusPartiallyPaid && !o.Installment {
		return nil, fmt.Errorf("pagopa: iuv %s: instalments already paid: %w", iuv, ErrAlreadyPaid)
	}
	if p.SwitchToExpired && o.DueDate.Before(now) {
		return nil, fmt.Errorf("pagopa: iuv %s: %w", iuv, ErrExpired)
	}
	return o, nil
}

// MarkPaid records the payment of the option with the given IUV: the option
// becomes PO_PAID and the position PAID (a full option, or the last unpaid
// instalment) or PARTIALLY_PAID. A VALID or PARTIALLY_PAID position accepts
// it; so does an EXPIRED one, because a payment activated before expiry
// still concludes with a receipt the creditor body must keep.
func (p *Position) MarkPaid(iuv IUV, receiptID string, at time.Time) error {
	o, ok := p.Option(iuv)
	if !ok {
		return fmt.Errorf("pagopa: mark paid: iuv %s: %w", iuv, ErrNotFound)
	}
	switch p.Status {
	case StatusValid, StatusPartiallyPaid, StatusExpired:
	case StatusPublished:
		if at.Before(p.ValidityDate) {
			return &TransitionError{Action: "mark paid", From: p.Status}
		}
	default:
		return &TransitionError{Action: "mark paid", From: p.Status, Kind: paidKind(p.Status)}
	}
	if o.Status != OptionUnpaid {
		return &TransitionError{Action: "mark paid (option " + string(o.Status) + ")", From: p.Status, Kind: ErrAlreadyPaid}
	}
	if p.Status == StatusPartiallyPaid && !o.Installment {
		return &TransitionError{Action: "mark paid (full option after instalments)", From: p.Status, Kind: ErrAlreadyPaid}
	}
	o.Status = OptionPaid
	o.PaymentDate = at
	o.ReceiptID = receiptID
	p.PaymentDate = at
	if !o.Installment {
		p.Status = StatusPaid
		return nil
	}
	for _, x := range p.Options {
		if x.Installment && x.Status == OptionUnpaid {
			p.Status = StatusPartiallyPaid
			return nil
		}
	}
	p.Status = StatusPaid
	return nil
}

// MarkReported records that transfer transferID of the paid option iuv was
// reported in a flow (FdR) without naming it; see [Position.MarkReportedIn].
func (p *Position) MarkReported(iuv IUV, transferID int) error {
	return p.MarkReportedIn(iuv, transferID, "")
}

// MarkReportedIn records that transfer transferID of the paid option iuv was
// reported in the flow (FdR) flowID, kept in [Transfer.ReportedIn]. The
// option becomes PO_PARTIALLY_REPORTED or PO_REPORTED; a PAID position whose
// paid options are all reported becomes REPORTED. A PARTIALLY_PAID position
// stays so while instalments remain payable.
//
// Reporting a transfer again in the same flow, or with an empty flowID, is
// not an error and keeps the recorded flow (a re-run of a reconciliation).
// Reporting it in another flow than the recorded one returns an error
// matching [ErrConflict] and changes nothing: the PSP reported the money
// twice, an anomaly for an operator.
func (p *Position) MarkReportedIn(iuv IUV, transferID int, flowID string) error {
	o, ok := p.Option(iuv)
	if !ok {
		return fmt.Errorf("pagopa: mark reported: iuv %s: %w", iuv, ErrNotFound)
	}
	if o.Status == OptionUnpaid {
		return &TransitionError{Action: "mark reported (option unpaid)", From: p.Status}
	}
	found := false
	all := true
	for i := range o.Transfers {
		t := &o.Transfers[i]
		if t.ID == transferID {
			if flowID != "" && t.ReportedIn != "" && t.ReportedIn != flowID {
				return fmt.Errorf("pagopa: mark reported: iuv %s transfer %d in flow %s: already reported in %s: %w",
					iuv, transferID, flowID, t.ReportedIn, ErrConflict)
			}
			if t.ReportedIn == "" {
				t.ReportedIn = flowID
			}
			t.Status = TransferReported
			found = true
		}
		all = all && t.Status == TransferReported
	}
	if !found {
		return fmt.Errorf("pagopa: mark reported: iuv %s transfer %d: %w", iuv, transferID, ErrNotFound)
	}
	if all {
		o.Status = OptionReported
	} else {
		o.Status = OptionPartiallyReported
	}
	if p.Status != StatusPaid {
		return nil
	}
	for _, x := range p.Options {
		if x.Status == OptionPaid || x.Status == OptionPartiallyReported {
			return nil
		}
	}
	p.Status = StatusReported
	return nil
}
