package appio

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf16"

	"github.com/siopi/siopi/fiscalcode"
)

// Limits IO enforces on a NewMessage (io-functions-commons definitions).
const (
	MinSubject    = 10
	MaxSubject    = 120
	MinMarkdown   = 80
	MaxMarkdown   = 10000
	MinTimeToLive = 3600
	MaxTimeToLive = 604800
	MinAmount     = 1
	MaxAmount     = 9999999999
)

var (
	noticeNumberRE = regexp.MustCompile(`^[0123][0-9]{17}$`)
	orgCodeRE      = regexp.MustCompile(`^[0-9]{11}$`)
	ulidRE         = regexp.MustCompile(`^[0-9a-hjkmnp-tv-zA-HJKMNP-TV-Z]{26}$`)
)

// FieldError is a request field that breaks one of IO's rules. It matches
// [ErrInvalid].
type FieldError struct {
	// Field is the JSON path of the field, e.g. "content.payment_data.amount".
	Field string
	// Reason says what is wrong; it never contains a fiscal code.
	Reason string
}

// Error names the field and the rule it breaks.
func (e *FieldError) Error() string { return "appio: invalid " + e.Field + ": " + e.Reason }

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() error { return ErrInvalid }

// UTF16Len counts s as IO counts string lengths (JavaScript's length: UTF-16
// code units, so an emoji outside the BMP counts 2).
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r) // ranging yields U+FFFD for invalid UTF-8: one unit
	}
	return n
}

func normalizeCF(s string) string { return fiscalcode.Normalize(s) }

// validateCF checks a person's fiscal code as IO does (format only), or
// strictly; the sandbox code is always accepted.
func validateCF(field, code string, strict bool) error {
	opts := fiscalcode.Options{Lenient: !strict, AllowSandbox: true}
	if err := opts.Validate(code); err != nil {
		reason := "not a valid fiscal code"
		switch {
		case errors.Is(err, fiscalcode.ErrEmpty):
			reason = "required"
		case errors.Is(err, fiscalcode.ErrFormat):
			reason = "does not match IO's fiscal code pattern"
		case errors.Is(err, fiscalcode.ErrCheckCharacter):
			reason = "wrong check character"
		}
		return &FieldError{Field: field, Reason: reason}
	}
	return nil
}

// Validate checks m against IO's rules and returns every broken rule as
// [*FieldError]s joined with [errors.Join]. Fiscal codes are checked for
// format only, as IO does; see [Config.StrictFiscalCode].
func (m NewMessage) Validate() error { return m.validate(false) }

func (m NewMessage) validate(strict bool) error {
	var errs []error
	add := func(field, format string, a ...any) {
		errs = append(errs, &FieldError{Field: field, Reason: fmt.Sprintf(format, a...)})
	}
	if err := validateCF("fiscal_code", m.FiscalCode, strict); err != nil {
		errs = append(errs, err)
	}
	if n := UTF16Len(m.Content.Subject); n < MinSubject || n > MaxSubject {
		add("content.subject", "length %d, want %d..%d", n, MinSubject, MaxSubject)
	}
	if n := UTF16Len(m.Content.Markdown); n < MinMarkdown || n > MaxMarkdown {
		add("content.markdown", "length %d, want %d..%d", n, MinMarkdown, MaxMarkdown)
	}
	if t := m.TimeToLive; t != 0 && (t < MinTimeToLive || t > MaxTimeToLive) {
		add("time_to_live", "%d s, want %d..%d", t, MinTimeToLive, MaxTimeToLive)
	}
	switch m.FeatureLevel {
	case "", Standard, Advanced:
	default:
		add("feature_level_type", "%q, want STANDARD or ADVANCED", m.FeatureLevel)
	}
	if p := m.Content.PaymentData; p != nil {
		if p.Amount < MinAmount || p.Amount > MaxAmount {
			add("content.payment_data.amount", "%d cents, want %d..%d", p.Amount, MinAmount, int64(MaxAmount))
		}
		if !noticeNumberRE.MatchString(p.NoticeNumber) {
			add("content.payment_data.notice_number", "want 18 digits starting with 0-3")
		}
		if p.Payee != "" {
			if !orgCodeRE.MatchString(p.Payee) {
				add("content.payment_data.payee.fiscal_code", "want 11 digits")
			} else if strict && fiscalcode.ValidateOrganization(p.Payee) != nil {
				add("content.payment_data.payee.fiscal_code", "wrong check digit")
			}
		}
		if p.InvalidAfterDueDate && m.Content.DueDate.IsZero() {
			add("content.payment_data.invalid_after_due_date", "needs content.due_date")
		}
	}
	if t := m.Content.ThirdPartyData; t != nil {
		if t.ID == "" {
			add("content.third_party_data.id", "required")
		}
		if t.ConfigurationID == "" {
			add("content.third_party_data.configuration_id", "required by IO (403 \"No configuration id for remote content\")")
		} else if !ulidRE.MatchString(t.ConfigurationID) {
			add("content.third_party_data.configuration_id", "not a ULID")
		}
		switch t.HasPrecondition {
		case "", PreconditionAlways, PreconditionOnce, PreconditionNever:
		default:
			add("content.third_party_data.has_precondition", "%q, want ALWAYS, ONCE or NEVER", t.HasPrecondition)
		}
		if t.HasAttachments && m.FeatureLevel != Advanced {
			add("content.third_party_data.has_attachments", "attachments need feature_level_type ADVANCED")
		}
	}
	return errors.Join(errs...)
}
