package spidtest

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
)

// AuthnRequestInfo is what a response needs to know about the AuthnRequest it
// answers. [IdP.ReadAuthnRequest] fills it from a verified request; tests may
// also fill it by hand.
type AuthnRequestInfo struct {
	ID           string
	IssueInstant time.Time
	// SPEntityID is the request's Issuer, the Audience of the response.
	SPEntityID string
	// ACSURL is where the response goes (Destination and Recipient).
	ACSURL string
	// Level is the requested SPID level 1–3 (0 means 1).
	Level int
	// Comparison is the RequestedAuthnContext Comparison ("" means exact).
	Comparison string
	ForceAuthn bool
	// AttributeSet lists the attributes to release (the SP's
	// AttributeConsumingService); nil releases all of the user's.
	AttributeSet []string
	RelayState   string
	// Binding is the binding the request arrived on.
	Binding string
}

// Errors of [IdP.ReadAuthnRequest] and the logout readers.
var (
	// ErrUnknownSP: the Issuer is not a registered SP.
	ErrUnknownSP = errors.New("spidtest: unknown service provider")
	// ErrSignature: the request is unsigned or its signature does not verify
	// against the SP's metadata certificates (SPID nr5, nr7).
	ErrSignature = errors.New("spidtest: invalid signature")
	// ErrMalformed: the message is not a well-formed SAML request (nr8).
	ErrMalformed = errors.New("spidtest: malformed request")
)

// maxMessageSize bounds decoded SAML messages (and inflated Redirect ones).
const maxMessageSize = 256 << 10

// ReadAuthnRequest reads an AuthnRequest from an HTTP-Redirect (GET, query
// string signature) or HTTP-POST (enveloped XML signature) request, verifies
// its signature against the registered SP's metadata certificates, enforces
// the SPID or CIE request rules (Destination, Issuer Format and
// NameQualifier, NameIDPolicy transient without AllowCreate, ForceAuthn,
// Comparison, AttributeConsumingServiceIndex, no IsPassive; unless
// Config.Lenient), and resolves the ACS, level and attribute set.
func (idp *IdP) ReadAuthnRequest(r *http.Request) (AuthnRequestInfo, error) {
	msg, err := idp.readMessage(r, "SAMLRequest")
	if err != nil {
		return AuthnRequestInfo{}, err
	}
	var req saml.AuthnRequest
	if err := xml.Unmarshal(msg.xml, &req); err != nil {
		return AuthnRequestInfo{}, fmt.Errorf("%w: not an AuthnRequest: %w", ErrMalformed, err)
	}
	if req.ID == "" || req.Version != "2.0" || req.Issuer == nil {
		return AuthnRequestInfo{}, fmt.Errorf("%w: ID, Version 2.0 and Issuer are required (nr9–11)", ErrMalformed)
	}
	if !idp.cfg.Lenient {
		if err := idp.checkAuthnRequest(&req, msg.binding); err != nil {
			return AuthnRequestInfo{}, err
		}
	}
	sp := msg.sp
	var index *int
	if req.AssertionConsumerServiceIndex != "" {
		var i int
		if _, err := fmt.Sscan(req.AssertionConsumerServiceIndex, &i); err != nil {
			return AuthnRequestInfo{}, fmt.Errorf("%w: AssertionConsumerServiceIndex (nr16)", ErrMalformed)
		}
		index = &i
	}
	acs, err := sp.acs(index, req.AssertionConsumerServiceURL)
	if err != nil {
		return AuthnRequestInfo{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	info := AuthnRequestInfo{
		ID: req.ID, IssueInstant: req.IssueInstant, SPEntityID: sp.EntityID, ACSURL: acs,
		RelayState: msg.relayState, Binding: msg.binding, Level: 1,
		ForceAuthn: req.ForceAuthn != nil && *req.ForceAuthn,
	}
	if rac := req.RequestedAuthnContext; rac != nil && len(rac.ClassRefs()) > 0 {
		info.Comparison = rac.Comparison
		acr := strings.TrimSpace(rac.ClassRefs()[0])
		switch acr {
		case LevelURI(1):
		case LevelURI(2):
			info.Level = 2
		case LevelURI(3):
			info.Level = 3
		default:
			return AuthnRequestInfo{}, fmt.Errorf("%w: AuthnContextClassRef %q (nr12)", ErrMalformed, acr)
		}
	}
	if req.AttributeConsumingServiceIndex != "" {
		var i int
		_, err := fmt.Sscan(req.AttributeConsumingServiceIndex, &i)
		set, ok := sp.AttributeSets[i]
		if err != nil || !ok {
			return AuthnRequestInfo{}, fmt.Errorf("%w: AttributeConsumingServiceIndex %q (nr18)", ErrMalformed, req.AttributeConsumingServiceIndex)
		}
		info.AttributeSet = set
	}
	return info, nil
}

// message is a decoded, signature-verified SAML message.
type message struct {
	xml        []byte
	doc        *etree.Document
	sp         *ServiceProvider
	relayState string
	binding    string
}

// readMessage decodes the SAML message in param ("SAMLRequest" or
// "SAMLResponse") from either binding and verifies its signature against the
// Issuer's registered certificates.
func (idp *IdP) readMessage(r *http.Request, param string) (*message, error) {
	m := &message{}
	var raw string
	switch r.Method {
	case http.MethodGet:
		m.binding = BindingRedirect
		q := r.URL.Query()
		raw, m.relayState = q.Get(param), q.Get("RelayState")
	case http.MethodPost:
		m.binding = BindingPOST
		r.Body = http.MaxBytesReader(nil, r.Body, maxMessageSize)
		if err := r.ParseForm(); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		raw, m.relayState = r.PostForm.Get(param), r.PostForm.Get("RelayState")
	default:
		return nil, fmt.Errorf("%w: method %s (nr6)", ErrMalformed, r.Method)
	}
	dec, err := base64.StdEncoding.DecodeString(raw)
	if raw == "" || err != nil {
		return nil, fmt.Errorf("%w: %s is not base64 (nr4)", ErrMalformed, param)
	}
	if m.binding == BindingRedirect {
		if dec, err = inflate(dec); err != nil {
			return nil, fmt.Errorf("%w: %w (nr4)", ErrMalformed, err)
		}
	}
	if len(dec) > maxMessageSize {
		return nil, fmt.Errorf("%w: message too large", ErrMalformed)
	}
	m.xml = dec
	m.doc = etree.NewDocument()
	if err := m.doc.ReadFromBytes(dec); err != nil || m.doc.Root() == nil {
		return nil, fmt.Errorf("%w: not XML", ErrMalformed)
	}
	for _, t := range m.doc.Child {
		if _, ok := t.(*etree.Directive); ok {
			return nil, fmt.Errorf("%w: DTDs are not allowed", ErrMalformed)
		}
	}
	issuer := ""
	if iss := m.doc.Root().SelectElement("Issuer"); iss != nil {
		issuer = strings.TrimSpace(iss.Text())
	}
	sp, ok := idp.ServiceProvider(issuer)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownSP, issuer)
	}
	m.sp = sp
	if m.binding == BindingRedirect {
		err = verifyQuery(r.URL.RawQuery, param, sp.Certificates)
	} else {
		err = verifyEnveloped(m.doc.Root(), sp.Certificates)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// inflate undoes the Redirect binding's DEFLATE, refusing bombs.
func inflate(b []byte) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(b)), maxMessageSize+1))
	if err != nil {
		return nil, errors.New("bad DEFLATE encoding")
	}
	if len(out) > maxMessageSize {
		return nil, errors.New("inflated message too large")
	}
	return out, nil
}

