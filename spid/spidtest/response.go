package spidtest

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/beevik/etree"
)

// SAML namespaces, names and values used on the wire.
const (
	nsSAML  = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsSAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsXS    = "http://www.w3.org/2001/XMLSchema"
	nsXSI   = "http://www.w3.org/2001/XMLSchema-instance"

	formatEntity    = "urn:oasis:names:tc:SAML:2.0:nameid-format:entity"
	formatTransient = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	methodBearer    = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	attrnameBasic   = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"

	statusSuccess     = "urn:oasis:names:tc:SAML:2.0:status:Success"
	statusResponder   = "urn:oasis:names:tc:SAML:2.0:status:Responder"
	statusAuthnFailed = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"

	timeFormat   = "2006-01-02T15:04:05Z"
	timeFormatMS = "2006-01-02T15:04:05.000Z"
)

// LevelURI returns the AuthnContextClassRef of SPID level 1–3,
// "https://www.spid.gov.it/SpidL<n>".
func LevelURI(level int) string { return "https://www.spid.gov.it/SpidL" + strconv.Itoa(level) }

// Option adjusts one response built by [IdP.Response].
type Option func(*responseOptions)

type responseOptions struct {
	user       string
	c          *Case
	keyInfo    KeyInfo
	errorCode  int
	level      int
	attributes map[string]string
}

// WithUser answers as the user with this username (default: the first user).
func WithUser(username string) Option { return func(o *responseOptions) { o.user = username } }

// WithCase applies the defect of a catalogue case (see [Catalogue]).
func WithCase(c Case) Option { return func(o *responseOptions) { o.c = &c } }

// WithKeyInfo sets what the signatures' KeyInfo carries.
func WithKeyInfo(k KeyInfo) Option { return func(o *responseOptions) { o.keyInfo = k } }

// WithErrorCode answers with a failed authentication: Status Responder,
// sub-status AuthnFailed and StatusMessage "ErrorCode nr<code>", no Assertion
// (RT messaggi-errore.rst; codes 19–23, 25, 30).
func WithErrorCode(code int) Option { return func(o *responseOptions) { o.errorCode = code } }

// WithLevel asserts SPID level 1–3 instead of the requested one.
func WithLevel(level int) Option { return func(o *responseOptions) { o.level = level } }

// WithAttributes releases exactly these attributes (name → wire value)
// instead of the user's.
func WithAttributes(attrs map[string]string) Option {
	return func(o *responseOptions) { o.attributes = attrs }
}

// Response builds the signed SAML Response (Response and Assertion signed,
// rsa-sha256, exc-c14n) that answers req, as XML bytes ready to be
// base64-encoded into the SAMLResponse form field. Options select the user,
// a catalogue defect or an error code. A successful response is recorded as
// a [Session] for Single Logout.
func (idp *IdP) Response(req AuthnRequestInfo, opts ...Option) ([]byte, error) {
	var o responseOptions
	for _, opt := range opts {
		opt(&o)
	}
	if o.errorCode != 0 && o.c != nil {
		return nil, errors.New("spidtest: response: WithErrorCode and WithCase exclude each other")
	}
	b, err := idp.newBuilder(req, o)
	if err != nil {
		return nil, fmt.Errorf("spidtest: response: %w", err)
	}
	if o.c != nil && o.c.apply != nil {
		o.c.apply(b)
	}
	out, err := b.finish()
	if err != nil {
		return nil, fmt.Errorf("spidtest: response: %w", err)
	}
	if b.errorCode == 0 && b.assertion != nil && (o.c == nil || o.c.Expect == Accept) {
		idp.addSession(Session{SPEntityID: req.SPEntityID, NameID: b.nameID,
			SessionIndex: b.sessionIndex, Username: b.user.Username})
	}
	return out, nil
}

