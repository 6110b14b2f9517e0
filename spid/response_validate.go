package spid

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/beevik/etree"
)

// SAML URIs checked by the validator.
const (
	statusSuccess   = "urn:oasis:names:tc:SAML:2.0:status:Success"
	formatEntity    = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
	formatTransient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	methodBearer    = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
)

// response is what the validator reads from a Response, step by step.
type response struct {
	raw          []byte
	resp         *etree.Element // the Response: as signed if signed, else as received
	assertion    *etree.Element // the Assertion exactly as signed
	id           string
	issueInstant time.Time
	inResponseTo string
	idp          *IdP
	req          Request
	now          time.Time
	signed       bool // the Response itself carries a verified signature

	// bind: the request must be the one started by this browser, browserReq
	// (Handlers, unless UnboundBrowser; checklist 30).
	bind       bool
	browserReq string
}

// ParseResponseXML validates a decoded SAML Response received at the ACS
// with every SPID check (checklist C, items 31–49; RT "Processamento della
// Response") and returns the identity.
//
// The checks run on one parse of the document. Signatures are verified with
// the IdP metadata certificates and every value after that is read from the
// signed elements only. The Assertion must be signed; a Response signature
// is optional but must be valid. The stored request the Response answers is
// consumed once its signature is verified, so a second Response to the same
// request fails with ErrUnknownRequest; Response and Assertion IDs go to the
// ReplayStore.
func (sp *SP) ParseResponseXML(ctx context.Context, data []byte) (*Identity, error) {
	return sp.parseResponse(ctx, &response{raw: data})
}

func (sp *SP) parseResponse(ctx context.Context, v *response) (*Identity, error) {
	v.now = sp.now().UTC()
	id, err := sp.validateResponse(ctx, v)
	if err != nil {
		sp.recordFailure(ctx, v, err)
		sp.log.InfoContext(ctx, "spid: response rejected", "profile", sp.profile.Name, "err", err)
		return nil, err
	}
	return id, nil
}

