package gpd

import (
	"fmt"

	"github.com/siopi/siopi/pagopa"
)

// ToV1 maps p onto the v1 model, which the core pagopa model follows: a plan with one instalment
// becomes a full-payment option, the instalments of a longer plan partial-payment options (GPD's
// own v1 view of a v3 position). v1 holds one debtor, validity date and expiry flag per position,
// taken from the first plan; a plan naming another debtor is an error matching [ErrInvalid].
func (p PositionV3) ToV1() (Position, error) {
	in := p
	out := Position{IUPD: in.IUPD, PayStandIn: in.PayStandIn, CompanyName: in.CompanyName, OfficeName: in.OfficeName}
	if len(in.PaymentOptions) == 0 {
		return out, fmt.Errorf("gpd: %w: paymentOption: at least one plan is required", ErrInvalid)
	}
	first := in.PaymentOptions[0]
	d := first.Debtor
	out.Type, out.FiscalCode, out.FullName = d.Type, d.FiscalCode, d.FullName
	out.StreetName, out.CivicNumber, out.PostalCode, out.City = d.StreetName, d.CivicNumber, d.PostalCode, d.City
	out.Province, out.Region, out.Country, out.Email, out.Phone = d.Province, d.Region, d.Country, d.Email, d.Phone
	out.ValidityDate, out.SwitchToExpired = first.ValidityDate, first.SwitchToExpired
	for i, plan := range in.PaymentOptions {
		if plan.Debtor.FiscalCode != d.FiscalCode {
			return out, fmt.Errorf("gpd: %w: paymentOption[%d].debtor differs from the first plan's", ErrInvalid, i)
		}
		for _, in := range plan.Installments {
			out.PaymentOptions = append(out.PaymentOptions, Option{
				IUV: in.IUV, Amount: in.Amount, Description: in.Description, IsPartialPayment: len(plan.Installments) > 1,
				DueDate: in.DueDate, RetentionDate: plan.RetentionDate, Transfers: in.Transfers, Metadata: in.Metadata,
			})
		}
	}
	return out, nil
}

// FromCoreV3 shows a core position in the v3 shape: each full-payment option is a plan of one
// instalment and the instalment options form one plan. INVALID and EXPIRED positions are
// UNPAYABLE in v3, REPORTED ones PAID.
func FromCoreV3(p pagopa.Position) PositionV3 {
	v1 := FromCore(p)
	out := PositionV3{IUPD: p.IUPD, PayStandIn: v1.PayStandIn, CompanyName: p.CompanyName, OfficeName: p.OfficeName,
		Status: statusV3(p.Status), PaymentDate: v1.PaymentDate, OrganizationFiscalCode: p.OrganizationFiscalCode,
		InsertedDate: v1.InsertedDate, LastUpdatedDate: v1.LastUpdatedDate}
	debtor := DebtorV3{Type: v1.Type, FiscalCode: v1.FiscalCode, FullName: v1.FullName, StreetName: v1.StreetName,
		CivicNumber: v1.CivicNumber, PostalCode: v1.PostalCode, City: v1.City, Province: v1.Province, Region: v1.Region,
		Country: v1.Country, Email: v1.Email, Phone: v1.Phone}
	var plan *OptionV3
	for _, o := range v1.PaymentOptions {
		in := InstallmentV3{NAV: o.NAV, IUV: o.IUV, Amount: o.Amount, Description: o.Description, DueDate: o.DueDate,
			Transfers: o.Transfers, Metadata: o.Metadata, Status: installmentStatus(p.Status, o.Status),
			PaymentDate: o.PaymentDate, ReceiptID: o.ReceiptID, OrganizationFiscalCode: p.OrganizationFiscalCode}
		opt := OptionV3{ValidityDate: v1.ValidityDate, RetentionDate: o.RetentionDate, SwitchToExpired: p.SwitchToExpired,
			Debtor: debtor, Installments: []InstallmentV3{in}}
		if !o.IsPartialPayment {
			out.PaymentOptions = append(out.PaymentOptions, opt)
			continue
		}
		if plan == nil {
			out.PaymentOptions = append(out.PaymentOptions, opt)
			plan = &out.PaymentOptions[len(out.PaymentOptions)-1]
			continue
		}
		plan.Installments = append(plan.Installments, in)
	}
	return out
}

func statusV3(s pagopa.PositionStatus) Status {
	switch s {
	case pagopa.StatusInvalid, pagopa.StatusExpired:
		return StatusUnpayable
	case pagopa.StatusReported:
		return StatusPaid
	}
	return Status(s)
}

func installmentStatus(p pagopa.PositionStatus, o OptionStatus) InstallmentStatus {
	switch o {
	case OptionPaid:
		return InstallmentPaid
	case OptionPartiallyReported:
		return InstallmentPartiallyReported
	case OptionReported:
		return InstallmentReported
	}
	switch p {
	case pagopa.StatusInvalid:
		return InstallmentUnpayable
	case pagopa.StatusExpired:
		return InstallmentExpired
	}
	return InstallmentUnpaid
}

// ToCore converts p to the core model through [PositionV3.ToV1].
func (p PositionV3) ToCore(org string) (pagopa.Position, error) {
	v1, err := p.ToV1()
	if err != nil {
		return pagopa.Position{}, err
	}
	return v1.ToCore(org), nil
}
