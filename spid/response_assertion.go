package spid

import (
	"context"
	"time"

	"github.com/beevik/etree"
)

// assertion is what the validator reads from the signed Assertion.
type assertion struct {
	id            string
	nameID        string
	nameQualifier string
	sessionIndex  string
	authnInstant  time.Time
	level         Level
	expires       time.Time // SubjectConfirmationData NotOnOrAfter: replay window
	attrs         map[string]string
}

// checkAssertion implements checklist 40–47 (cases 33–99) on the Assertion
// exactly as signed.
func (sp *SP) checkAssertion(v *response) (*assertion, error) {
	as := v.assertion
	a := &assertion{}
	var err error
	if a.id, err = requiredAttr(as, "ID", "assertion.id", ErrID); err != nil {
		return nil, err
	}
	if ver, _ := attr(as, "Version"); ver != "2.0" {
		return nil, errorf("assertion.version", ErrVersion, "%q", ver)
	}
	ii, err := instantAttr(as, "IssueInstant", "assertion.issue_instant", ErrIssueInstant)
	if err != nil {
		return nil, err
	}
	if err := sp.checkInstant("assertion.issue_instant", ii, v); err != nil {
		return nil, err
	}
	if err := sp.checkIssuer(as, "assertion.issuer", true); err != nil {
		return nil, err
	}
	if is := textOf(child(as, nsSAML, "Issuer")); is != v.idp.EntityID {
		return nil, errorf("assertion.issuer", ErrIssuer, "%q is not the IdP", is)
	}
	if err := sp.checkSubject(v, a); err != nil {
		return nil, err
	}
	if err := sp.checkConditions(v); err != nil {
		return nil, err
	}
	if err := sp.checkAuthnStatement(v, a); err != nil {
		return nil, err
	}
	if a.attrs, err = readAttributes(as); err != nil {
		return nil, err
	}
	return a, nil
}

// checkSubject implements checklist 42–43 (cases 41–66).
func (sp *SP) checkSubject(v *response, a *assertion) error {
	subjects := children(v.assertion, nsSAML, "Subject")
	if len(subjects) != 1 {
		return errorf("assertion.subject", ErrSubject, "%d Subject elements", len(subjects))
	}
	s := subjects[0]
	nameIDs := children(s, nsSAML, "NameID")
	if len(nameIDs) != 1 {
		return errorf("assertion.subject.name_id", ErrSubject, "%d NameID elements", len(nameIDs))
	}
	n := nameIDs[0]
	if a.nameID = textOf(n); a.nameID == "" {
		return errorf("assertion.subject.name_id", ErrSubject, "empty NameID")
	}
	format, err := requiredAttr(n, "Format", "assertion.subject.name_id.format", ErrSubject)
	if err != nil {
		return err
	}
	if format != formatTransient {
		return errorf("assertion.subject.name_id.format", ErrSubject, "%q is not transient", format)
	}
	if a.nameQualifier, err = requiredAttr(n, "NameQualifier", "assertion.subject.name_id.name_qualifier", ErrSubject); err != nil {
		return err
	}
	scs := children(s, nsSAML, "SubjectConfirmation")
	if len(scs) != 1 {
		return errorf("assertion.subject.confirmation", ErrSubject, "%d SubjectConfirmation elements", len(scs))
	}
	method, err := requiredAttr(scs[0], "Method", "assertion.subject.confirmation.method", ErrSubject)
	if err != nil {
		return err
	}
	if method != methodBearer {
		return errorf("assertion.subject.confirmation.method", ErrSubject, "%q is not bearer", method)
	}
	scds := children(scs[0], nsSAML, "SubjectConfirmationData")
	if len(scds) != 1 {
		return errorf("assertion.subject.confirmation_data", ErrSubject, "%d SubjectConfirmationData elements", len(scds))
	}
	scd := scds[0]
	recipient, err := requiredAttr(scd, "Recipient", "assertion.subject.confirmation_data.recipient", ErrDestination)
	if err != nil {
		return err
	}
	if recipient != sp.cfg.ACSURL {
		return errorf("assertion.subject.confirmation_data.recipient", ErrDestination, "%q is not the ACS", recipient)
	}
	irt, err := requiredAttr(scd, "InResponseTo", "assertion.subject.confirmation_data.in_response_to", ErrInResponseTo)
	if err != nil {
		return err
	}
	if irt != v.req.ID {
		return errorf("assertion.subject.confirmation_data.in_response_to", ErrInResponseTo, "not the request")
	}
	if a.expires, err = instantAttr(scd, "NotOnOrAfter", "assertion.subject.confirmation_data.not_on_or_after", ErrSubject); err != nil {
		return err
	}
	if !v.now.Before(a.expires.Add(sp.skew)) {
		return errorf("assertion.subject.confirmation_data.not_on_or_after", ErrSubject, "expired at %s", a.expires.Format(time.RFC3339))
	}
	a.expires = a.expires.Add(sp.skew)
	return nil
}