// CaseResponse builds the response of the catalogue case with this ID
// (e.g. "3", "xsw4", "112"); see [Catalogue] and [Extras].
func (idp *IdP) CaseResponse(id string, req AuthnRequestInfo, opts ...Option) ([]byte, error) {
	c, ok := LookupCase(id)
	if !ok {
		return nil, fmt.Errorf("spidtest: response: unknown case %q", id)
	}
	return idp.Response(req, append(opts, WithCase(c))...)
}

// builder holds a response under construction. Case modifiers edit the tree
// before signing, and register after-hooks for what must happen after it
// (signature wrapping, tampering).
type builder struct {
	idp          *IdP
	req          AuthnRequestInfo
	user         User
	doc          *etree.Document
	resp         *etree.Element
	assertion    *etree.Element // nil once removed
	respSigner   *signer        // nil: leave unsigned
	assertSigner *signer
	after        []func(*builder) error
	errorCode    int
	// tamperAssertion forges the Assertion between its signature and the
	// Response's (case 113).
	tamperAssertion bool
	nameID          string
	sessionIndex    string
	now             time.Time
	instant         string
}

func (idp *IdP) newBuilder(req AuthnRequestInfo, o responseOptions) (*builder, error) {
	if req.ID == "" || req.ACSURL == "" || req.SPEntityID == "" {
		return nil, fmt.Errorf("request needs ID, ACSURL and SPEntityID")
	}
	user := idp.users[0]
	if o.user != "" {
		u, ok := idp.User(o.user)
		if !ok {
			return nil, fmt.Errorf("unknown user %q", o.user)
		}
		user = u
	}
	level := o.level
	if level == 0 {
		level = req.Level
	}
	if level < 1 || level > 3 {
		level = 1
	}
	now := idp.cfg.Now().UTC()
	b := &builder{
		idp: idp, req: req, user: user, now: now,
		errorCode:    o.errorCode,
		nameID:       idp.newID(),
		sessionIndex: idp.newID(),
		respSigner:   &signer{kp: idp.signer, keyInfo: o.keyInfo},
		assertSigner: &signer{kp: idp.signer, keyInfo: o.keyInfo},
	}
	// Seconds precision, as most IdPs send; milliseconds when truncation
	// would put the response before the request (same second).
	b.instant = now.Format(timeFormat)
	if now.Truncate(time.Second).Before(req.IssueInstant) {
		b.instant = now.Format(timeFormatMS)
	}
	b.build(level, o)
	return b, nil
}

