package spid

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
)

// LoginOptions choose how one login is requested.
type LoginOptions struct {
	// IdP is the entityID of the identity provider; required unless exactly
	// one IdP is configured.
	IdP string
	// Level requested; default L2.
	Level Level
	// Comparison of the RequestedAuthnContext; default minimum.
	Comparison Comparison
	// AttributeSet is the AttributeConsumingServiceIndex; default 0.
	AttributeSet int
	// Binding used to send the request; default BindingRedirect.
	Binding Binding
	// RelayState, opaque and at most 80 bytes; default a random token. It
	// must not contain "http" (SST): never put a URL in it, keep the return
	// address server-side.
	RelayState string
}

// AuthnRequest is an AuthnRequest ready to be sent to the IdP.
type AuthnRequest struct {
	ID           string
	IssueInstant time.Time
	IdP          string
	Binding      Binding
	Destination  string // the IdP's SingleSignOnService Location for Binding
	RelayState   string
	// URL is where to redirect the browser (BindingRedirect): it carries
	// SAMLRequest, RelayState, SigAlg and Signature.
	URL *url.URL
	// Form is an auto-submitting HTML page that POSTs the signed request
	// (BindingPOST).
	Form []byte
	// XML is the request as sent (without signature for Redirect, whose
	// signature is on the query string).
	XML []byte
}

// Write sends the request to the browser: a 303 redirect for Redirect, the
// auto-submitting form for POST. Both are marked not cacheable.
func (a *AuthnRequest) Write(w http.ResponseWriter, r *http.Request) {
	a.Binding.send(w, r, a.URL, a.Form)
}

// NewAuthnRequest builds, signs and stores an AuthnRequest (checklist B,
// RT single-sign-on.rst). The request is built by crewjam/saml and corrected
// where its defaults are wrong for SPID: Issuer NameQualifier, no
// NameIDPolicy AllowCreate, AttributeConsumingServiceIndex, ACS by index,
// ForceAuthn per level.
func (sp *SP) NewAuthnRequest(ctx context.Context, opts LoginOptions) (*AuthnRequest, error) {
	idp, err := sp.chooseIdP(opts.IdP)
	if err != nil {
		return nil, err
	}
	if opts.Level == 0 {
		opts.Level = L2
	}
	if !opts.Level.Valid() {
		return nil, errorf("authn.level", ErrConfig, "level %d", opts.Level)
	}
	if opts.Comparison == "" {
		opts.Comparison = ComparisonMinimum
	}
	if !sp.profile.allowsComparison(opts.Comparison) {
		return nil, errorf("authn.comparison", ErrConfig, "comparison %q not allowed by the %s profile", opts.Comparison, sp.profile.Name)
	}
	if opts.AttributeSet < 0 || opts.AttributeSet >= len(sp.cfg.AttributeSets) {
		return nil, errorf("authn.attribute_set", ErrConfig, "no attribute set %d", opts.AttributeSet)
	}
	if opts.Binding == "" {
		opts.Binding = BindingRedirect
	}
	if opts.Binding != BindingRedirect && opts.Binding != BindingPOST {
		return nil, errorf("authn.binding", ErrConfig, "binding %q", opts.Binding)
	}
	if opts.RelayState == "" {
		opts.RelayState = randomToken()
	}
	if len(opts.RelayState) > 80 || strings.Contains(strings.ToLower(opts.RelayState), "http") {
		return nil, errorf("authn.relay_state", ErrConfig, "RelayState must be opaque, at most 80 bytes, without URLs")
	}
	dest := idp.SSO[opts.Binding]
	if dest == "" {
		return nil, errorf("authn.destination", ErrConfig, "IdP %s has no %s SingleSignOnService", idp.EntityID, opts.Binding)
	}

	now := sp.now().UTC()
	csp := sp.samlSP(now)
	force := sp.profile.ForceAuthn(opts.Level, opts.Comparison)
	csp.ForceAuthn = &force
	csp.RequestedAuthnContext = &saml.RequestedAuthnContext{
		Comparison:            string(opts.Comparison),
		AuthnContextClassRefs: []string{opts.Level.URI()},
	}
	// Unsigned request first: its fields are fixed, then it is signed.
	req, err := csp.MakeAuthenticationRequest(dest, string(BindingRedirect), saml.HTTPPostBinding)
	if err != nil {
		return nil, newError("authn.build", ErrConfig, err)
	}
	req.ID = "_" + strings.TrimPrefix(req.ID, "id-")
	req.Issuer.NameQualifier = sp.cfg.EntityID
	req.NameIDPolicy.AllowCreate = nil
	req.AttributeConsumingServiceIndex = strconv.Itoa(opts.AttributeSet)

	out := &AuthnRequest{
		ID: req.ID, IssueInstant: req.IssueInstant, IdP: idp.EntityID, Binding: opts.Binding,
		Destination: dest, RelayState: opts.RelayState,
	}
	switch opts.Binding {
	case BindingRedirect:
		u, err := req.Redirect(opts.RelayState, csp)
		if err != nil {
			return nil, newError("authn.sign", ErrConfig, err)
		}
		out.URL = u
	case BindingPOST:
		if err := csp.SignAuthnRequest(req); err != nil {
			return nil, newError("authn.sign", ErrConfig, err)
		}
		out.Form = req.Post(opts.RelayState)
	}
	out.XML, err = elementBytes(req.Element())
	if err != nil {
		return nil, newError("authn.build", ErrConfig, err)
	}
	err = sp.cfg.RequestStore.Save(ctx, Request{
		ID: req.ID, Kind: KindAuthn, IssueInstant: req.IssueInstant, IdP: idp.EntityID,
		Binding: opts.Binding, Level: opts.Level, Comparison: opts.Comparison,
		ACSIndex: 0, AttributeSet: opts.AttributeSet, RelayState: opts.RelayState,
		Expires: now.Add(sp.ttl), XML: out.XML,
	})
	if err != nil {
		return nil, fmt.Errorf("spid: save request: %w", err)
	}
	return out, nil
}

