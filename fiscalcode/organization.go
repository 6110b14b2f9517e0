package fiscalcode

import (
	"fmt"
	"strings"
)

// ValidateOrganization checks an organisation's fiscal code or partita IVA:
// exactly 11 digits after trimming, not all zeros, whose last digit is the
// Luhn-style check digit of the first ten. It does not allocate for a valid code.
func ValidateOrganization(code string) error {
	code = strings.TrimSpace(code)
	if code == "" {
		return ErrEmpty
	}
	if len(code) != 11 {
		return &Error{Kind: ErrFormat, Detail: fmt.Sprintf("length %d, want 11 digits", len(code))}
	}
	sum, zeros := 0, true
	for i := 0; i < 11; i++ {
		b := code[i]
		if !isDigit(b) {
			return &Error{Kind: ErrFormat, Pos: i + 1}
		}
		if b != '0' {
			zeros = false
		}
		if i == 10 {
			break
		}
		d := int(b - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	if zeros {
		return &Error{Kind: ErrFormat, Detail: "all zeros"}
	}
	if want := byte('0' + (10-sum%10)%10); code[10] != want {
		return &Error{Kind: ErrCheckDigit, Pos: 11, Detail: "got '" + string(code[10]) + "', want '" + string(want) + "'"}
	}
	return nil
}

// ValidateAny accepts either a person's code (strictly validated) or an
// organisation's code, choosing by length: 11 characters are an organisation's.
func ValidateAny(code string) error {
	if len(strings.TrimSpace(code)) == 11 {
		return ValidateOrganization(code)
	}
	return Validate(code)
}

// Mask redacts a fiscal code for logs and error messages: it keeps the six
// letters derived from the names and the check character of a person's code,
// and the first three digits of an organisation's. For example
// "RSSMRA79B11C566R" becomes "RSSMRA*********R".
func Mask(code string) string {
	code = Normalize(code)
	switch {
	case len(code) == 16:
		return code[:6] + strings.Repeat("*", 9) + code[15:]
	case len(code) > 3:
		return code[:3] + strings.Repeat("*", len(code)-3)
	default:
		return strings.Repeat("*", len(code))
	}
}
