package pagopa

import (
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/siopi/siopi/fiscalcode"
)

// Limits GPD and the node apply.
const (
	MaxTransfers = 5   // per payment option
	MaxOptions   = 100 // per position
	MaxMetadata  = 10  // per option or transfer (GPD)
)

// ReservedMetadataKey is reserved by GPD for the notification fee.
const ReservedMetadataKey = "NOTIFICATION_FEE"

var (
	// taxonomyPattern is the published transfer category pattern (domain file §5.1).
	taxonomyPattern = regexp.MustCompile(`^[0-9]/[0-9]{2}[0-9]{2}[0-9]{3}(IM|TS|SP|SA|AP)/$`)
	ibanPattern     = regexp.MustCompile(`^[A-Za-z0-9]{1,35}$`)
	countryPattern  = regexp.MustCompile(`^[A-Z]{2}$`)
	emailPattern    = regexp.MustCompile(`^[a-zA-Z0-9_.+\-]+@[a-zA-Z0-9\-]+(\.[a-zA-Z0-9\-]+)*$`)
	base64Pattern   = regexp.MustCompile(`^[A-Za-z0-9+/=]{4,72}$`)
)

// ValidCategory reports whether c matches the taxonomy pattern, e.g. "9/0101101IM/".
func ValidCategory(c string) bool { return taxonomyPattern.MatchString(c) }

type checker struct{ errs []FieldError }

