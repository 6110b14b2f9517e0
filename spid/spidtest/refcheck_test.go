package spidtest_test

import (
	"crypto/x509"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/siopi/siopi/spid/spidtest"
)

// refCheck is a small, strict SPID response validator written only to test
// the catalogue: every case must get its expected outcome from it. It is
// independent of package spid, so the catalogue is checked even while spid
// is being written.
type refCheck struct {
	idpEntityID string
	idpCert     *x509.Certificate
	spEntityID  string
	req         spidtest.AuthnRequestInfo
	now         time.Time
}

const (
	nsSAML  = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsSAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
	entity  = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
	skew    = time.Minute
)

var errorCodeRE = regexp.MustCompile(`^ErrorCode nr(\d+)$`)

// errAnomaly carries the ErrorCode of a failed authentication.
type errAnomaly struct{ code int }

func (e errAnomaly) Error() string { return "ErrorCode nr" + strconv.Itoa(e.code) }

func child(el *etree.Element, space, tag string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == space {
			out = append(out, c)
		}
	}
	return out
}

func one(el *etree.Element, space, tag string) (*etree.Element, error) {
	cs := child(el, space, tag)
	if len(cs) != 1 {
		return nil, fmt.Errorf("%s: want one %s, have %d", el.Tag, tag, len(cs))
	}
	return cs[0], nil
}

func attr(el *etree.Element, name string) (string, error) {
	a := el.SelectAttr(name)
	if a == nil || a.Value == "" {
		return "", fmt.Errorf("%s@%s missing or empty", el.Tag, name)
	}
	return a.Value, nil
}

func instant(el *etree.Element, name string) (time.Time, error) {
	v, err := attr(el, name)
	if err != nil {
		return time.Time{}, err
	}
	if !strings.HasSuffix(v, "Z") {
		return time.Time{}, fmt.Errorf("%s@%s not UTC", el.Tag, name)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s@%s: %w", el.Tag, name, err)
	}
	return t, nil
}

// verify checks el's enveloped signature against the IdP certificate only,
// and that only enveloped-signature and exc-c14n transforms are used.
func (c refCheck) verify(el *etree.Element) error {
	for _, tr := range el.FindElements("./Signature/SignedInfo/Reference/Transforms/Transform") {
		switch tr.SelectAttrValue("Algorithm", "") {
		case "http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#":
		default:
			return errors.New("transform not allowed")
		}
	}
	parent, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return err
	}
	det, err := etreeutils.NSDetatch(parent, el)
	if err != nil {
		return err
	}
	for _, s := range det.ChildElements() {
		if s.Tag == "Signature" {
			if ki := s.FindElement("./KeyInfo"); ki != nil {
				s.RemoveChild(ki)
			}
		}
	}
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{c.idpCert}})
	ctx.IdAttribute = "ID"
	_, err = ctx.Validate(det)
	return err
}

func (c refCheck) check(xmlBytes []byte) error {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(xmlBytes); err != nil {
		return err
	}
	r := doc.Root()
	if r == nil || r.Tag != "Response" || r.NamespaceURI() != nsSAMLP {
		return errors.New("not a Response")
	}
	if len(child(r, "http://www.w3.org/2000/09/xmldsig#", "Signature")) > 0 {
		if err := c.verify(r); err != nil {
			return fmt.Errorf("response signature: %w", err)
		}
	}
	if _, err := attr(r, "ID"); err != nil {
		return err
	}
	if r.SelectAttrValue("Version", "") != "2.0" {
		return errors.New("version")
	}
	if err := c.instantOK(r, "IssueInstant"); err != nil {
		return err
	}
	if v := r.SelectAttrValue("InResponseTo", ""); v != c.req.ID {
		return errors.New("InResponseTo")
	}
	if v := r.SelectAttrValue("Destination", ""); v != c.req.ACSURL {
		return errors.New("destination")
	}
	if err := c.issuer(r, false); err != nil {
		return err
	}
	st, err := one(r, nsSAMLP, "Status")
	if err != nil {
		return err
	}
	sc, err := one(st, nsSAMLP, "StatusCode")
	if err != nil {
		return err
	}
	if v := sc.SelectAttrValue("Value", ""); v != "urn:oasis:names:tc:SAML:2.0:status:Success" {
		if m := st.FindElement("./StatusMessage"); m != nil {
			if g := errorCodeRE.FindStringSubmatch(strings.TrimSpace(m.Text())); g != nil {
				n, _ := strconv.Atoi(g[1])
				return errAnomaly{n}
			}
		}
		return errors.New("status " + v)
	}
	if n := len(doc.FindElements("//Assertion")); n != 1 {
		return fmt.Errorf("%d assertions in the document", n)
	}
	a, err := one(r, nsSAML, "Assertion")
	if err != nil {
		return err
	}
	if len(child(a, "http://www.w3.org/2000/09/xmldsig#", "Signature")) != 1 {
		return errors.New("assertion not signed")
	}
	if err := c.verify(a); err != nil {
		return fmt.Errorf("assertion signature: %w", err)
	}
	return c.assertion(a)
}

