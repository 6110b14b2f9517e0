package cie

import (
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/spid"
)

// validPublic is the administrative contact of a Comune.
func validPublic() Contact {
	return Contact{
		Kind: Public, IPACode: "c_h501", IPACategory: "L6", FiscalCode: "02438750586",
		Municipality: "058091", Province: "RM",
		EmailAddress: "protocollo@comune.example.it", TelephoneNumber: "+390612345678",
	}
}

// validPrivate is the technical contact of a technology partner.
func validPrivate() Contact {
	return Contact{
		Kind: Private, VATNumber: "IT02438750586", NACE2Codes: []string{"62.01"},
		Municipality: "H501", Company: "Partner s.r.l.", EmailAddress: "cie@partner.example.it",
	}
}

func TestContactValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		role    string
		company string
		edit    func(*Contact)
		base    func() Contact
		wantErr string // substring; empty means valid
	}{
		{"public ok", "administrative", "Comune di Roma", func(*Contact) {}, validPublic, ""},
		{"private ok", "technical", "", func(*Contact) {}, validPrivate, ""},
		{"public company equal", "administrative", "Comune di Roma", func(c *Contact) { c.Company = "Comune di Roma" }, validPublic, ""},
		{"kind unset", "administrative", "X", func(c *Contact) { c.Kind = 0 }, validPublic, "kind"},
		{"public without IPA", "administrative", "X", func(c *Contact) { c.IPACode = "" }, validPublic, "IPA code"},
		{"public IPA malformed", "administrative", "X", func(c *Contact) { c.IPACode = "c h501" }, validPublic, "IPA code"},
		{"private with IPA", "technical", "", func(c *Contact) { c.IPACode = "c_h501" }, validPrivate, "no IPA"},
		{"private without identifiers", "technical", "", func(c *Contact) { c.VATNumber = "" }, validPrivate, "VAT number or a fiscal code"},
		{"VAT without prefix", "technical", "", func(c *Contact) { c.VATNumber = "02438750586" }, validPrivate, "ISO country prefix"},
		{"VAT bad check digit", "technical", "", func(c *Contact) { c.VATNumber = "IT02438750587" }, validPrivate, "VAT number"},
		{"foreign VAT", "technical", "", func(c *Contact) { c.VATNumber = "DE123456789"; c.Country = "DE" }, validPrivate, ""},
		{"fiscal code bad", "administrative", "X", func(c *Contact) { c.FiscalCode = "02438750587" }, validPublic, "fiscal code"},
		{"NACE2 malformed", "technical", "", func(c *Contact) { c.NACE2Codes = []string{"ATECO"} }, validPrivate, "NACE2"},
		{"municipality missing", "administrative", "X", func(c *Contact) { c.Municipality = "" }, validPublic, "municipality"},
		{"municipality malformed", "administrative", "X", func(c *Contact) { c.Municipality = "Roma" }, validPublic, "municipality"},
		{"province malformed", "administrative", "X", func(c *Contact) { c.Province = "Roma" }, validPublic, "province"},
		{"country malformed", "administrative", "X", func(c *Contact) { c.Country = "ITA" }, validPublic, "country"},
		{"company differs", "administrative", "Comune di Roma", func(c *Contact) { c.Company = "Roma Capitale" }, validPublic, "must equal"},
		{"technical company missing", "technical", "", func(c *Contact) { c.Company = "" }, validPrivate, "company is required"},
		{"email missing", "administrative", "X", func(c *Contact) { c.EmailAddress = "" }, validPublic, "e-mail"},
		{"email malformed", "administrative", "X", func(c *Contact) { c.EmailAddress = "Ufficio <a@b.it>" }, validPublic, "e-mail"},
		{"telephone with spaces", "administrative", "X", func(c *Contact) { c.TelephoneNumber = "+39 06 1234" }, validPublic, "telephone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := tt.base()
			tt.edit(&c)
			err := c.validate(tt.role, tt.company)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.Is(err, ErrConfig) {
				t.Fatalf("err = %v, want ErrConfig mentioning %q", err, tt.wantErr)
			}
			if !strings.HasPrefix(err.Error(), tt.role+" contact: ") {
				t.Errorf("error %q does not name the contact", err)
			}
		})
	}
}

func TestContactValidateMasksFiscalCode(t *testing.T) {
	t.Parallel()
	c := validPublic()
	c.FiscalCode = "RSSMRA80A01H501X" // a person's code with a wrong check character
	err := c.validate("administrative", "X")
	if err == nil || strings.Contains(err.Error(), "RSSMRA80A01H501X") {
		t.Errorf("err = %v: want an error that masks the fiscal code", err)
	}
}

func TestCheckAttributes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		names []spid.Attribute
		ok    bool
	}{
		{EIDASAttributes(), true},
		{[]spid.Attribute{"fiscalNumber"}, true},
		{[]spid.Attribute{"name", "familyName"}, true},
		{nil, false},
		{[]spid.Attribute{"email"}, false},
		{[]spid.Attribute{"name", "spidCode"}, false},
		{[]spid.Attribute{"name", "name"}, false},
		{[]spid.Attribute{"FiscalNumber"}, false},
	}
	for _, tt := range tests {
		err := checkAttributes(tt.names)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrConfig)) {
			t.Errorf("checkAttributes(%v) = %v, want ok=%v", tt.names, err, tt.ok)
		}
	}
}
