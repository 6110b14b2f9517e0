package pagopatest

import (
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// Fixture values for tests and demos.
const (
	// Organization is a creditor body fiscal code with a valid check digit
	// (Comune di Milano's).
	Organization = "01199250158"
	// Broker and Station are an intermediary and its station.
	Broker  = "15376371009"
	Station = "15376371009_01"
	// IBAN is a well-formed Italian IBAN for fixtures.
	IBAN = "IT60X0542811101000000123456"
	// PostalIBAN is a well-formed postal IBAN for fixtures.
	PostalIBAN = "IT57N0760101600000000123456"
)

// NewPosition returns a valid DRAFT position of org with one full-payment
// option for nav of amount (split into two transfers when it is at least
// 0.02), due at due, owed by a natural person. Change it as the test needs,
// then Publish it.
func NewPosition(org string, nav pagopa.NoticeNumber, amount pagopa.Amount, due time.Time) pagopa.Position {
	transfers := []pagopa.Transfer{{ID: 1, Amount: amount, RemittanceInformation: "TARI 2026 - acconto",
		Category: "9/0101101IM/", IBAN: IBAN, CompanyName: "Comune di Milano",
		Metadata: []pagopa.Metadata{{Key: "RC_TIP_1", Value: "TARI"}}}}
	if amount >= 2 {
		half := amount / 2
		transfers[0].Amount = amount - half
		transfers = append(transfers, pagopa.Transfer{ID: 2, Amount: half, RemittanceInformation: "TEFA 2026",
			Category: "9/0101101IM/", IBAN: IBAN, PostalIBAN: PostalIBAN, OrganizationFiscalCode: org})
	}
	p := pagopa.Position{
		OrganizationFiscalCode: org,
		IUPD:                   fmt.Sprintf("%s-%s", org, nav),
		Debtor: pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: "RSSMRA79B11C566R", FullName: "Mario Rossi",
			StreetName: "Via Roma", CivicNumber: "1", PostalCode: "20121", City: "Milano", Province: "MI", Country: "IT",
			Email: "mario.rossi@example.it"},
		CompanyName: "Comune di Milano",
		OfficeName:  "Ufficio Tributi",
		PayStandIn:  true,
		Options: []pagopa.PaymentOption{{
			IUV: nav.IUV(), NoticeNumber: nav, Amount: amount, Description: "TARI 2026 acconto",
			DueDate: due, Transfers: transfers,
		}},
	}
	p.SetDefaults()
	return p
}
