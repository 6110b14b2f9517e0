package pagopa

import (
	"errors"
	"fmt"
	"strconv"
)

// Amount is a sum of money in euro cents. The node's SOAP messages carry
// amounts as decimal strings with exactly two decimals ("12.34"); GPD carries
// them as integer cents. [ParseAmount] and [Amount.String] are the only
// conversions between the two, so no amount ever passes through a float.
type Amount int64

// MaxAmount is the largest amount the node accepts (999999999.99 euro,
// stAmount's maxInclusive).
const MaxAmount Amount = 99_999_999_999

// ErrAmount reports an amount that is not a valid node decimal.
var ErrAmount = errors.New("invalid amount")

// ParseAmount parses a node decimal amount: one or more digits, a dot and
// exactly two digits (the XSD pattern \d+\.\d{2}), at most [MaxAmount].
// "0.00" parses; callers that need a positive amount check it themselves.
func ParseAmount(s string) (Amount, error) {
	n := len(s)
	if n < 4 || n > 24 || s[n-3] != '.' {
		return 0, fmt.Errorf("pagopa: amount %q: %w", truncate(s, 32), ErrAmount)
	}
	var v int64
	for i := 0; i < n; i++ {
		if i == n-3 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("pagopa: amount %q: %w", truncate(s, 32), ErrAmount)
		}
		v = v*10 + int64(c-'0')
		if v > int64(MaxAmount) {
			return 0, fmt.Errorf("pagopa: amount %q: above the maximum: %w", truncate(s, 32), ErrAmount)
		}
	}
	return Amount(v), nil
}

// String formats a as the node's decimal with two decimals, e.g. "12.34".
// A negative amount (never valid on the wire) is formatted with a leading "-".
func (a Amount) String() string {
	var buf [24]byte
	return string(a.AppendText(buf[:0]))
}

// AppendText appends the node decimal form of a to b.
func (a Amount) AppendText(b []byte) []byte {
	v := int64(a)
	if v < 0 {
		b = append(b, '-')
		if v == -v { // math.MinInt64
			return append(b, "92233720368547758.08"...)
		}
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	c := v % 100
	return append(b, '.', byte('0'+c/10), byte('0'+c%10))
}

// MarshalText implements [encoding.TextMarshaler] with the node decimal form.
func (a Amount) MarshalText() ([]byte, error) { return a.AppendText(nil), nil }

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseAmount].
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// Cents returns a as an integer number of cents (GPD's representation).
func (a Amount) Cents() int64 { return int64(a) }

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
