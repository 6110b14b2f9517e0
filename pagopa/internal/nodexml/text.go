// Package nodexml owns the XML the pagoPA node exchanges with a creditor
// institution (paForNode.xsd): the text rules of its simple types and the
// receipt element (ctReceipt, ctReceiptV2), parsed once for the station's
// paSendRT(V2) and for the receipts GPD returns.
package nodexml

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrSyntax marks input that is not well-formed or breaks paForNode.xsd.
var ErrSyntax = errors.New("syntax error")

// Text checks a stText<max>: 1..max characters.
func Text(s string, max int) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return fmt.Errorf("%w: text of length %d not in 1..%d", ErrSyntax, n, max)
	}
	return nil
}

// Digits reports whether s is exactly n ASCII digits.
func Digits(s string, n int) bool {
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

func syntaxErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrSyntax, fmt.Sprintf(format, args...))
}