func (c refCheck) instantOK(el *etree.Element, name string) error {
	t, err := instant(el, name)
	if err != nil {
		return err
	}
	if t.Before(c.req.IssueInstant.Truncate(time.Second)) || t.After(c.now.Add(skew)) {
		return fmt.Errorf("%s@%s out of range", el.Tag, name)
	}
	return nil
}

func (c refCheck) issuer(el *etree.Element, formatRequired bool) error {
	iss, err := one(el, nsSAML, "Issuer")
	if err != nil {
		return err
	}
	if strings.TrimSpace(iss.Text()) != c.idpEntityID {
		return errors.New("issuer")
	}
	f := iss.SelectAttr("Format")
	if (f == nil && formatRequired) || (f != nil && f.Value != entity) {
		return errors.New("issuer format")
	}
	return nil
}

func (c refCheck) assertion(a *etree.Element) error {
	if _, err := attr(a, "ID"); err != nil {
		return err
	}
	if a.SelectAttrValue("Version", "") != "2.0" {
		return errors.New("assertion version")
	}
	if err := c.instantOK(a, "IssueInstant"); err != nil {
		return err
	}
	if err := c.issuer(a, true); err != nil {
		return err
	}
	subj, err := one(a, nsSAML, "Subject")
	if err != nil {
		return err
	}
	nid, err := one(subj, nsSAML, "NameID")
	if err != nil {
		return err
	}
	if strings.TrimSpace(nid.Text()) == "" || nid.SelectAttrValue("Format", "") != "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" {
		return errors.New("nameid")
	}
	if _, err := attr(nid, "NameQualifier"); err != nil {
		return err
	}
	sc, err := one(subj, nsSAML, "SubjectConfirmation")
	if err != nil {
		return err
	}
	if sc.SelectAttrValue("Method", "") != "urn:oasis:names:tc:SAML:2.0:cm:bearer" {
		return errors.New("method")
	}
	scd, err := one(sc, nsSAML, "SubjectConfirmationData")
	if err != nil {
		return err
	}
	if scd.SelectAttrValue("Recipient", "") != c.req.ACSURL || scd.SelectAttrValue("InResponseTo", "") != c.req.ID {
		return errors.New("subject confirmation data")
	}
	if t, err := instant(scd, "NotOnOrAfter"); err != nil || !t.After(c.now.Add(-skew)) {
		return errors.New("subject confirmation expiry")
	}
	cond, err := one(a, nsSAML, "Conditions")
	if err != nil {
		return err
	}
	if t, err := instant(cond, "NotBefore"); err != nil || t.After(c.now.Add(skew)) {
		return errors.New("not before")
	}
	if t, err := instant(cond, "NotOnOrAfter"); err != nil || !t.After(c.now.Add(-skew)) {
		return errors.New("not on or after")
	}
	ar, err := one(cond, nsSAML, "AudienceRestriction")
	if err != nil {
		return err
	}
	aud, err := one(ar, nsSAML, "Audience")
	if err != nil || strings.TrimSpace(aud.Text()) != c.spEntityID {
		return errors.New("audience")
	}
	as, err := one(a, nsSAML, "AuthnStatement")
	if err != nil {
		return err
	}
	ctx, err := one(as, nsSAML, "AuthnContext")
	if err != nil {
		return err
	}
	acr, err := one(ctx, nsSAML, "AuthnContextClassRef")
	if err != nil {
		return err
	}
	got := 0
	for l := 1; l <= 3; l++ {
		if strings.TrimSpace(acr.Text()) == spidtest.LevelURI(l) {
			got = l
		}
	}
	if got == 0 {
		return errors.New("level uri")
	}
	want, cmp := max(c.req.Level, 1), c.req.Comparison
	if cmp == "" {
		cmp = "exact"
	}
	if !(got == want && cmp != "better" || got > want || got < want && cmp == "maximum") {
		return errors.New("level")
	}
	for _, st := range child(a, nsSAML, "AttributeStatement") {
		ats := child(st, nsSAML, "Attribute")
		if len(ats) == 0 {
			return errors.New("empty attribute statement")
		}
		for _, at := range ats {
			if len(child(at, nsSAML, "AttributeValue")) == 0 {
				return errors.New("attribute without value")
			}
		}
	}
	return nil
}
