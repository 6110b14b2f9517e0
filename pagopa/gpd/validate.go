package gpd

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// ErrInvalid is the kind of every client-side validation failure ([*ValidationError] and argument checks).
var ErrInvalid = errors.New("gpd: invalid request")

// ValidationError lists every rule a position breaks. Messages name fields by JSON path
// (paymentOption[0].transfer[1].iban) and never contain the debtor's data.
type ValidationError struct {
	Problems []string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return "gpd: invalid position: " + strings.Join(e.Problems, "; ")
}

// Unwrap returns [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// ReservedMetadataKey is the option metadata key GPD reserves for SEND's notification fee.
const ReservedMetadataKey = "NOTIFICATION_FEE"

var (
	ibanRe     = regexp.MustCompile(`^[A-Za-z0-9]{1,35}$`)
	iupdRe     = regexp.MustCompile(`^[\w* \t-]+$`)
	countryRe  = regexp.MustCompile(`^[A-Z]{2}$`)
	iuvRe      = regexp.MustCompile(`^[A-Za-z0-9]{1,35}$`)
	categoryRe = regexp.MustCompile(`^[0-9]/\d{2}\d{2}\d{3}[A-Z]{2}/$`)
)

// problems collects validation messages.
type problems []string

func (p *problems) addf(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p}
}

func maxLen(p *problems, field, s string, n int) {
	if utf8.RuneCountInString(s) > n {
		p.addf("%s longer than %d characters", field, n)
	}
}

// ValidatePosition checks p against the rules GPD enforces on create and update ([GPD]
// DebtPositionValidation and the schema of PaymentPositionModel): required fields and lengths,
// 1..5 transfers per option with ids "1".."5", Σ transfers = option amount, IBAN xor stamp (no postal
// IBAN with a stamp), validityDate not before now, dueDate not before validityDate (or now),
// retentionDate not before dueDate, unique IUVs and metadata keys (at most 10, NOTIFICATION_FEE
// reserved). now is the instant the request is sent.
func ValidatePosition(p Position, now time.Time) error {
	var pr problems
	if err := checkIUPD(p.IUPD); err != nil {
		pr.addf("iupd must match [\\w*\\h-]+")
	}
	if p.Type != NaturalPerson && p.Type != LegalPerson {
		pr.addf("type must be F or G")
	}
	if strings.TrimSpace(p.FiscalCode) == "" {
		pr.addf("fiscalCode is required")
	}
	if strings.TrimSpace(p.FullName) == "" {
		pr.addf("fullName is required")
	}
	if strings.TrimSpace(p.CompanyName) == "" {
		pr.addf("companyName is required")
	}
	maxLen(&pr, "companyName", p.CompanyName, 140)
	maxLen(&pr, "officeName", p.OfficeName, 140)
	if p.Country != "" && !countryRe.MatchString(p.Country) {
		pr.addf("country must be two upper-case letters")
	}
	start := now
	if !p.ValidityDate.IsZero() {
		if p.ValidityDate.Before(now) {
			pr.addf("validityDate must not be in the past")
		}
		start = p.ValidityDate.Time
	}
	if len(p.PaymentOptions) == 0 {
		pr.addf("paymentOption: at least one is required")
	}
	seen := map[string]bool{}
	for i, o := range p.PaymentOptions {
		validateOption(&pr, fmt.Sprintf("paymentOption[%d]", i), o, start)
		if seen[o.IUV] {
			pr.addf("paymentOption[%d].iuv duplicates another option", i)
		}
		seen[o.IUV] = true
	}
	return pr.err()
}

func validateOption(pr *problems, path string, o Option, start time.Time) {
	if !iuvRe.MatchString(o.IUV) {
		pr.addf("%s.iuv must be 1..35 letters or digits", path)
	}
	if o.Amount < 1 {
		pr.addf("%s.amount must be at least 1 cent", path)
	}
	if strings.TrimSpace(o.Description) == "" {
		pr.addf("%s.description is required", path)
	}
	maxLen(pr, path+".description", o.Description, 140)
	switch {
	case o.DueDate.IsZero():
		pr.addf("%s.dueDate is required", path)
	case o.DueDate.Before(start):
		pr.addf("%s.dueDate must not be before the validity date (or now)", path)
	}
	if !o.RetentionDate.IsZero() && o.RetentionDate.Before(o.DueDate.Time) {
		pr.addf("%s.retentionDate must not be before dueDate", path)
	}
	validateMetadata(pr, path+".paymentOptionMetadata", o.Metadata, true)
	validateTransfers(pr, path, o.Amount, o.Transfers)
}

