package gpd

import (
	"strconv"

	"github.com/siopi/siopi/pagopa"
)

// FromCore converts a core position to the GPD v1 wire form. Read-only fields (statuses, payment
// dates) are carried over so that a fake server can answer with them; the client strips them
// before sending.
func FromCore(p pagopa.Position) Position {
	d := p.Debtor
	standIn := p.PayStandIn
	out := Position{
		IUPD: p.IUPD, Type: DebtorType(d.Type), PayStandIn: &standIn,
		FiscalCode: d.FiscalCode, FullName: d.FullName, StreetName: d.StreetName, CivicNumber: d.CivicNumber,
		PostalCode: d.PostalCode, City: d.City, Province: d.Province, Region: d.Region, Country: d.Country,
		Email: d.Email, Phone: d.Phone,
		SwitchToExpired: p.SwitchToExpired, CompanyName: p.CompanyName, OfficeName: p.OfficeName,
		ValidityDate: NewDateTime(p.ValidityDate),
		Status:       Status(p.Status), PaymentDate: NewDateTime(p.PaymentDate),
		OrganizationFiscalCode: p.OrganizationFiscalCode,
		InsertedDate:           NewDateTime(p.CreatedAt), LastUpdatedDate: NewDateTime(p.UpdatedAt),
	}
	for _, o := range p.Options {
		out.PaymentOptions = append(out.PaymentOptions, optionFromCore(o))
	}
	return out
}

func optionFromCore(o pagopa.PaymentOption) Option {
	out := Option{
		NAV: string(o.NoticeNumber), IUV: string(o.IUV), Amount: o.Amount.Cents(), Description: o.Description,
		IsPartialPayment: o.Installment, DueDate: NewDateTime(o.DueDate), RetentionDate: NewDateTime(o.RetentionDate),
		Metadata: metadataFromCore(o.Metadata), Status: OptionStatus(o.Status),
		PaymentDate: NewDateTime(o.PaymentDate), ReceiptID: o.ReceiptID,
	}
	for _, t := range o.Transfers {
		out.Transfers = append(out.Transfers, transferFromCore(t))
	}
	return out
}

func transferFromCore(t pagopa.Transfer) Transfer {
	out := Transfer{
		ID: strconv.Itoa(t.ID), Amount: t.Amount.Cents(), OrganizationFiscalCode: t.OrganizationFiscalCode,
		RemittanceInformation: t.RemittanceInformation, Category: t.Category, IBAN: t.IBAN, PostalIBAN: t.PostalIBAN,
		CompanyName: t.CompanyName, Metadata: metadataFromCore(t.Metadata), Status: TransferStatus(t.Status),
	}
	if t.Stamp != nil {
		out.Stamp = &Stamp{HashDocument: t.Stamp.HashDocument, StampType: t.Stamp.Type, ProvincialResidence: t.Stamp.ProvincialResidence}
	}
	return out
}

// ToCore converts a GPD v1 position of the EC org to the core form. A transfer id that is not a
// number becomes 0 (which the core validation rejects).
func (p Position) ToCore(org string) pagopa.Position {
	if p.OrganizationFiscalCode != "" {
		org = p.OrganizationFiscalCode
	}
	out := pagopa.Position{
		OrganizationFiscalCode: org, IUPD: p.IUPD,
		Debtor: pagopa.Debtor{
			Type: pagopa.DebtorType(p.Type), FiscalCode: p.FiscalCode, FullName: p.FullName,
			StreetName: p.StreetName, CivicNumber: p.CivicNumber, PostalCode: p.PostalCode, City: p.City,
			Province: p.Province, Region: p.Region, Country: p.Country, Email: p.Email, Phone: p.Phone,
		},
		CompanyName: p.CompanyName, OfficeName: p.OfficeName, SwitchToExpired: p.SwitchToExpired,
		PayStandIn: p.PayStandIn == nil || *p.PayStandIn, ValidityDate: p.ValidityDate.Time,
		Status: pagopa.PositionStatus(p.Status), PaymentDate: p.PaymentDate.Time,
		CreatedAt: p.InsertedDate.Time, UpdatedAt: p.LastUpdatedDate.Time,
	}
	for _, o := range p.PaymentOptions {
		out.Options = append(out.Options, o.toCore())
	}
	return out
}

func (o Option) toCore() pagopa.PaymentOption {
	out := pagopa.PaymentOption{
		IUV: pagopa.IUV(o.IUV), NoticeNumber: pagopa.NoticeNumber(o.NAV), Amount: pagopa.Amount(o.Amount),
		Description: o.Description, Installment: o.IsPartialPayment, DueDate: o.DueDate.Time,
		RetentionDate: o.RetentionDate.Time, Metadata: metadataToCore(o.Metadata),
		Status: pagopa.OptionStatus(o.Status), PaymentDate: o.PaymentDate.Time, ReceiptID: o.ReceiptID,
	}
	for _, t := range o.Transfers {
		out.Transfers = append(out.Transfers, t.toCore())
	}
	return out
}

func (t Transfer) toCore() pagopa.Transfer {
	id, _ := strconv.Atoi(t.ID)
	out := pagopa.Transfer{
		ID: id, Amount: pagopa.Amount(t.Amount), OrganizationFiscalCode: t.OrganizationFiscalCode,
		CompanyName: t.CompanyName, RemittanceInformation: t.RemittanceInformation, Category: t.Category,
		IBAN: t.IBAN, PostalIBAN: t.PostalIBAN, Metadata: metadataToCore(t.Metadata), Status: pagopa.TransferStatus(t.Status),
	}
	if t.Stamp != nil {
		out.Stamp = &pagopa.Stamp{HashDocument: t.Stamp.HashDocument, Type: t.Stamp.StampType, ProvincialResidence: t.Stamp.ProvincialResidence}
	}
	return out
}

func metadataFromCore(md []pagopa.Metadata) []Metadata {
	if len(md) == 0 {
		return nil
	}
	out := make([]Metadata, len(md))
	for i, m := range md {
		out[i] = Metadata{Key: m.Key, Value: m.Value}
	}
	return out
}

func metadataToCore(md []Metadata) []pagopa.Metadata {
	if len(md) == 0 {
		return nil
	}
	out := make([]pagopa.Metadata, len(md))
	for i, m := range md {
		out[i] = pagopa.Metadata{Key: m.Key, Value: m.Value}
	}
	return out
}
