package main

import (
	"context"
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa"
)

type demo struct {
	nav    pagopa.NoticeNumber
	amount pagopa.Amount
	due    time.Time
	state  string
}

// seed stores the demo positions: payable ones (one with a stamp, one in
// instalments), one expired and one invalidated.
func seed(ctx context.Context, store pagopa.Store, ec string, segregation int, now time.Time) ([]demo, error) {
	seq := &pagopa.MemorySequence{}
	var out []demo
	add := func(desc string, amounts []pagopa.Amount, due time.Time, state string, edit func(*pagopa.Position) error) error {
		p := pagopa.Position{
			OrganizationFiscalCode: ec,
			IUPD:                   fmt.Sprintf("%s-demo-%d", ec, len(out)+1),
			Debtor: pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi",
				City: "Milano", Country: "IT"},
			CompanyName: "Comune demo", OfficeName: "Ufficio Tributi", PayStandIn: true,
		}
		for i, a := range amounts {
			nav, err := pagopa.NextNoticeNumber(ctx, seq, ec, segregation)
			if err != nil {
				return err
			}
			p.Options = append(p.Options, pagopa.PaymentOption{
				IUV: nav.IUV(), NoticeNumber: nav, Amount: a, Description: desc, Installment: len(amounts) > 1,
				DueDate: due.AddDate(0, i, 0),
				Transfers: []pagopa.Transfer{{ID: 1, Amount: a, RemittanceInformation: desc, Category: "9/0101101IM/",
					IBAN: "IT60X0542811101000000123456"}},
			})
		}
		p.SetDefaults()
		validAt := now
		if due.Before(now) {
			validAt = due.AddDate(0, -1, 0)
			p.SwitchToExpired = true
		}
		if err := p.Validate(validAt); err != nil {
			return err
		}
		if err := p.Publish(validAt); err != nil {
			return err
		}
		if edit != nil {
			if err := edit(&p); err != nil {
				return err
			}
		}
		if _, err := store.CreatePosition(ctx, p); err != nil {
			return err
		}
		for _, o := range p.Options {
			out = append(out, demo{o.NoticeNumber, o.Amount, o.DueDate, state})
		}
		return nil
	}
	due := now.AddDate(0, 1, 0)
	steps := []error{
		add("TARI 2026 - rata unica", []pagopa.Amount{12050}, due, "payable", nil),
		add("Mensa scolastica marzo", []pagopa.Amount{4580}, due, "payable", nil),
		add("Certificato con marca da bollo", []pagopa.Amount{1600}, due, "payable (stamp)", func(p *pagopa.Position) error {
			t := &p.Options[0].Transfers[0]
			t.IBAN = ""
			t.Stamp = &pagopa.Stamp{HashDocument: "wHpFSLCGZjIvNSXxqtGbxg7275t446DRTk5ZrsdUQ6E=", Type: "01", ProvincialResidence: "MI"}
			return nil
		}),
		add("IMU 2026 a rate", []pagopa.Amount{20000, 20000}, due, "payable (instalment)", nil),
		add("Sanzione CdS", []pagopa.Amount{8700}, now.AddDate(0, 0, -10), "expired -> PAA_PAGAMENTO_SCADUTO",
			func(p *pagopa.Position) error { p.Refresh(now); return nil }),
		add("Occupazione suolo pubblico", []pagopa.Amount{3000}, due, "invalidated -> PAA_PAGAMENTO_ANNULLATO",
			func(p *pagopa.Position) error { return p.Invalidate() }),
	}
	for _, err := range steps {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
