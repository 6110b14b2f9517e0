package spid

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/beevik/etree"
)

// parseXML parses untrusted XML. Documents with a DTD (DOCTYPE or ENTITY
// declarations, the vector of XXE and entity bombs) are refused before
// parsing, as are processing instructions other than the XML declaration.
func parseXML(data []byte) (*etree.Document, error) {
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) ||
		bytes.Contains(data, []byte("<!doctype")) {
		return nil, fmt.Errorf("%w: DTD not allowed", ErrMalformed)
	}
	doc := etree.NewDocument()
	doc.ReadSettings.Permissive = false
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	root := doc.Root()
	if root == nil {
		return nil, fmt.Errorf("%w: no root element", ErrMalformed)
	}
	for _, tok := range doc.Child {
		switch t := tok.(type) {
		case *etree.Directive:
			return nil, fmt.Errorf("%w: directive not allowed", ErrMalformed)
		case *etree.ProcInst:
			if t.Target != "xml" {
				return nil, fmt.Errorf("%w: processing instruction not allowed", ErrMalformed)
			}
		}
	}
	return doc, nil
}

// isElem reports whether el is the element {ns}local.
func isElem(el *etree.Element, ns, local string) bool {
	return el != nil && el.Tag == local && el.NamespaceURI() == ns
}

// child returns the first child {ns}local of el, or nil.
func child(el *etree.Element, ns, local string) *etree.Element {
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if isElem(c, ns, local) {
			return c
		}
	}
	return nil
}

// children returns every child {ns}local of el.
func children(el *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	if el == nil {
		return nil
	}
	for _, c := range el.ChildElements() {
		if isElem(c, ns, local) {
			out = append(out, c)
		}
	}
	return out
}

// descendants returns every descendant {ns}local of el, in document order.
func descendants(el *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for _, c := range e.ChildElements() {
			if isElem(c, ns, local) {
				out = append(out, c)
			}
			walk(c)
		}
	}
	walk(el)
	return out
}

// countLocal counts the elements named local in any namespace under el,
// el included.
func countLocal(el *etree.Element, local string) int {
	n := 0
	if el.Tag == local {
		n++
	}
	for _, c := range el.ChildElements() {
		n += countLocal(c, local)
	}
	return n
}

// attr returns the value of an unqualified attribute and whether it exists.
func attr(el *etree.Element, key string) (string, bool) {
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

// pathOf returns the path of an absolute URL ("/" if none).
func pathOf(raw string) string {
	i := strings.Index(raw, "://")
	if i < 0 {
		return raw
	}
	rest := raw[i+3:]
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		return rest[j:]
	}
	return "/"
}

// textOf returns all the character data of el, concatenated. Comments do not
// split the value: exclusive c14n leaves comments out of the signature, so
// reading only the text before a comment (etree's Text) would let an
// attacker truncate a signed value.
func textOf(el *etree.Element) string {
	var b strings.Builder
	for _, tok := range el.Child {
		if cd, ok := tok.(*etree.CharData); ok {
			b.WriteString(cd.Data)
		}
	}
	return strings.TrimSpace(b.String())
}
