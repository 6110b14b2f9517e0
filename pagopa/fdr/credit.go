package fdr

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// ErrCreditMismatch reports a treasury credit that does not match its flow.
var ErrCreditMismatch = errors.New("fdr: credit does not match the flow")

// Credit is a credit on the EC's treasury or bank account (a line of the bank statement or of
// the Banca d'Italia / tesoreria OPI feed).
type Credit struct {
	Amount    pagopa.Amount
	Causale   string // remittance information of the SEPA credit transfer
	ValueDate time.Time
	TRN       string // the transfer's reference, optional
}

const causaleMarker = "/PUR/LGPE-RIVERSAMENTO/URI/"

// FlowIDFromCausale extracts the flow ID from a credit's remittance information
// ("/PUR/LGPE-RIVERSAMENTO/URI/<identificativoFlusso>", pagopa.md §5.2). The marker is matched
// case-insensitively and may be preceded or followed by other text; the ID ends at the first
// character outside [A-Za-z0-9-_] or after 35 characters.
func FlowIDFromCausale(causale string) (string, bool) {
	i := indexASCIIFold(causale, causaleMarker)
	if i < 0 {
		return "", false
	}
	rest := causale[i+len(causaleMarker):]
	n := 0
	for n < len(rest) && n < 35 && isIDChar(rest[n]) {
		n++
	}
	if n == 0 {
		return "", false
	}
	return rest[:n], true
}

// indexASCIIFold is strings.Index ignoring ASCII case, on bytes (so that non-ASCII or invalid
// UTF-8 text cannot shift offsets, as strings.ToUpper would).
func indexASCIIFold(s, upper string) int {
	for i := 0; i+len(upper) <= len(s); i++ {
		j := 0
		for j < len(upper) && toUpperASCII(s[i+j]) == upper[j] {
			j++
		}
		if j == len(upper) {
			return i
		}
	}
	return -1
}

func toUpperASCII(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

func isIDChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// MatchCredit checks that credit settles flow f: its causale names f (case-insensitively, as
// banks may upper-case it) and its amount equals the flow's declared total. The error matches
// [ErrCreditMismatch] and says what differs.
func MatchCredit(c Credit, f *Flow) error {
	id, ok := FlowIDFromCausale(c.Causale)
	if !ok {
		return fmt.Errorf("%w: causale has no %s", ErrCreditMismatch, causaleMarker)
	}
	if !strings.EqualFold(id, f.ID) {
		return fmt.Errorf("%w: causale names flow %s, not %s", ErrCreditMismatch, id, f.ID)
	}
	if c.Amount != f.TotalAmount {
		return fmt.Errorf("%w: credited %s, flow %s declares %s", ErrCreditMismatch, c.Amount, f.ID, f.TotalAmount)
	}
	return nil
}
