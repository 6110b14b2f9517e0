package nodexml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/siopi/siopi/pagopa"
)

// MaxReceiptBytes is the largest receipt XML [ParseReceipt] reads (a
// ctReceiptV2 with five stamp attachments is well under 64 KiB).
const MaxReceiptBytes = 1 << 20

// ParseReceipt reads the first receipt element of r, bare or inside any
// wrapper such as paSendRTV2Req, and converts it with [Receipt.Core] under
// rules. It reads at most [MaxReceiptBytes] and refuses a DOCTYPE and any
// other directive (no entity expansion).
func ParseReceipt(r io.Reader, rules Rules) (pagopa.Receipt, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxReceiptBytes+1))
	if err != nil {
		return pagopa.Receipt{}, fmt.Errorf("read: %w", err)
	}
	if len(raw) > MaxReceiptBytes {
		return pagopa.Receipt{}, fmt.Errorf("larger than %d bytes", MaxReceiptBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := d.Token()
		if err != nil {
			return pagopa.Receipt{}, fmt.Errorf("no receipt element: %w", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return pagopa.Receipt{}, errors.New("DOCTYPE and other directives are refused")
		case xml.StartElement:
			if t.Name.Local != "receipt" {
				continue
			}
			var x Receipt
			if err := d.DecodeElement(&x, &t); err != nil {
				return pagopa.Receipt{}, err
			}
			return x.Core(rules)
		}
	}
}
