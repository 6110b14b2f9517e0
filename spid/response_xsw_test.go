package spid

import (
	"errors"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// TestParseResponseHostile checks signature wrapping (XSW), DTDs, XSLT and
// comment truncation: each must be rejected with a typed error.
func TestParseResponseHostile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(t *testing.T, doc *etree.Document)
		raw    func(s string) string
		// unsigned: the Response is not signed, so only the Assertion defends.
		unsigned bool
		want     error
	}{
		{
			name:     "XSW forged assertion before the signed one",
			unsigned: true,
			mutate: func(t *testing.T, doc *etree.Document) {
				root := doc.Root()
				orig := root.FindElement("./Assertion")
				forged := orig.Copy()
				forged.CreateAttr("ID", "_forged")
				forged.RemoveChild(forged.FindElement("./Signature"))
				forged.FindElement(".//NameID").SetText("_attacker")
				root.InsertChildAt(childIndex(root, 2), forged)
			},
			want: ErrAssertion,
		},
		{
			name:     "XSW signed assertion hidden in the forged one",
			unsigned: true,
			mutate: func(t *testing.T, doc *etree.Document) {
				root := doc.Root()
				orig := root.FindElement("./Assertion")
				root.RemoveChild(orig)
				forged := orig.Copy()
				forged.CreateAttr("ID", "_forged")
				forged.RemoveChild(forged.FindElement("./Signature"))
				forged.FindElement(".//NameID").SetText("_attacker")
				forged.FindElement("./Subject").AddChild(orig)
				root.AddChild(forged)
			},
			want: ErrAssertion,
		},
		{
			name: "XSW original response wrapped in a forged response",
			mutate: func(t *testing.T, doc *etree.Document) {
				orig := doc.Root()
				forged := orig.Copy()
				forged.CreateAttr("ID", "_forgedresp")
				ext := etree.NewElement("samlp:Extensions")
				ext.AddChild(orig)
				forged.InsertChildAt(childIndex(forged, 1), ext)
				doc.SetRoot(forged)
			},
			want: ErrSignature,
		},
		{
			name: "assertion content changed after signing",
			mutate: func(t *testing.T, doc *etree.Document) {
				doc.Root().FindElement(".//Attribute[@Name='fiscalNumber']/AttributeValue").SetText("TINIT-VRDGPP80A01H501X")
			},
			want: ErrSignature,
		},
		{
			name: "signature references another element",
			mutate: func(t *testing.T, doc *etree.Document) {
				ref := doc.Root().FindElement("./Assertion/Signature/SignedInfo/Reference")
				ref.CreateAttr("URI", "#_resp1")
			},
			want: ErrSignature,
		},
		{
			name: "XSLT transform",
			mutate: func(t *testing.T, doc *etree.Document) {
				tr := doc.Root().FindElement("./Assertion/Signature/SignedInfo/Reference/Transforms")
				x := tr.CreateElement("ds:Transform")
				x.CreateAttr("Algorithm", "http://www.w3.org/TR/1999/REC-xslt-19991116")
			},
			want: ErrSignature,
		},
		{
			name: "DOCTYPE",
			raw: func(s string) string {
				return `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + s
			},
			want: ErrMalformed,
		},
		{
			name: "comment truncation keeps the signed value",
			raw: func(s string) string {
				return strings.Replace(s, ">_nameid1<", ">_name<!-- x -->id1<", 1)
			},
			want: nil,
		},
		{
			name: "not XML",
			raw:  func(s string) string { return "\x00garbage" },
			want: ErrMalformed,
		},
		{
			name: "unsigned response, unsigned assertion with signed copy elsewhere",
			mutate: func(t *testing.T, doc *etree.Document) {
				root := doc.Root()
				root.RemoveChild(root.FindElement("./Signature"))
				orig := root.FindElement("./Assertion")
				root.RemoveChild(orig)
				forged := orig.Copy()
				forged.RemoveChild(forged.FindElement("./Signature"))
				root.AddChild(forged)
				ext := root.CreateElement("samlp:Extensions")
				ext.AddChild(orig)
			},
			want: ErrAssertion,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, clk := newTestSP(t)
			reqID := login(t, sp, LoginOptions{})
			p := defaultParams(reqID, clk.Now())
			p.SignResponse = !tt.unsigned
			raw := p.build(t)
			if tt.mutate != nil {
				doc := readDoc(t, raw)
				tt.mutate(t, doc)
				raw, _ = doc.WriteToBytes()
			}
			if tt.raw != nil {
				raw = []byte(tt.raw(string(raw)))
			}
			id, err := sp.ParseResponseXML(t.Context(), raw)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				if id.NameID != "_nameid1" {
					t.Fatalf("NameID = %q, want the signed value", id.NameID)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if id != nil {
				t.Fatal("identity returned with an error")
			}
		})
	}
}
