package gpd

import (
	"errors"
	"fmt"
	"io"

	"github.com/siopi/siopi/pagopa"
)

// MaxReceiptBytes is the largest receipt XML [ParseReceipt] reads (a
// ctReceiptV2 with five stamp attachments is well under 64 KiB).
const MaxReceiptBytes = pagopa.MaxReceiptXMLBytes

// ErrReceiptXML is the kind of every error of [ParseReceipt]: the receipt XML
// is too large, malformed, has a DOCTYPE, or misses a required element.
var ErrReceiptXML = errors.New("gpd: invalid receipt xml")

// ParseReceipt parses the receipt XML the GPD receipts API returns
// (getReceiptByIUV): a paSendRTV2 receipt (paForNode.xsd ctReceiptV2), bare
// or inside any wrapper such as paSendRTV2Req, into the core receipt. It
// reads at most [MaxReceiptBytes], refuses a DOCTYPE (no entity expansion),
// and checks the elements the core relies on: receiptId, an 18-digit notice
// number, an 11-digit fiscal code, outcome OK or KO, the amounts in the
// node's decimal form and 1..5 transfers with exactly one of IBAN and
// MBDAttachment. Every error matches [ErrReceiptXML].
func ParseReceipt(r io.Reader) (pagopa.Receipt, error) {
	rc, err := pagopa.ParseReceiptXML(r, pagopa.ReceiptXMLRules{V2: true})
	if err == nil && !iuvRe.MatchString(string(rc.IUV)) {
		err = errors.New("creditorReferenceId must be 1..35 letters or digits")
	}
	if err != nil {
		return pagopa.Receipt{}, fmt.Errorf("%w: %v", ErrReceiptXML, err)
	}
	return rc, nil
}
