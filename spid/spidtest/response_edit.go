package spidtest

import "github.com/beevik/etree"

// Editing helpers for case modifiers. Paths are relative to the Response
// ("" is the Response itself), e.g. "saml:Assertion/saml:Subject/saml:NameID".

func (b *builder) find(path string) *etree.Element {
	if path == "" {
		return b.resp
	}
	return b.resp.FindElement("./" + path)
}

// setAttr sets an attribute of the element at path, if it exists.
func (b *builder) setAttr(path, attr, value string) {
	if el := b.find(path); el != nil {
		el.CreateAttr(attr, value)
	}
}

// delAttr removes an attribute of the element at path.
func (b *builder) delAttr(path, attr string) {
	if el := b.find(path); el != nil {
		el.RemoveAttr(attr)
	}
}

// setText sets the text of the element at path.
func (b *builder) setText(path, text string) {
	if el := b.find(path); el != nil {
		el.SetText(text)
	}
}

// remove deletes the element at path.
func (b *builder) remove(path string) {
	el := b.find(path)
	if el == nil || el.Parent() == nil {
		return
	}
	el.Parent().RemoveChild(el)
	if el == b.assertion {
		b.assertion = nil
	}
}

// empty keeps the element at path with its attributes but drops its content
// ("present but empty" in the catalogue).
func (b *builder) empty(path string) {
	if el := b.find(path); el != nil {
		for len(el.Child) > 0 {
			el.RemoveChildAt(0)
		}
	}
}

// insertElementAt inserts child so that it becomes el's i-th child element
// (appended if el has fewer).
func insertElementAt(el *etree.Element, i int, child *etree.Element) {
	n := 0
	for idx, t := range el.Child {
		if _, ok := t.(*etree.Element); ok {
			if n == i {
				el.InsertChildAt(idx, child)
				return
			}
			n++
		}
	}
	el.AddChild(child)
}

// signatureOf returns el's direct ds:Signature child.
func signatureOf(el *etree.Element) *etree.Element {
	for _, c := range el.ChildElements() {
		if c.Tag == "Signature" {
			return c
		}
	}
	return nil
}
