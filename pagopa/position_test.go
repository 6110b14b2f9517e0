package pagopa_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
)

const ec = "01199250158" // Comune di Milano

var t0 = time.Date(2026, time.March, 1, 10, 0, 0, 0, time.UTC)

// position returns a valid DRAFT position with one full option of 100.00
// split 70.00 + 30.00 and two instalments of 50.00.
func position() pagopa.Position {
	n1, _ := pagopa.NewNoticeNumber(1, 1)
	n2, _ := pagopa.NewNoticeNumber(1, 2)
	n3, _ := pagopa.NewNoticeNumber(1, 3)
	tr := func(id int, a pagopa.Amount) pagopa.Transfer {
		return pagopa.Transfer{ID: id, Amount: a, RemittanceInformation: "TARI 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}
	}
	p := pagopa.Position{
		OrganizationFiscalCode: ec,
		IUPD:                   ec + "-tari-1",
		Debtor:                 pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi", Country: "IT", Email: "mario.rossi@example.it"},
		CompanyName:            "Comune di Milano",
		SwitchToExpired:        true,
		Options: []pagopa.PaymentOption{
			{IUV: n1.IUV(), Amount: 10000, Description: "TARI 2026", DueDate: t0.AddDate(0, 1, 0), Transfers: []pagopa.Transfer{tr(1, 7000), tr(2, 3000)}},
			{IUV: n2.IUV(), Amount: 5000, Description: "TARI 2026 rata 1", Installment: true, DueDate: t0.AddDate(0, 1, 0), Transfers: []pagopa.Transfer{tr(1, 5000)}},
			{IUV: n3.IUV(), Amount: 5000, Description: "TARI 2026 rata 2", Installment: true, DueDate: t0.AddDate(0, 2, 0), Transfers: []pagopa.Transfer{tr(1, 5000)}},
		},
	}
	p.SetDefaults()
	return p
}

func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(p *pagopa.Position)
		field string // "" = valid
	}{
		{"valid", func(p *pagopa.Position) {}, ""},
		{"anonymous", func(p *pagopa.Position) { p.Debtor.FiscalCode = pagopa.AnonymousDebtor }, ""},
		{"legal person", func(p *pagopa.Position) {
			p.Debtor = pagopa.Debtor{Type: pagopa.LegalPerson, FiscalCode: "15376371009", FullName: "PagoPA S.p.A."}
		}, ""},
		{"stamp", func(p *pagopa.Position) {
			p.Options[1].Transfers[0].IBAN = ""
			p.Options[1].Transfers[0].Stamp = &pagopa.Stamp{HashDocument: "wHpFSLCGZjIvNSXxqtGbxg7275t446DRTk5ZrsdUQ6E=", Type: "01", ProvincialResidence: "MI"}
		}, ""},
		{"bad org", func(p *pagopa.Position) { p.OrganizationFiscalCode = "01199250159" }, "organizationFiscalCode"},
		{"bad debtor type", func(p *pagopa.Position) { p.Debtor.Type = "X" }, "debtor.type"},
		{"bad debtor cf", func(p *pagopa.Position) { p.Debtor.FiscalCode = "RSSMRA79B11C566X" }, "debtor.fiscalCode"},
		{"org code for person", func(p *pagopa.Position) { p.Debtor.FiscalCode = "15376371009" }, "debtor.fiscalCode"},
		{"long full name", func(p *pagopa.Position) { p.Debtor.FullName = strings.Repeat("a", 71) }, "debtor.fullName"},
		{"bad country", func(p *pagopa.Position) { p.Debtor.Country = "it" }, "debtor.country"},
		{"no company", func(p *pagopa.Position) { p.CompanyName = "" }, "companyName"},
		{"no options", func(p *pagopa.Position) { p.Options = nil }, "paymentOption"},
		{"duplicate iuv", func(p *pagopa.Position) {
			p.Options[1].IUV = p.Options[0].IUV
			p.Options[1].NoticeNumber = p.Options[0].NoticeNumber
		}, "paymentOption[1].iuv"},
		{"sum", func(p *pagopa.Position) { p.Options[0].Amount = 9999 }, "paymentOption[0].amount"},
		{"zero amount", func(p *pagopa.Position) { p.Options[0].Transfers[1].Amount = 0; p.Options[0].Amount = 7000 }, "paymentOption[0].transfer[1].amount"},
		{"six transfers", func(p *pagopa.Position) {
			o := &p.Options[0]
			for i := 3; i <= 6; i++ {
				o.Transfers = append(o.Transfers, o.Transfers[0])
				o.Transfers[len(o.Transfers)-1].ID = i
				o.Amount += 7000
			}
		}, "paymentOption[0].transfer"},
		{"duplicate transfer id", func(p *pagopa.Position) { p.Options[0].Transfers[1].ID = 1 }, "paymentOption[0].transfer[1].idTransfer"},
		{"transfer id 6", func(p *pagopa.Position) { p.Options[0].Transfers[1].ID = 6 }, "paymentOption[0].transfer[1].idTransfer"},
		{"category", func(p *pagopa.Position) { p.Options[0].Transfers[0].Category = "9/0101101XX/" }, "paymentOption[0].transfer[0].category"},
		{"iban and stamp", func(p *pagopa.Position) {
			p.Options[0].Transfers[0].Stamp = &pagopa.Stamp{HashDocument: "abcd", Type: "01", ProvincialResidence: "MI"}
		}, "paymentOption[0].transfer[0]"},
		{"neither iban nor stamp", func(p *pagopa.Position) { p.Options[0].Transfers[0].IBAN = "" }, "paymentOption[0].transfer[0]"},
		{"postal iban with stamp", func(p *pagopa.Position) {
			tr := &p.Options[1].Transfers[0]
			tr.IBAN, tr.PostalIBAN = "", "IT60X0760111101000000123456"
			tr.Stamp = &pagopa.Stamp{HashDocument: "abcd", Type: "01", ProvincialResidence: "MI"}
		}, "paymentOption[1].transfer[0].postalIban"},
		{"bad iban", func(p *pagopa.Position) { p.Options[0].Transfers[0].IBAN = "IT60 X054" }, "paymentOption[0].transfer[0].iban"},
		{"stamp type", func(p *pagopa.Position) {
			tr := &p.Options[1].Transfers[0]
			tr.IBAN, tr.Stamp = "", &pagopa.Stamp{HashDocument: "abcd", Type: "02", ProvincialResidence: "MI"}
		}, "paymentOption[1].transfer[0].stamp.stampType"},
		{"due date past", func(p *pagopa.Position) { p.Options[0].DueDate = t0.Add(-time.Hour) }, "paymentOption[0].dueDate"},
		{"validity past", func(p *pagopa.Position) { p.ValidityDate = t0.Add(-time.Hour) }, "validityDate"},
		{"due before validity", func(p *pagopa.Position) { p.ValidityDate = t0.AddDate(0, 1, 1) }, "paymentOption[0].dueDate"},
		{"retention before due", func(p *pagopa.Position) { p.Options[0].RetentionDate = t0 }, "paymentOption[0].retentionDate"},
		{"duplicate metadata", func(p *pagopa.Position) { p.Options[0].Metadata = []pagopa.Metadata{{"a", "1"}, {"a", "2"}} }, "paymentOption[0].paymentOptionMetadata[1].key"},
		{"reserved metadata", func(p *pagopa.Position) { p.Options[0].Metadata = []pagopa.Metadata{{pagopa.ReservedMetadataKey, "1"}} }, "paymentOption[0].paymentOptionMetadata[0].key"},
		{"eleven metadata", func(p *pagopa.Position) {
			for i := range 11 {
				p.Options[0].Transfers[0].Metadata = append(p.Options[0].Transfers[0].Metadata, pagopa.Metadata{string(rune('a' + i)), "v"})
			}
		}, "paymentOption[0].transfer[0].transferMetadata"},
		{"nav mismatch", func(p *pagopa.Position) { p.Options[0].NoticeNumber = p.Options[1].NoticeNumber }, "paymentOption[0].nav"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := position()
			tt.edit(&p)
			err := p.Validate(t0)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			var ve *pagopa.ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, pagopa.ErrInvalid) {
				t.Fatalf("Validate() = %v, want a ValidationError", err)
			}
			for _, f := range ve.Fields {
				if f.Field == tt.field {
					return
				}
			}
			t.Errorf("Validate() = %v, want a rule on %s", err, tt.field)
		})
	}
}

func TestValidationErrorRedacts(t *testing.T) {
	t.Parallel()
	p := position()
	p.Debtor.FiscalCode = "RSSMRA79B11C566X"
	if err := p.Validate(t0); err == nil || strings.Contains(err.Error(), "RSSMRA79B11C566X") {
		t.Errorf("error leaks the fiscal code: %v", err)
	}
}