func (c *checker) add(field, format string, args ...any) {
	c.errs = append(c.errs, FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

func (c *checker) text(field, s string, min, max int) {
	n := utf8.RuneCountInString(s)
	switch {
	case n < min && n == 0:
		c.add(field, "required")
	case n < min || n > max:
		c.add(field, "length %d not in %d..%d", n, min, max)
	}
}

func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return &ValidationError{Fields: c.errs}
}

// Validate checks p against every rule GPD applies to a position it is asked
// to create or update ([GPD] DebtPositionValidation), at instant now:
// debtor, names, options, transfers, amounts, dates, uniqueness and metadata.
// It returns a [*ValidationError] listing every broken rule, or nil.
func (p *Position) Validate(now time.Time) error {
	var c checker
	if err := fiscalcode.ValidateOrganization(p.OrganizationFiscalCode); err != nil {
		c.add("organizationFiscalCode", "not an organisation fiscal code")
	}
	c.text("iupd", p.IUPD, 1, 256)
	c.text("companyName", p.CompanyName, 1, 140)
	c.text("officeName", p.OfficeName, 0, 140)
	p.Debtor.validate(&c)
	if !p.ValidityDate.IsZero() && !p.ValidityDate.After(now) {
		c.add("validityDate", "must be in the future")
	}
	switch n := len(p.Options); {
	case n == 0:
		c.add("paymentOption", "at least one payment option is required")
	case n > MaxOptions:
		c.add("paymentOption", "%d options, at most %d", n, MaxOptions)
	}
	seen := make(map[IUV]bool, len(p.Options))
	for i := range p.Options {
		o := &p.Options[i]
		f := fmt.Sprintf("paymentOption[%d]", i)
		if seen[o.IUV] {
			c.add(f+".iuv", "duplicate iuv %s", o.IUV)
		}
		seen[o.IUV] = true
		o.validate(&c, f, p, now)
	}
	return c.err()
}

func (d *Debtor) validate(c *checker) {
	switch d.Type {
	case NaturalPerson:
		if d.FiscalCode != AnonymousDebtor && fiscalcode.Validate(d.FiscalCode) != nil {
			c.add("debtor.fiscalCode", "not a valid personal fiscal code (%s)", fiscalcode.Mask(d.FiscalCode))
		}
	case LegalPerson:
		if d.FiscalCode != AnonymousDebtor && fiscalcode.ValidateAny(d.FiscalCode) != nil {
			c.add("debtor.fiscalCode", "not a valid fiscal code (%s)", fiscalcode.Mask(d.FiscalCode))
		}
	default:
		c.add("debtor.type", "must be F or G")
	}
	c.text("debtor.fullName", d.FullName, 1, 70)
	c.text("debtor.streetName", d.StreetName, 0, 70)
	c.text("debtor.civicNumber", d.CivicNumber, 0, 16)
	c.text("debtor.postalCode", d.PostalCode, 0, 16)
	c.text("debtor.city", d.City, 0, 35)
	c.text("debtor.province", d.Province, 0, 35)
	if d.Country != "" && !countryPattern.MatchString(d.Country) {
		c.add("debtor.country", "must be two upper-case letters")
	}
	if d.Email != "" && (len(d.Email) > 256 || !emailPattern.MatchString(d.Email)) {
		c.add("debtor.email", "not a valid e-mail address")
	}
}

func (o *PaymentOption) validate(c *checker, f string, p *Position, now time.Time) {
	if _, err := ParseIUV(string(o.IUV)); err != nil {
		c.add(f+".iuv", "1..35 letters or digits")
	}
	if o.NoticeNumber != "" {
		if _, err := ParseNoticeNumber(string(o.NoticeNumber)); err != nil {
			c.add(f+".nav", "not a valid notice number")
		} else if o.NoticeNumber.IUV() != o.IUV {
			c.add(f+".nav", "does not contain the iuv")
		}
	}
	if o.Amount < 1 || o.Amount > MaxAmount {
		c.add(f+".amount", "must be between 0.01 and %s", MaxAmount)
	}
	c.text(f+".description", o.Description, 1, 140)
	switch {
	case o.DueDate.IsZero():
		c.add(f+".dueDate", "required")
	case !p.ValidityDate.IsZero() && o.DueDate.Before(p.ValidityDate):
		c.add(f+".dueDate", "before the validity date")
	case p.ValidityDate.IsZero() && o.DueDate.Before(now):
		c.add(f+".dueDate", "in the past")
	}
	if !o.RetentionDate.IsZero() && o.RetentionDate.Before(o.DueDate) {
		c.add(f+".retentionDate", "before the due date")
	}
	validateMetadata(c, f+".paymentOptionMetadata", o.Metadata, true)
	switch n := len(o.Transfers); {
	case n == 0:
		c.add(f+".transfer", "at least one transfer is required")
	case n > MaxTransfers:
		c.add(f+".transfer", "%d transfers, at most %d", n, MaxTransfers)
	}
	var sum Amount
	var ids [MaxTransfers + 1]bool
	for j := range o.Transfers {
		t := &o.Transfers[j]
		tf := fmt.Sprintf("%s.transfer[%d]", f, j)
		if t.ID < 1 || t.ID > MaxTransfers {
			c.add(tf+".idTransfer", "must be 1..5")
		} else if ids[t.ID] {
			c.add(tf+".idTransfer", "duplicate %d", t.ID)
		} else {
			ids[t.ID] = true
		}
		if t.Amount < 1 {
			c.add(tf+".amount", "must be at least 0.01")
		}
		sum += t.Amount
		t.validate(c, tf)
	}
	if len(o.Transfers) > 0 && sum != o.Amount {
		c.add(f+".amount", "%s is not the sum of the transfers (%s)", o.Amount, sum)
	}
}

func (t *Transfer) validate(c *checker, tf string) {
	if t.OrganizationFiscalCode != "" && fiscalcode.ValidateOrganization(t.OrganizationFiscalCode) != nil {
		c.add(tf+".organizationFiscalCode", "not an organisation fiscal code")
	}
	c.text(tf+".remittanceInformation", t.RemittanceInformation, 1, 140)
	c.text(tf+".companyName", t.CompanyName, 0, 140)
	if !ValidCategory(t.Category) {
		c.add(tf+".category", "not a taxonomy code like 9/0101101IM/")
	}
	switch {
	case t.IBAN != "" && t.Stamp != nil:
		c.add(tf, "iban and stamp are mutually exclusive")
	case t.IBAN == "" && t.Stamp == nil:
		c.add(tf, "one of iban and stamp is required")
	case t.Stamp != nil && t.PostalIBAN != "":
		c.add(tf+".postalIban", "not allowed with a stamp")
	}
	if t.IBAN != "" && !ibanPattern.MatchString(t.IBAN) {
		c.add(tf+".iban", "1..35 letters or digits")
	}
	if t.PostalIBAN != "" && !ibanPattern.MatchString(t.PostalIBAN) {
		c.add(tf+".postalIban", "1..35 letters or digits")
	}
	if s := t.Stamp; s != nil {
		if !base64Pattern.MatchString(s.HashDocument) {
			c.add(tf+".stamp.hashDocument", "base64, 4..72 characters")
		}
		if s.Type != "01" {
			c.add(tf+".stamp.stampType", "must be 01")
		}
		if !countryPattern.MatchString(s.ProvincialResidence) {
			c.add(tf+".stamp.provincialResidence", "two upper-case letters")
		}
	}
	validateMetadata(c, tf+".transferMetadata", t.Metadata, false)
}

func validateMetadata(c *checker, f string, md []Metadata, option bool) {
	if len(md) > MaxMetadata {
		c.add(f, "%d entries, at most %d", len(md), MaxMetadata)
	}
	keys := make(map[string]bool, len(md))
	for i, m := range md {
		mf := fmt.Sprintf("%s[%d]", f, i)
		c.text(mf+".key", m.Key, 1, 140)
		c.text(mf+".value", m.Value, 1, 140)
		if keys[m.Key] {
			c.add(mf+".key", "duplicate key %q", m.Key)
		}
		keys[m.Key] = true
		if option && m.Key == ReservedMetadataKey {
			c.add(mf+".key", "%s is reserved", ReservedMetadataKey)
		}
	}
}