// verifyQuery checks an HTTP-Redirect signature (saml-bindings §3.4.4.1): the
// signed octets are the raw, still URL-encoded parameters
// param=…&RelayState=…&SigAlg=… in that order.
func verifyQuery(rawQuery, param string, certs []*x509.Certificate) error {
	raw := map[string]string{}
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if _, dup := raw[k]; dup {
			return fmt.Errorf("%w: repeated parameter %s", ErrSignature, k)
		}
		raw[k] = v
	}
	sigAlg, err := url.QueryUnescape(raw["SigAlg"])
	if err != nil {
		return fmt.Errorf("%w: SigAlg", ErrSignature)
	}
	var hash crypto.Hash
	switch sigAlg {
	case algRSASHA256:
		hash = crypto.SHA256
	case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384":
		hash = crypto.SHA384
	case "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512":
		hash = crypto.SHA512
	default:
		return fmt.Errorf("%w: SigAlg %q not allowed (nr5)", ErrSignature, sigAlg)
	}
	sigText, err := url.QueryUnescape(raw["Signature"])
	if err != nil {
		return fmt.Errorf("%w: Signature", ErrSignature)
	}
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if err != nil || len(sig) == 0 {
		return fmt.Errorf("%w: missing or bad Signature (nr5)", ErrSignature)
	}
	signed := param + "=" + raw[param]
	if rs, ok := raw["RelayState"]; ok {
		signed += "&RelayState=" + rs
	}
	signed += "&SigAlg=" + raw["SigAlg"]
	h := hash.New()
	h.Write([]byte(signed))
	sum := h.Sum(nil)
	for _, c := range certs {
		if pub, ok := c.PublicKey.(*rsa.PublicKey); ok && rsa.VerifyPKCS1v15(pub, hash, sum, sig) == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: query signature does not verify (nr5)", ErrSignature)
}

// verifyEnveloped checks the enveloped XML signature of root against certs,
// whatever its KeyInfo says.
func verifyEnveloped(root *etree.Element, certs []*x509.Certificate) error {
	if signatureOf(root) == nil {
		return fmt.Errorf("%w: the message is not signed (nr7)", ErrSignature)
	}
	for _, c := range certs {
		ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{c}})
		ctx.IdAttribute = "ID"
		stripKeyInfo := root.Copy()
		if ki := signatureOf(stripKeyInfo).FindElement("./KeyInfo"); ki != nil {
			signatureOf(stripKeyInfo).RemoveChild(ki)
		}
		if _, err := ctx.Validate(stripKeyInfo); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%w: XML signature does not verify (nr7)", ErrSignature)
}
