package station

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"sync"
)

// xw writes indented XML: exact element order and optional elements are
// under the caller's control, as the XSD sequences require.
type xw struct {
	b     bytes.Buffer
	depth int
}

var writers = sync.Pool{New: func() any { return new(xw) }}

func (w *xw) indent() {
	w.b.WriteByte('\n')
	for range w.depth {
		w.b.WriteString("  ")
	}
}

// open writes a start tag; attrs are name, value pairs.
func (w *xw) open(name string, attrs ...string) {
	w.indent()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		_ = xml.EscapeText(&w.b, []byte(attrs[i+1]))
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
	w.depth++
}

func (w *xw) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// leaf writes <name>text</name>.
func (w *xw) leaf(name, text string) {
	w.indent()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
	_ = xml.EscapeText(&w.b, []byte(text))
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

// opt writes <name>text</name> unless text is empty (an optional element;
// the XSD's string types all have minLength 1).
func (w *xw) opt(name, text string) {
	if text != "" {
		w.leaf(name, text)
	}
}

func (w *xw) boolean(name string, v bool) { w.leaf(name, strconv.FormatBool(v)) }

// envelope starts a SOAP 1.1 envelope whose body holds the response element
// resp in paForNode's namespace (prefix paf, declared on the element so that
// the body is a self-contained document).
func (w *xw) envelope(resp string) {
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
	w.indent()
	w.b.WriteString(`<soapenv:Envelope xmlns:soapenv="` + soapEnvNS + `">`)
	w.depth++
	w.indent()
	w.b.WriteString("<soapenv:Header/>")
	w.open("soapenv:Body")
	w.open("paf:"+resp, "xmlns:paf", Namespace)
}

func (w *xw) endEnvelope(resp string) {
	w.close("paf:" + resp)
	w.close("soapenv:Body")
	w.close("soapenv:Envelope")
	w.b.WriteByte('\n')
}

// fault writes ctResponse's outcome KO and fault bean.
func (w *xw) fault(f *Fault, id string) {
	w.leaf("outcome", "KO")
	w.open("fault")
	w.leaf("faultCode", f.Code)
	w.leaf("faultString", f.String)
	w.leaf("id", id)
	w.opt("description", f.Description)
	w.close("fault")
}
