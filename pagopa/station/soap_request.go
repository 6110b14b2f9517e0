package station

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// Namespaces of paForNode (SANP).
const (
	soapEnvNS = "http://schemas.xmlsoap.org/soap/envelope/"
	// Namespace is the namespace of paForNode's request and response elements.
	Namespace = "http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd"
)

// errSyntax marks a request that is not well-formed or breaks the XSD.
var errSyntax = errors.New("syntax error")

func syntaxErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errSyntax, fmt.Sprintf(format, args...))
}

// operation describes one paForNode operation.
type operation struct {
	name     string // soapAction
	request  string // body element of the request
	response string // body element of the response
	syntax   string // fault code for syntax errors
}

var operations = []operation{
	{"paVerifyPaymentNotice", "paVerifyPaymentNoticeReq", "paVerifyPaymentNoticeRes", FaultSyntaxExtraXSD},
	{"paGetPayment", "paGetPaymentReq", "paGetPaymentRes", FaultSyntaxExtraXSD},
	{"paGetPaymentV2", "paGetPaymentV2Request", "paGetPaymentV2Response", FaultSyntaxExtraXSD},
	{"paSendRT", "paSendRTReq", "paSendRTRes", FaultSyntaxExtraXSD},
	{"paSendRTV2", "paSendRTV2Request", "paSendRTV2Response", FaultSyntaxExtraXSD},
	{"paDemandPaymentNotice", "paDemandPaymentNoticeRequest", "paDemandPaymentNoticeResponse", FaultSyntaxXSD},
}

func operationByRequest(local string) *operation {
	for i := range operations {
		if operations[i].request == local {
			return &operations[i]
		}
	}
	return nil
}

func operationByAction(action string) *operation {
	for i := range operations {
		if operations[i].name == action {
			return &operations[i]
		}
	}
	return nil
}

// parseEnvelope reads a SOAP 1.1 envelope and decodes the body's request
// element into a value chosen by the operation it names. It rejects DTDs,
// processing instructions other than the XML declaration, and anything but
// one request element in the body. On error the operation is returned when
// it could be identified, so the fault can be sent in its response element.
func parseEnvelope(body []byte, decode func(op *operation, d *xml.Decoder, start *xml.StartElement) error) (*operation, error) {
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = true
	d.CharsetReader = nil // only UTF-8 (and US-ASCII) are accepted
	depth := 0            // 0: prolog, 1: in Envelope, 2: in Body
	var op *operation
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if op == nil {
				return nil, syntaxErr("no request in the soap body")
			}
			if depth != 0 {
				return op, syntaxErr("truncated envelope")
			}
			return op, nil
		}
		if err != nil {
			return op, syntaxErr("%v", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return op, syntaxErr("dtd and other directives are not allowed")
		case xml.ProcInst:
			if t.Target != "xml" || depth != 0 {
				return op, syntaxErr("processing instructions are not allowed")
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return op, syntaxErr("unexpected text")
			}
		case xml.Comment:
		case xml.EndElement:
			depth--
		case xml.StartElement:
			switch {
			case depth == 0 && t.Name.Space == soapEnvNS && t.Name.Local == "Envelope":
				depth = 1
			case depth == 1 && t.Name.Space == soapEnvNS && t.Name.Local == "Header":
				if err := d.Skip(); err != nil {
					return op, syntaxErr("%v", err)
				}
			case depth == 1 && t.Name.Space == soapEnvNS && t.Name.Local == "Body":
				depth = 2
			case depth == 2 && op == nil:
				op = operationByRequest(t.Name.Local)
				if op == nil || t.Name.Space != Namespace {
					return nil, syntaxErr("unknown request element {%s}%s", t.Name.Space, t.Name.Local)
				}
				if err := decode(op, d, &t); err != nil {
					return op, syntaxErr("%v", err)
				}
			default:
				return op, syntaxErr("unexpected element {%s}%s", t.Name.Space, t.Name.Local)
			}
		}
	}
}
