package notice

import (
	"cmp"
	"slices"
	"strings"

	"github.com/siopi/siopi/pagopa"
)

// FromPosition builds a notice for the core position p: its first full-payment option becomes
// [Notice.Single] and its instalment options, by due date, [Notice.Instalments]; the debtor comes
// from p. Options already paid are left out. The subject defaults to the first option's
// description.
func FromPosition(p *pagopa.Position, subject string, c Creditor) *Notice {
	if c.FiscalCode == "" {
		c.FiscalCode = p.OrganizationFiscalCode
	}
	if c.Name == "" {
		c.Name = p.CompanyName
	}
	if c.Sector == "" {
		c.Sector = p.OfficeName
	}
	d := p.Debtor
	n := &Notice{
		Subject:  subject,
		Creditor: c,
		Debtor: Debtor{FiscalCode: d.FiscalCode, FullName: d.FullName,
			Address: strings.TrimSpace(d.StreetName + " " + d.CivicNumber), PostalCode: d.PostalCode,
			City: d.City, Province: d.Province},
	}
	for _, o := range p.Options {
		if n.Subject == "" {
			n.Subject = o.Description
		}
		if o.Status != "" && o.Status != pagopa.OptionUnpaid {
			continue
		}
		pay := Payment{NAV: o.NoticeNumber, Amount: o.Amount, DueDate: o.DueDate}
		switch {
		case o.Installment:
			n.Instalments = append(n.Instalments, pay)
		case n.Single == nil:
			n.Single = &pay
		}
	}
	slices.SortStableFunc(n.Instalments, func(a, b Payment) int { return cmp.Compare(a.DueDate.Unix(), b.DueDate.Unix()) })
	return n
}