// build writes the correct response after the spid-sp-test base template.
func (b *builder) build(level int, o responseOptions) {
	idp, req := b.idp, b.req
	b.doc = etree.NewDocument()
	r := b.doc.CreateElement("samlp:Response")
	r.CreateAttr("xmlns:samlp", nsSAMLP)
	r.CreateAttr("xmlns:saml", nsSAML)
	r.CreateAttr("Destination", req.ACSURL)
	r.CreateAttr("ID", idp.newID())
	r.CreateAttr("InResponseTo", req.ID)
	r.CreateAttr("IssueInstant", b.instant)
	r.CreateAttr("Version", "2.0")
	b.resp = r
	iss := r.CreateElement("saml:Issuer")
	iss.CreateAttr("Format", formatEntity)
	iss.SetText(idp.entityID)

	st := r.CreateElement("samlp:Status")
	if b.errorCode != 0 {
		sc := st.CreateElement("samlp:StatusCode")
		sc.CreateAttr("Value", statusResponder)
		sc.CreateElement("samlp:StatusCode").CreateAttr("Value", statusAuthnFailed)
		st.CreateElement("samlp:StatusMessage").SetText(fmt.Sprintf("ErrorCode nr%d", b.errorCode))
		b.assertSigner = nil
		return
	}
	st.CreateElement("samlp:StatusCode").CreateAttr("Value", statusSuccess)

	notOnOrAfter := b.now.Add(idp.cfg.SessionTTL).Format(timeFormat)
	a := r.CreateElement("saml:Assertion")
	a.CreateAttr("xmlns:xs", nsXS)
	a.CreateAttr("xmlns:xsi", nsXSI)
	a.CreateAttr("ID", idp.newID())
	a.CreateAttr("IssueInstant", b.instant)
	a.CreateAttr("Version", "2.0")
	b.assertion = a
	ai := a.CreateElement("saml:Issuer")
	ai.CreateAttr("Format", formatEntity)
	ai.SetText(idp.entityID)

	subj := a.CreateElement("saml:Subject")
	nid := subj.CreateElement("saml:NameID")
	nid.CreateAttr("Format", formatTransient)
	nid.CreateAttr("NameQualifier", idp.entityID)
	nid.SetText(b.nameID)
	sc := subj.CreateElement("saml:SubjectConfirmation")
	sc.CreateAttr("Method", methodBearer)
	scd := sc.CreateElement("saml:SubjectConfirmationData")
	scd.CreateAttr("InResponseTo", req.ID)
	scd.CreateAttr("NotOnOrAfter", notOnOrAfter)
	scd.CreateAttr("Recipient", req.ACSURL)

	cond := a.CreateElement("saml:Conditions")
	cond.CreateAttr("NotBefore", b.instant)
	cond.CreateAttr("NotOnOrAfter", notOnOrAfter)
	cond.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText(req.SPEntityID)

	as := a.CreateElement("saml:AuthnStatement")
	as.CreateAttr("AuthnInstant", b.instant)
	as.CreateAttr("SessionIndex", b.sessionIndex)
	as.CreateElement("saml:AuthnContext").CreateElement("saml:AuthnContextClassRef").SetText(LevelURI(level))

	b.setAttributes(b.released(o.attributes))
}

// released returns the attributes to release: the override, else the user's
// attributes restricted to what the request's attribute set asks (and, for
// CIE, to the eIDAS minimum set).
func (b *builder) released(override map[string]string) map[string]string {
	if override != nil {
		return override
	}
	out := map[string]string{}
	for n, v := range b.user.Attributes {
		if b.req.AttributeSet != nil && !contains(b.req.AttributeSet, n) {
			continue
		}
		if b.idp.cfg.Profile == CIE && !contains(cieAttributes, n) {
			continue
		}
		out[n] = v
	}
	return out
}

// setAttributes replaces the AttributeStatement with one holding attrs (none
// if attrs is empty).
func (b *builder) setAttributes(attrs map[string]string) {
	if old := b.find("saml:Assertion/saml:AttributeStatement"); old != nil {
		b.assertion.RemoveChild(old)
	}
	if len(attrs) == 0 || b.assertion == nil {
		return
	}
	st := b.assertion.CreateElement("saml:AttributeStatement")
	for _, n := range sortedAttributeNames(attrs) {
		at := st.CreateElement("saml:Attribute")
		at.CreateAttr("Name", n)
		at.CreateAttr("NameFormat", attrnameBasic)
		v := at.CreateElement("saml:AttributeValue")
		typ := "xs:string"
		if dateAttributes[n] {
			typ = "xs:date"
		}
		v.CreateAttr("xsi:type", typ)
		v.SetText(attrs[n])
	}
}

// finish signs (Assertion first, then Response), runs the after-hooks and
// serializes.
func (b *builder) finish() ([]byte, error) {
	b.doc.Indent(2)
	if b.assertion != nil && b.assertSigner != nil {
		if err := b.assertSigner.sign(b.assertion); err != nil {
			return nil, err
		}
	}
	if b.tamperAssertion && b.assertion != nil {
		forge(b.assertion)
	}
	if b.respSigner != nil {
		if err := b.respSigner.sign(b.resp); err != nil {
			return nil, err
		}
	}
	for _, f := range b.after {
		if err := f(b); err != nil {
			return nil, err
		}
	}
	return b.doc.WriteToBytes()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