// validateTransfers checks 1..5 transfers with unique ids 1..5 summing to amount.
func validateTransfers(pr *problems, path string, amount int64, ts []Transfer) {
	if len(ts) < 1 || len(ts) > 5 {
		pr.addf("%s.transfer must hold 1 to 5 transfers", path)
	}
	var sum int64
	ids := map[string]bool{}
	for j, t := range ts {
		tp := fmt.Sprintf("%s.transfer[%d]", path, j)
		if len(t.ID) != 1 || t.ID[0] < '1' || t.ID[0] > '5' {
			pr.addf("%s.idTransfer must be 1..5", tp)
		} else if ids[t.ID] {
			pr.addf("%s.idTransfer duplicates another transfer", tp)
		}
		ids[t.ID] = true
		if t.Amount < 1 {
			pr.addf("%s.amount must be at least 1 cent", tp)
		}
		sum += t.Amount
		if strings.TrimSpace(t.RemittanceInformation) == "" {
			pr.addf("%s.remittanceInformation is required", tp)
		}
		maxLen(pr, tp+".remittanceInformation", t.RemittanceInformation, 140)
		maxLen(pr, tp+".companyName", t.CompanyName, 140)
		if !categoryRe.MatchString(t.Category) {
			pr.addf("%s.category must be a taxonomy code like 9/0101101IM/", tp)
		}
		if t.OrganizationFiscalCode != "" && !isOrgFiscalCode(t.OrganizationFiscalCode) {
			pr.addf("%s.organizationFiscalCode must be 11 digits", tp)
		}
		validateBeneficiary(pr, tp, t)
		validateMetadata(pr, tp+".transferMetadata", t.Metadata, false)
	}
	if len(ts) > 0 && sum != amount {
		pr.addf("%s: transfers sum to %d cents, amount is %d", path, sum, amount)
	}
}

func validateBeneficiary(pr *problems, tp string, t Transfer) {
	switch {
	case t.Stamp != nil && (t.IBAN != "" || t.PostalIBAN != ""):
		pr.addf("%s: iban/postalIban and stamp are mutually exclusive", tp)
	case t.Stamp == nil && t.IBAN == "":
		pr.addf("%s: one of iban or stamp is required", tp)
	}
	if t.IBAN != "" && !ibanRe.MatchString(t.IBAN) {
		pr.addf("%s.iban must match ^[A-Za-z0-9]{1,35}$", tp)
	}
	if t.PostalIBAN != "" && !ibanRe.MatchString(t.PostalIBAN) {
		pr.addf("%s.postalIban must match ^[A-Za-z0-9]{1,35}$", tp)
	}
	if s := t.Stamp; s != nil {
		if s.HashDocument == "" || len(s.HashDocument) > 72 {
			pr.addf("%s.stamp.hashDocument must be 1..72 characters", tp)
		}
		if len(s.StampType) != 2 {
			pr.addf("%s.stamp.stampType must be 2 characters", tp)
		}
		if !countryRe.MatchString(s.ProvincialResidence) {
			pr.addf("%s.stamp.provincialResidence must be two upper-case letters", tp)
		}
	}
}

func validateMetadata(pr *problems, path string, md []Metadata, optionLevel bool) {
	if len(md) > 10 {
		pr.addf("%s: at most 10 entries", path)
	}
	keys := make([]string, 0, len(md))
	for k, m := range md {
		if m.Key == "" {
			pr.addf("%s[%d].key is required", path, k)
		}
		maxLen(pr, fmt.Sprintf("%s[%d].key", path, k), m.Key, 140)
		maxLen(pr, fmt.Sprintf("%s[%d].value", path, k), m.Value, 140)
		if optionLevel && m.Key == ReservedMetadataKey {
			pr.addf("%s[%d].key %s is reserved", path, k, ReservedMetadataKey)
		}
		if slices.Contains(keys, m.Key) {
			pr.addf("%s[%d].key is not unique", path, k)
		}
		keys = append(keys, m.Key)
	}
}

func checkIUPD(iupd string) error {
	if !iupdRe.MatchString(iupd) {
		return fmt.Errorf("gpd: %w: iupd %q must match [\\w*\\h-]+", ErrInvalid, iupd)
	}
	return nil
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