func (sp *SP) validateResponse(ctx context.Context, v *response) (*Identity, error) {
	if len(v.raw) > MaxMessageSize {
		return nil, errorf("response.size", ErrTooLarge, "%d bytes", len(v.raw))
	}
	doc, err := parseXML(v.raw)
	if err != nil {
		return nil, newError("response.xml", ErrMalformed, err)
	}
	root := doc.Root()
	if !isElem(root, nsSAMLP, "Response") {
		return nil, errorf("response.root", ErrMalformed, "root is %s", root.Tag)
	}
	if countLocal(root, "EncryptedAssertion") > 0 {
		return nil, errorf("response.assertion", ErrAssertion, "encrypted assertions are not used by SPID")
	}
	nAssertions := countLocal(root, "Assertion")

	// Issuer first: it names the IdP whose certificates verify the rest.
	if err := sp.checkIssuer(root, "response.issuer", false); err != nil {
		return nil, err
	}
	issuer := textOf(child(root, nsSAML, "Issuer"))
	idp, ok := sp.IdP(issuer)
	if !ok {
		return nil, errorf("response.issuer", ErrIssuer, "unknown IdP %q", issuer)
	}
	v.idp = idp

	// Signatures (checklist 39), before anything is trusted.
	v.resp = root
	signed, err := verifySigned(root, idp.Certificates, v.now)
	switch {
	case err == nil:
		v.resp, v.signed = signed, true
	case errors.Is(err, errNoSignature):
	default:
		return nil, newError("response.signature", ErrSignature, err)
	}

	if err := sp.checkResponseAttrs(v); err != nil {
		return nil, err
	}
	// Status (checklist 36): an IdP error is reported with its ErrorCode.
	if err := sp.checkStatus(ctx, v, nAssertions); err != nil {
		return nil, err
	}

	// Exactly one Assertion, a direct child of the Response (checklist 31, 38).
	assertions := children(v.resp, nsSAML, "Assertion")
	if nAssertions != 1 || len(assertions) != 1 {
		return nil, errorf("response.assertion", ErrAssertion, "%d assertions", nAssertions)
	}
	v.assertion, err = verifySigned(assertions[0], idp.Certificates, v.now)
	if err != nil {
		if errors.Is(err, errNoSignature) {
			return nil, errorf("assertion.signature", ErrSignature, "the Assertion must be signed")
		}
		return nil, newError("assertion.signature", ErrSignature, err)
	}

	// A Response to a login started in another browser (login CSRF) is
	// refused before it can consume anything.
	if v.bind && (v.browserReq == "" || v.browserReq != v.inResponseTo) {
		return nil, errorf("response.browser", ErrInResponseTo, "the login was not started by this browser")
	}
	// The answered request: consumed now that the message is authentic.
	v.req, err = sp.cfg.RequestStore.Take(ctx, v.inResponseTo)
	if err != nil {
		return nil, newError("response.in_response_to", ErrInResponseTo, err)
	}
	if v.req.Kind != KindAuthn {
		return nil, errorf("response.in_response_to", ErrInResponseTo, "not an AuthnRequest")
	}
	if v.req.IdP != idp.EntityID {
		return nil, errorf("response.issuer", ErrIssuer, "request was sent to %q", v.req.IdP)
	}
	if err := sp.checkInstant("response.issue_instant", v.issueInstant, v); err != nil {
		return nil, err
	}

	a, err := sp.checkAssertion(v)
	if err != nil {
		return nil, err
	}
	if sp.cfg.CrewjamCrossCheck {
		if err := sp.crewjamCheck(v); err != nil {
			return nil, err
		}
	}
	if err := sp.cfg.ReplayStore.Use(ctx, "response:"+v.id, a.expires); err != nil {
		return nil, newError("response.replay", ErrReplay, err)
	}
	if err := sp.cfg.ReplayStore.Use(ctx, "assertion:"+a.id, a.expires); err != nil {
		return nil, newError("assertion.replay", ErrReplay, err)
	}
	identity, err := sp.identity(v, a)
	if err != nil {
		return nil, err
	}
	if sp.cfg.Register != nil {
		err := sp.cfg.Register.Record(ctx, Transaction{
			Provider: sp.profile.Name, AuthnReqID: v.req.ID, AuthnReqIssueInstant: v.req.IssueInstant,
			RespID: v.id, RespIssueInstant: v.issueInstant, RespIssuer: idp.EntityID,
			AssertionID: a.id, AssertionSubject: identity.NameID, AssertionSubjectNameQualifier: identity.NameQualifier,
			Level: identity.Level, Outcome: "success", AuthnRequestXML: v.req.XML, ResponseXML: v.raw, Received: v.now,
		})
		if err != nil {
			return nil, fmt.Errorf("spid: transaction register: %w", err)
		}
	}
	return identity, nil
}

// checkResponseAttrs checks ID, Version, IssueInstant, InResponseTo and
// Destination of the Response (checklist 32–35; cases 8–21).
func (sp *SP) checkResponseAttrs(v *response) error {
	r := v.resp
	var err error
	if v.id, err = requiredAttr(r, "ID", "response.id", ErrID); err != nil {
		return err
	}
	if ver, _ := attr(r, "Version"); ver != "2.0" {
		return errorf("response.version", ErrVersion, "%q", ver)
	}
	if v.issueInstant, err = instantAttr(r, "IssueInstant", "response.issue_instant", ErrIssueInstant); err != nil {
		return err
	}
	if v.inResponseTo, err = requiredAttr(r, "InResponseTo", "response.in_response_to", ErrInResponseTo); err != nil {
		return err
	}
	dest, err := requiredAttr(r, "Destination", "response.destination", ErrDestination)
	if err != nil {
		return err
	}
	if dest != sp.cfg.ACSURL {
		return errorf("response.destination", ErrDestination, "%q is not the ACS", dest)
	}
	return nil
}

var errorCodeRE = regexp.MustCompile(`ErrorCode nr ?(\d{1,3})`)

