package gpd_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/pagopa/gpd"
)

func TestValidatePosition(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(*gpd.Position)
		want   string // substring of the problem; "" = valid
	}{
		{"valid", func(*gpd.Position) {}, ""},
		{"iupd with slash", func(p *gpd.Position) { p.IUPD = "a/b" }, "iupd"},
		{"bad type", func(p *gpd.Position) { p.Type = "X" }, "type must be F or G"},
		{"no company", func(p *gpd.Position) { p.CompanyName = "" }, "companyName is required"},
		{"long company", func(p *gpd.Position) { p.CompanyName = strings.Repeat("a", 141) }, "companyName longer than 140"},
		{"bad country", func(p *gpd.Position) { p.Country = "it" }, "country"},
		{"no options", func(p *gpd.Position) { p.PaymentOptions = nil }, "at least one"},
		{"sum mismatch", func(p *gpd.Position) { p.PaymentOptions[0].Amount++ }, "transfers sum to"},
		{"six transfers", func(p *gpd.Position) {
			o := &p.PaymentOptions[0]
			for i := 3; i <= 6; i++ {
				o.Transfers = append(o.Transfers, o.Transfers[0])
			}
		}, "1 to 5 transfers"},
		{"transfer id 6", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[1].ID = "6" }, "idTransfer must be 1..5"},
		{"duplicate transfer id", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[1].ID = "1" }, "idTransfer duplicates"},
		{"iban and stamp", func(p *gpd.Position) {
			p.PaymentOptions[0].Transfers[0].Stamp = &gpd.Stamp{HashDocument: "x", StampType: "01", ProvincialResidence: "RM"}
		}, "mutually exclusive"},
		{"postal iban with stamp", func(p *gpd.Position) {
			tr := &p.PaymentOptions[0].Transfers[0]
			tr.IBAN, tr.PostalIBAN = "", "IT60X0760111101000000123456"
			tr.Stamp = &gpd.Stamp{HashDocument: "x", StampType: "01", ProvincialResidence: "RM"}
		}, "mutually exclusive"},
		{"neither iban nor stamp", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[0].IBAN = "" }, "one of iban or stamp"},
		{"bad iban", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[0].IBAN = "IT60 X054" }, "iban must match"},
		{"bad category", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[0].Category = "TARI" }, "taxonomy"},
		{"validity in the past", func(p *gpd.Position) { p.ValidityDate = gpd.NewDateTime(testNow.Add(-1)) }, "validityDate must not be in the past"},
		{"due before validity", func(p *gpd.Position) { p.ValidityDate = gpd.NewDateTime(testNow.AddDate(0, 2, 0)) }, "dueDate must not be before"},
		{"due in the past", func(p *gpd.Position) { p.PaymentOptions[0].DueDate = gpd.NewDateTime(testNow.AddDate(0, 0, -1)) }, "dueDate must not be before"},
		{"retention before due", func(p *gpd.Position) { p.PaymentOptions[0].RetentionDate = gpd.NewDateTime(testNow) }, "retentionDate"},
		{"reserved metadata", func(p *gpd.Position) {
			p.PaymentOptions[0].Metadata = []gpd.Metadata{{Key: gpd.ReservedMetadataKey, Value: "1"}}
		}, "reserved"},
		{"duplicate metadata", func(p *gpd.Position) {
			p.PaymentOptions[0].Metadata = []gpd.Metadata{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}}
		}, "not unique"},
		{"duplicate iuv", func(p *gpd.Position) {
			p.PaymentOptions = append(p.PaymentOptions, p.PaymentOptions[0])
		}, "iuv duplicates"},
		{"zero amount", func(p *gpd.Position) { p.PaymentOptions[0].Transfers[0].Amount = 0 }, "at least 1 cent"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := samplePosition("01234567897-x")
			tc.mutate(&p)
			err := gpd.ValidatePosition(p, testNow)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("unexpected %v", err)
				}
				return
			}
			if !errors.Is(err, gpd.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestValidatePositionV3Limits(t *testing.T) {
	t.Parallel()
	p := gpd.PositionV3{IUPD: "x", CompanyName: "Comune", PaymentOptions: []gpd.OptionV3{{Debtor: gpd.DebtorV3{Type: "F"}}}}
	err := gpd.ValidatePositionV3(p, testNow)
	for _, want := range []string{"fiscalCode and fullName", "1 to 100 instalments"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}

func TestCoreRoundTrip(t *testing.T) {
	t.Parallel()
	p := samplePosition("01234567897-rt")
	p.PaymentOptions[0].Transfers[1].IBAN = ""
	p.PaymentOptions[0].Transfers[1].Stamp = &gpd.Stamp{HashDocument: "aGFzaA==", StampType: "01", ProvincialResidence: "RM"}
	core := p.ToCore(testOrg)
	if err := core.Validate(testNow); err != nil {
		t.Fatalf("core validation of a GPD-valid position: %v", err)
	}
	back := gpd.FromCore(core)
	if back.PaymentOptions[0].Transfers[1].Stamp.StampType != "01" || back.PaymentOptions[0].Amount != 12050 ||
		back.FiscalCode != p.FiscalCode || back.OrganizationFiscalCode != testOrg {
		t.Errorf("round trip lost data: %+v", back)
	}
}

func TestV3CoreRoundTrip(t *testing.T) {
	t.Parallel()
	debtor := gpd.DebtorV3{Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"}
	tr := []gpd.Transfer{{ID: "1", Amount: 5000, RemittanceInformation: "TARI", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}}
	p := gpd.PositionV3{IUPD: "plan", CompanyName: "Comune", PaymentOptions: []gpd.OptionV3{
		{Debtor: debtor, Installments: []gpd.InstallmentV3{{IUV: "01000000000001861", Amount: 5000, Description: "Unica", DueDate: gpd.NewDateTime(testNow.AddDate(0, 1, 0)), Transfers: tr}}},
		{Debtor: debtor, Installments: []gpd.InstallmentV3{
			{IUV: "01000000000002972", Amount: 5000, Description: "Rata 1", DueDate: gpd.NewDateTime(testNow.AddDate(0, 1, 0)), Transfers: tr},
			{IUV: "01000000000003982", Amount: 5000, Description: "Rata 2", DueDate: gpd.NewDateTime(testNow.AddDate(0, 2, 0)), Transfers: tr},
		}},
	}}
	core, err := p.ToCore(testOrg)
	if err != nil {
		t.Fatal(err)
	}
	if len(core.Options) != 3 || core.Options[0].Installment || !core.Options[1].Installment {
		t.Fatalf("core options %+v", core.Options)
	}
	back := gpd.FromCoreV3(core)
	if len(back.PaymentOptions) != 2 || len(back.PaymentOptions[1].Installments) != 2 || back.PaymentOptions[0].Debtor.FiscalCode != debtor.FiscalCode {
		t.Fatalf("back %+v", back)
	}
	p.PaymentOptions[1].Debtor.FiscalCode = "VRDLGU80A01H501X"
	if _, err := p.ToCore(testOrg); !errors.Is(err, gpd.ErrInvalid) {
		t.Fatalf("two debtors: %v", err)
	}
}