// checkConditions implements checklist 44 (cases 73–87): both bounds
// required and valid now, the Audience is the SP.
func (sp *SP) checkConditions(v *response) error {
	conds := children(v.assertion, nsSAML, "Conditions")
	if len(conds) != 1 {
		return errorf("assertion.conditions", ErrConditions, "%d Conditions elements", len(conds))
	}
	c := conds[0]
	nb, err := instantAttr(c, "NotBefore", "assertion.conditions.not_before", ErrConditions)
	if err != nil {
		return err
	}
	if nb.After(v.now.Add(sp.skew)) {
		return errorf("assertion.conditions.not_before", ErrConditions, "not valid before %s", nb.Format(time.RFC3339))
	}
	noa, err := instantAttr(c, "NotOnOrAfter", "assertion.conditions.not_on_or_after", ErrConditions)
	if err != nil {
		return err
	}
	if !v.now.Before(noa.Add(sp.skew)) {
		return errorf("assertion.conditions.not_on_or_after", ErrConditions, "expired at %s", noa.Format(time.RFC3339))
	}
	ars := children(c, nsSAML, "AudienceRestriction")
	if len(ars) == 0 {
		return errorf("assertion.conditions.audience", ErrAudience, "no AudienceRestriction")
	}
	for _, ar := range ars { // every restriction must admit the SP
		auds := children(ar, nsSAML, "Audience")
		if len(auds) == 0 {
			return errorf("assertion.conditions.audience", ErrAudience, "no Audience")
		}
		found := false
		for _, au := range auds {
			if textOf(au) == "" {
				return errorf("assertion.conditions.audience", ErrAudience, "empty Audience")
			}
			found = found || textOf(au) == sp.cfg.EntityID
		}
		if !found {
			return errorf("assertion.conditions.audience", ErrAudience, "the SP is not an audience")
		}
	}
	return nil
}

// checkAuthnStatement implements checklist 45–46 (cases 88–97).
func (sp *SP) checkAuthnStatement(v *response, a *assertion) error {
	stmts := children(v.assertion, nsSAML, "AuthnStatement")
	if len(stmts) != 1 {
		return errorf("assertion.authn_statement", ErrLevel, "%d AuthnStatement elements", len(stmts))
	}
	st := stmts[0]
	if ai, ok := attr(st, "AuthnInstant"); ok {
		a.authnInstant, _ = time.Parse(time.RFC3339Nano, ai)
	}
	a.sessionIndex, _ = attr(st, "SessionIndex")
	ac := child(st, nsSAML, "AuthnContext")
	if ac == nil {
		return errorf("assertion.authn_context", ErrLevel, "no AuthnContext")
	}
	refs := children(ac, nsSAML, "AuthnContextClassRef")
	if len(refs) != 1 {
		return errorf("assertion.authn_context_class_ref", ErrLevel, "%d AuthnContextClassRef elements", len(refs))
	}
	level, err := ParseLevel(textOf(refs[0]))
	if err != nil {
		return newError("assertion.authn_context_class_ref", ErrLevel, err)
	}
	if !LevelAcceptable(v.req.Level, v.req.Comparison, level) {
		return errorf("assertion.authn_context_class_ref", ErrLevel, "%s does not satisfy %s %s", level, v.req.Comparison, v.req.Level)
	}
	a.level = level
	return nil
}

// readAttributes reads the AttributeStatement (checklist 47, cases 98, 99,
// 109): if present it has at least one Attribute, each with a Name.
func readAttributes(as *etree.Element) (map[string]string, error) {
	out := map[string]string{}
	stmts := children(as, nsSAML, "AttributeStatement")
	if len(stmts) > 1 {
		return nil, errorf("assertion.attribute_statement", ErrAttribute, "%d AttributeStatement elements", len(stmts))
	}
	for _, st := range stmts {
		attrs := children(st, nsSAML, "Attribute")
		if len(attrs) == 0 {
			return nil, errorf("assertion.attribute_statement", ErrAttribute, "no Attribute")
		}
		for _, at := range attrs {
			name, ok := attr(at, "Name")
			if !ok || name == "" {
				return nil, errorf("assertion.attribute", ErrAttribute, "Attribute without Name")
			}
			if _, dup := out[name]; dup {
				return nil, errorf("assertion.attribute", ErrAttribute, "%q twice", name)
			}
			vals := children(at, nsSAML, "AttributeValue")
			if len(vals) == 0 {
				return nil, errorf("assertion.attribute", ErrAttribute, "%q without AttributeValue", name)
			}
			out[name] = textOf(vals[0])
		}
	}
	return out, nil
}

// recordFailure registers a rejected Response that answered a known request.
func (sp *SP) recordFailure(ctx context.Context, v *response, err error) {
	if sp.cfg.Register == nil || v.req.ID == "" {
		return
	}
	t := Transaction{
		Provider: sp.profile.Name, AuthnReqID: v.req.ID, AuthnReqIssueInstant: v.req.IssueInstant,
		RespID: v.id, RespIssueInstant: v.issueInstant, AuthnRequestXML: v.req.XML, ResponseXML: v.raw,
		Received: v.now, Outcome: "rejected",
	}
	if v.idp != nil {
		t.RespIssuer = v.idp.EntityID
	}
	if e, ok := err.(*Error); ok {
		t.Outcome, t.ErrorCode = e.Check, e.Code
	}
	if rerr := sp.cfg.Register.Record(ctx, t); rerr != nil {
		sp.log.ErrorContext(ctx, "spid: transaction register failed", "err", rerr)
	}
}