// checkStatus implements checklist 36 and 38 (cases 22–26, 104–111).
func (sp *SP) checkStatus(ctx context.Context, v *response, nAssertions int) error {
	status := child(v.resp, nsSAMLP, "Status")
	if status == nil {
		return errorf("response.status", ErrStatus, "no Status")
	}
	code := child(status, nsSAMLP, "StatusCode")
	if code == nil {
		return errorf("response.status", ErrStatus, "no StatusCode")
	}
	value, _ := attr(code, "Value")
	if value == "" {
		return errorf("response.status", ErrStatus, "empty StatusCode")
	}
	if value == statusSuccess {
		return nil
	}
	e := &Error{Check: "response.status", Kind: ErrStatus, Err: fmt.Errorf("status %s", value)}
	if sub := child(code, nsSAMLP, "StatusCode"); sub != nil {
		e.StatusCode, _ = attr(sub, "Value")
	}
	if msg := child(status, nsSAMLP, "StatusMessage"); msg != nil {
		e.StatusMessage = textOf(msg)
		if m := errorCodeRE.FindStringSubmatch(e.StatusMessage); m != nil {
			e.Code, _ = strconv.Atoi(m[1])
		}
	}
	if nAssertions > 0 {
		e.Check = "response.assertion"
		e.Err = fmt.Errorf("status %s with an Assertion", value)
	}
	// A signed answer consumes the request and is registered; an unsigned
	// one may be forged by anyone who knows the request ID, so it changes
	// nothing.
	if v.signed {
		if req, err := sp.cfg.RequestStore.Take(ctx, v.inResponseTo); err == nil {
			v.req = req
		}
	}
	return e
}

// checkIssuer implements checklist 37 and 41: Issuer present, not empty,
// Format omitted (Response only) or entity.
func (sp *SP) checkIssuer(parent *etree.Element, check string, formatRequired bool) error {
	issuers := children(parent, nsSAML, "Issuer")
	if len(issuers) != 1 {
		return errorf(check, ErrIssuer, "%d Issuer elements", len(issuers))
	}
	is := issuers[0]
	if textOf(is) == "" {
		return errorf(check, ErrIssuer, "empty Issuer")
	}
	format, ok := attr(is, "Format")
	if (ok || formatRequired) && format != formatEntity {
		return errorf(check, ErrIssuer, "Format %q, want %s", format, formatEntity)
	}
	return nil
}

// checkInstant checks an IssueInstant against the request and the receipt
// time (checklist 33, 40; cases 14, 15, 39, 40). The request instant is
// truncated to the second because IdPs may drop milliseconds.
func (sp *SP) checkInstant(check string, t time.Time, v *response) error {
	if t.Before(v.req.IssueInstant.Truncate(time.Second)) {
		return errorf(check, ErrIssueInstant, "%s is before the request (%s)", t.Format(time.RFC3339Nano), v.req.IssueInstant.Format(time.RFC3339Nano))
	}
	if t.After(v.now.Add(sp.skew)) {
		return errorf(check, ErrIssueInstant, "%s is in the future", t.Format(time.RFC3339Nano))
	}
	return nil
}

// requiredAttr returns a present, non-empty attribute.
func requiredAttr(el *etree.Element, name, check string, kind error) (string, error) {
	val, ok := attr(el, name)
	if !ok {
		return "", errorf(check, kind, "%s missing", name)
	}
	if val == "" {
		return "", errorf(check, kind, "%s empty", name)
	}
	return val, nil
}

var dateTimeRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$`)

// instantAttr returns a required xs:dateTime attribute in UTC ("Z"), with
// or without fractional seconds (checklist 17, 33; case 110).
func instantAttr(el *etree.Element, name, check string, kind error) (time.Time, error) {
	val, err := requiredAttr(el, name, check, kind)
	if err != nil {
		return time.Time{}, err
	}
	if !dateTimeRE.MatchString(val) {
		return time.Time{}, errorf(check, kind, "%s %q is not a UTC xs:dateTime", name, val)
	}
	t, err := time.Parse(time.RFC3339Nano, val)
	if err != nil {
		return time.Time{}, errorf(check, kind, "%s %q: %v", name, val, err)
	}
	return t.UTC(), nil
}
