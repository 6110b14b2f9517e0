package pagopa_test

import (
	"context"
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa"
)

func ExampleNewNoticeNumber() {
	n, _ := pagopa.NewNoticeNumber(1, 12345)
	fmt.Println(n)
	fmt.Println(n.IUV())
	fmt.Println(n.Printed())
	// Output:
	// 301000000001234519
	// 01000000001234519
	// 3010 0000 0001 2345 19
}

func ExampleParseNoticeNumber() {
	for _, s := range []string{"001000000001234516", "200000000001234571", "311111111112222222"} {
		n, err := pagopa.ParseNoticeNumber(s)
		fmt.Println(n.AuxDigit(), n.IUV(), err)
	}
	// Output:
	// 0 000000001234516 <nil>
	// 2 00000000001234571 <nil>
	// -1  pagopa: notice number 311111111112222222: wrong check digits
}

func ExampleNextNoticeNumber() {
	seq := &pagopa.MemorySequence{}
	for range 2 {
		n, _ := pagopa.NextNoticeNumber(context.Background(), seq, "01199250158", 1)
		fmt.Println(n.Printed())
	}
	// Output:
	// 3010 0000 0000 0001 44
	// 3010 0000 0000 0002 45
}

func ExampleParseAmount() {
	a, _ := pagopa.ParseAmount("120.50")
	fmt.Println(int64(a), a, a+99)
	_, err := pagopa.ParseAmount("120.5")
	fmt.Println(err)
	// Output:
	// 12050 120.50 121.49
	// pagopa: amount "120.5": invalid amount
}

// A position is validated, published and paid by instalments.
func ExamplePosition_MarkPaid() {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	n1, _ := pagopa.NewNoticeNumber(1, 1)
	n2, _ := pagopa.NewNoticeNumber(1, 2)
	transfer := pagopa.Transfer{ID: 1, Amount: 5000, RemittanceInformation: "TARI 2026", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}
	p := pagopa.Position{
		OrganizationFiscalCode: "01199250158",
		IUPD:                   "01199250158-tari-2026-1",
		Debtor:                 pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi"},
		CompanyName:            "Comune di Milano",
		Options: []pagopa.PaymentOption{
			{IUV: n1.IUV(), Amount: 5000, Description: "TARI rata 1", Installment: true, DueDate: now.AddDate(0, 1, 0), Transfers: []pagopa.Transfer{transfer}},
			{IUV: n2.IUV(), Amount: 5000, Description: "TARI rata 2", Installment: true, DueDate: now.AddDate(0, 2, 0), Transfers: []pagopa.Transfer{transfer}},
		},
	}
	p.SetDefaults()
	fmt.Println(p.Validate(now), p.Status)
	_ = p.Publish(now)
	fmt.Println(p.Status)
	_ = p.MarkPaid(n1.IUV(), "receipt-1", now)
	fmt.Println(p.Status)
	_ = p.MarkPaid(n2.IUV(), "receipt-2", now)
	fmt.Println(p.Status)
	fmt.Println(p.MarkPaid(n2.IUV(), "receipt-3", now))
	// Output:
	// <nil> DRAFT
	// VALID
	// PARTIALLY_PAID
	// PAID
	// pagopa: mark paid: not allowed from PAID
}