func (sp *SP) chooseIdP(entityID string) (*IdP, error) {
	if entityID == "" {
		all := sp.IdPs()
		if len(all) != 1 {
			return nil, errorf("authn.idp", ErrUnknownIdP, "no IdP chosen among %d", len(all))
		}
		return all[0], nil
	}
	idp, ok := sp.IdP(entityID)
	if !ok {
		return nil, errorf("authn.idp", ErrUnknownIdP, "%q", entityID)
	}
	return idp, nil
}

// samlSP returns a crewjam ServiceProvider for one message, with the clock
// fixed at now. A fresh value per message keeps per-request settings apart.
func (sp *SP) samlSP(now time.Time) *saml.ServiceProvider {
	acs, _ := url.Parse(sp.cfg.ACSURL)
	slo, _ := url.Parse(sp.cfg.SLOURL)
	md, _ := url.Parse(sp.cfg.MetadataURL)
	acsIndex := 0
	return &saml.ServiceProvider{
		EntityID:              sp.cfg.EntityID,
		Key:                   sp.cfg.Key,
		Certificate:           sp.cfg.Certificate,
		AcsURL:                *acs,
		SloURL:                *slo,
		MetadataURL:           *md,
		AcsIndex:              &acsIndex,
		AuthnNameIDFormat:     saml.TransientNameIDFormat,
		SignatureMethod:       sp.signatureMethod(),
		LogoutSignatureMethod: sp.signatureMethod(),
		LimitRelayStateLength: true,
		Clock:                 dsig.NewFakeClockAt(now),
	}
}

func (sp *SP) signatureMethod() string {
	if _, ok := sp.cfg.Key.Public().(*ecdsa.PublicKey); ok {
		return dsig.ECDSASHA256SignatureMethod
	}
	return dsig.RSASHA256SignatureMethod
}

func elementBytes(el *etree.Element) ([]byte, error) {
	doc := etree.NewDocument()
	doc.SetRoot(el)
	return doc.WriteToBytes()
}

func randomToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
