package gpdtest

import (
	"fmt"
	"net/http"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

// fromV3 maps a v3 position onto the v1 form the core model holds: a plan with one instalment is a
// full-payment option, the instalments of a longer plan are partial options. The fake keeps one
// debtor per position, so every plan must name the same debtor.
func fromV3(in gpd.PositionV3) (gpd.Position, error) {
	out := gpd.Position{IUPD: in.IUPD, PayStandIn: in.PayStandIn, CompanyName: in.CompanyName, OfficeName: in.OfficeName}
	if len(in.PaymentOptions) == 0 {
		return out, fmt.Errorf("paymentOption: at least one plan is required")
	}
	first := in.PaymentOptions[0]
	d := first.Debtor
	out.Type, out.FiscalCode, out.FullName = d.Type, d.FiscalCode, d.FullName
	out.StreetName, out.CivicNumber, out.PostalCode, out.City = d.StreetName, d.CivicNumber, d.PostalCode, d.City
	out.Province, out.Region, out.Country, out.Email, out.Phone = d.Province, d.Region, d.Country, d.Email, d.Phone
	out.ValidityDate, out.SwitchToExpired = first.ValidityDate, first.SwitchToExpired
	for i, plan := range in.PaymentOptions {
		if plan.Debtor.FiscalCode != d.FiscalCode {
			return out, fmt.Errorf("paymentOption[%d].debtor: the fake supports one debtor per position", i)
		}
		for _, in := range plan.Installments {
			out.PaymentOptions = append(out.PaymentOptions, gpd.Option{
				IUV: in.IUV, Amount: in.Amount, Description: in.Description, IsPartialPayment: len(plan.Installments) > 1,
				DueDate: in.DueDate, RetentionDate: plan.RetentionDate, Transfers: in.Transfers, Metadata: in.Metadata,
			})
		}
	}
	return out, nil
}

// toV3 shows a core position in the v3 shape.
func toV3(p pagopa.Position) gpd.PositionV3 {
	v1 := gpd.FromCore(p)
	out := gpd.PositionV3{IUPD: p.IUPD, PayStandIn: v1.PayStandIn, CompanyName: p.CompanyName, OfficeName: p.OfficeName,
		Status: statusV3(p.Status), PaymentDate: v1.PaymentDate, OrganizationFiscalCode: p.OrganizationFiscalCode,
		InsertedDate: v1.InsertedDate, LastUpdatedDate: v1.LastUpdatedDate}
	debtor := gpd.DebtorV3{Type: v1.Type, FiscalCode: v1.FiscalCode, FullName: v1.FullName, StreetName: v1.StreetName,
		CivicNumber: v1.CivicNumber, PostalCode: v1.PostalCode, City: v1.City, Province: v1.Province, Region: v1.Region,
		Country: v1.Country, Email: v1.Email, Phone: v1.Phone}
	var plan *gpd.OptionV3
	for _, o := range v1.PaymentOptions {
		in := gpd.InstallmentV3{NAV: o.NAV, IUV: o.IUV, Amount: o.Amount, Description: o.Description, DueDate: o.DueDate,
			Transfers: o.Transfers, Metadata: o.Metadata, Status: installmentStatus(p.Status, o.Status),
			PaymentDate: o.PaymentDate, ReceiptID: o.ReceiptID, OrganizationFiscalCode: p.OrganizationFiscalCode}
		opt := gpd.OptionV3{ValidityDate: v1.ValidityDate, RetentionDate: o.RetentionDate, SwitchToExpired: p.SwitchToExpired,
			Debtor: debtor, Installments: []gpd.InstallmentV3{in}}
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

func statusV3(s pagopa.PositionStatus) gpd.Status {
	switch s {
	case pagopa.StatusInvalid, pagopa.StatusExpired:
		return gpd.StatusUnpayable
	case pagopa.StatusReported:
		return gpd.StatusPaid
	}
	return gpd.Status(s)
}

func installmentStatus(p pagopa.PositionStatus, o gpd.OptionStatus) gpd.InstallmentStatus {
	switch o {
	case gpd.OptionPaid:
		return gpd.InstallmentPaid
	case gpd.OptionPartiallyReported:
		return gpd.InstallmentPartiallyReported
	case gpd.OptionReported:
		return gpd.InstallmentReported
	}
	switch p {
	case pagopa.StatusInvalid:
		return gpd.InstallmentUnpayable
	case pagopa.StatusExpired:
		return gpd.InstallmentExpired
	}
	return gpd.InstallmentUnpaid
}

func (f *Fake) decodeV3(w http.ResponseWriter, r *http.Request) (gpd.Position, bool) {
	var in gpd.PositionV3
	if !decode(w, r, &in) {
		return gpd.Position{}, false
	}
	if iupd := r.PathValue("iupd"); iupd != "" {
		in.IUPD = iupd
	}
	if err := gpd.ValidatePositionV3(in, f.now()); err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
		return gpd.Position{}, false
	}
	v1, err := fromV3(in)
	if err != nil {
		writeProblem(w, http.StatusBadRequest, titleRequestData, err.Error())
		return gpd.Position{}, false
	}
	return v1, true
}

func v3View(p pagopa.Position) any { return toV3(p) }

func (f *Fake) createV3(w http.ResponseWriter, r *http.Request) {
	if in, ok := f.decodeV3(w, r); ok {
		f.create(w, r, in, v3View)
	}
}

func (f *Fake) updateV3(w http.ResponseWriter, r *http.Request) {
	if in, ok := f.decodeV3(w, r); ok {
		f.update(w, r, in, v3View)
	}
}

func (f *Fake) getV3(w http.ResponseWriter, r *http.Request) {
	org, iupd := r.PathValue("org"), r.PathValue("iupd")
	p, err := f.read(r.Context(), org, iupd)
	if err != nil {
		storeError(w, err, org, iupd)
		return
	}
	writeJSON(w, http.StatusOK, toV3(p))
}

func (f *Fake) listV3(w http.ResponseWriter, r *http.Request) {
	ps, info, ok := f.list(w, r, func(p pagopa.Position) string { return string(statusV3(p.Status)) })
	if !ok {
		return
	}
	out := make([]gpd.PositionV3, len(ps))
	for i, p := range ps {
		out[i] = toV3(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"payment_position_list": out, "page_info": info})
}
