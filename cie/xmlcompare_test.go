package cie

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// readFixture parses an XML file of testdata.
func readFixture(t *testing.T, name string) *etree.Document {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(b); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// qname is an element's or attribute's namespace-resolved name.
func qname(e *etree.Element) string { return "{" + e.NamespaceURI() + "}" + e.Tag }

// attrs returns an element's attributes other than namespace declarations,
// as name=value, sorted.
func attrs(e *etree.Element) []string {
	var out []string
	for _, a := range e.Attr {
		if a.Space == "xmlns" || (a.Space == "" && a.Key == "xmlns") {
			continue
		}
		name := a.Key
		if a.Space != "" {
			name = "{" + a.NamespaceURI() + "}" + a.Key
		}
		out = append(out, name+"="+a.Value)
	}
	slices.Sort(out)
	return out
}

// compareElements asserts that got and want have the same namespace-resolved
// names, attributes, trimmed text and children, in the same order. skip
// names elements (by qname) whose subtree is not compared.
func compareElements(t *testing.T, path string, got, want *etree.Element, skip ...string) {
	t.Helper()
	path += "/" + want.Tag
	if qname(got) != qname(want) {
		t.Errorf("%s: element %s, want %s", path, qname(got), qname(want))
		return
	}
	if slices.Contains(skip, qname(want)) {
		return
	}
	if g, w := attrs(got), attrs(want); !slices.Equal(g, w) {
		t.Errorf("%s: attributes %v, want %v", path, g, w)
	}
	if g, w := strings.TrimSpace(got.Text()), strings.TrimSpace(want.Text()); g != w {
		t.Errorf("%s: text %q, want %q", path, g, w)
	}
	gc, wc := got.ChildElements(), want.ChildElements()
	for i := range max(len(gc), len(wc)) {
		switch {
		case i >= len(gc):
			t.Errorf("%s: missing child %d %s", path, i, qname(wc[i]))
		case i >= len(wc):
			t.Errorf("%s: extra child %d %s", path, i, qname(gc[i]))
		default:
			compareElements(t, path, gc[i], wc[i], skip...)
		}
	}
}
