package pagopa

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ErrReceiptSyntax is the kind of every error of [ReceiptXML.Receipt] and
// [ParseReceiptXML]: the receipt XML is not well-formed, too large, has a
// DOCTYPE, or breaks the rules it is checked under.
var ErrReceiptSyntax = errors.New("syntax error")

// ReceiptXML is the receipt element of paForNode.xsd as the node sends it
// in paSendRT (ctReceipt) and paSendRTV2 (ctReceiptV2), and as GPD's
// receipts API returns it. Decode it with encoding/xml as part of a larger
// document (a SOAP request) and convert it with [ReceiptXML.Receipt], or
// parse a whole document with [ParseReceiptXML].
type ReceiptXML struct {
	x xReceipt
}

// UnmarshalXML decodes a receipt element (in any namespace).
func (rx *ReceiptXML) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	return d.DecodeElement(&rx.x, &start)
}

// MaxReceiptXMLBytes is the largest receipt XML [ParseReceiptXML] reads (a
// ctReceiptV2 with five stamp attachments is well under 64 KiB).
const MaxReceiptXMLBytes = 1 << 20

// ParseReceiptXML reads the first receipt element of r, bare or inside any
// wrapper such as paSendRTV2Req, and converts it with [ReceiptXML.Receipt]
// under rules. It reads at most [MaxReceiptXMLBytes] and refuses a DOCTYPE and any
// other directive (no entity expansion). Every error matches
// [ErrReceiptSyntax].
func ParseReceiptXML(r io.Reader, rules ReceiptXMLRules) (Receipt, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxReceiptXMLBytes+1))
	if err != nil {
		return Receipt{}, receiptSyntax("read: %v", err)
	}
	if len(raw) > MaxReceiptXMLBytes {
		return Receipt{}, receiptSyntax("larger than %d bytes", MaxReceiptXMLBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(raw))
	for {
		tok, err := d.Token()
		if err != nil {
			return Receipt{}, receiptSyntax("no receipt element: %v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return Receipt{}, receiptSyntax("DOCTYPE and other directives are refused")
		case xml.StartElement:
			if t.Name.Local != "receipt" {
				continue
			}
			var rx ReceiptXML
			if err := d.DecodeElement(&rx, &t); err != nil {
				return Receipt{}, receiptSyntax("%v", err)
			}
			return rx.Receipt(rules)
		}
	}
}

// xsdText checks an XSD stText<max>: 1..max characters.
func xsdText(s string, max int) error {
	if n := utf8.RuneCountInString(s); n < 1 || n > max {
		return receiptSyntax("text of length %d not in 1..%d", n, max)
	}
	return nil
}

func digits(s string, n int) bool { return len(s) == n && allDigits(s) }

func receiptSyntax(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrReceiptSyntax, fmt.Sprintf(format, args...))
}
