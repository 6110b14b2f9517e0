package spid

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
)

// LogoutRequest is an SP-initiated LogoutRequest ready to be sent.
type LogoutRequest struct {
	ID          string
	IdP         string
	Binding     Binding
	Destination string
	RelayState  string
	URL         *url.URL // Redirect
	Form        []byte   // POST
}

// Write sends the request to the browser (303 redirect or POST form).
func (l *LogoutRequest) Write(w http.ResponseWriter, r *http.Request) {
	l.Binding.send(w, r, l.URL, l.Form)
}

// LogoutResult is the outcome of a message received at the SLO endpoint.
type LogoutResult struct {
	// Initiated is true for an IdP-initiated LogoutRequest: end the local
	// sessions of NameID/SessionIndex, then send Reply.
	Initiated bool
	IdP       string
	// NameID and SessionIndex of the session to end (IdP-initiated).
	NameID       string
	SessionIndex string
	// Partial is true when the IdP answered an SP-initiated logout with
	// PartialLogout: some other SP sessions may still be open.
	Partial bool
	// RelayState of the message.
	RelayState string
	// Reply is the signed LogoutResponse to send (IdP-initiated only).
	Reply *LogoutResponse
}

// LogoutResponse is a signed LogoutResponse ready to be sent to the IdP.
type LogoutResponse struct {
	Binding Binding
	URL     *url.URL // Redirect
	Form    []byte   // POST
}

// Write sends the response to the browser.
func (l *LogoutResponse) Write(w http.ResponseWriter, r *http.Request) {
	l.Binding.send(w, r, l.URL, l.Form)
}

// NewLogoutRequest builds, signs and stores an SP-initiated LogoutRequest for
// the session of id (checklist 50, RT single-logout.rst). Destroy the local
// session first. binding "" means the IdP's Redirect endpoint, else POST.
// With a profile without single logout (CIE) it returns an error matching
// ErrLogout: end the local session only.
func (sp *SP) NewLogoutRequest(ctx context.Context, id *Identity, binding Binding, relayState string) (*LogoutRequest, error) {
	if !sp.profile.SingleLogout {
		return nil, errorf("logout.request", ErrLogout, "the %s IdPs do not implement single logout", sp.profile.Name)
	}
	if id == nil || id.NameID == "" {
		return nil, errorf("logout.request", ErrLogout, "no session")
	}
	idp, ok := sp.IdP(id.IdP)
	if !ok {
		return nil, errorf("logout.request", ErrUnknownIdP, "%q", id.IdP)
	}
	if binding == "" {
		binding = BindingRedirect
		if idp.SLO[binding] == "" {
			binding = BindingPOST
		}
	}
	dest := idp.SLO[binding]
	if dest == "" {
		return nil, errorf("logout.request", ErrLogout, "IdP %s has no %s SingleLogoutService", idp.EntityID, binding)
	}
	if relayState == "" {
		relayState = randomToken()
	}
	now := sp.now().UTC()
	csp := sp.samlSP(now)
	csp.IDPMetadata = &saml.EntityDescriptor{EntityID: idp.EntityID}
	reqID := "_" + randomToken()
	nameQualifier := firstNonEmpty(id.NameQualifier, idp.EntityID)
	spidShape := func(r *saml.LogoutRequest) {
		r.ID = reqID
		r.Issuer.NameQualifier = sp.cfg.EntityID
		r.NameID.Format = formatTransient
		r.NameID.NameQualifier = nameQualifier
		r.NameID.SPNameQualifier = ""
	}
	opts := []saml.LogoutRequestOption{spidShape}
	if id.SessionIndex != "" {
		opts = append(opts, saml.WithSessionIndex(id.SessionIndex))
	}
	req, err := csp.MakeLogoutRequest(dest, id.NameID, opts...)
	if err != nil {
		return nil, newError("logout.request", ErrConfig, err)
	}
	out := &LogoutRequest{ID: req.ID, IdP: idp.EntityID, Binding: binding, Destination: dest, RelayState: relayState}
	switch binding {
	case BindingRedirect:
		out.URL, err = csp.RedirectLogoutRequestURL(req, relayState)
	case BindingPOST:
		out.Form = req.Post(relayState)
	default:
		err = fmt.Errorf("binding %q", binding)
	}
	if err != nil {
		return nil, newError("logout.request", ErrConfig, err)
	}
	err = sp.cfg.RequestStore.Save(ctx, Request{
		ID: req.ID, Kind: KindLogout, IssueInstant: req.IssueInstant, IdP: idp.EntityID, Binding: binding,
		RelayState: relayState, Expires: now.Add(sp.ttl), NameID: id.NameID, SessionIndex: id.SessionIndex,
	})
	if err != nil {
		return nil, fmt.Errorf("spid: save logout request: %w", err)
	}
	return out, nil
}

// ParseLogout validates a message received at the SLO endpoint, with the
// Redirect (GET, query signature) or POST (XML signature) binding: an
// IdP-initiated LogoutRequest (checklist 51), whose Reply must then be sent,
// or the LogoutResponse to an SP-initiated logout (checklist 50). Unsigned
// messages are refused.
func (sp *SP) ParseLogout(ctx context.Context, r *http.Request) (*LogoutResult, error) {
	var (
		data     []byte
		redirect *redirectMessage
		relay    string
		binding  Binding
		err      error
	)
	switch r.Method {
	case http.MethodGet:
		binding = BindingRedirect
		if redirect, err = readRedirect(r.URL.RawQuery); err != nil {
			return nil, err
		}
		data, relay = redirect.xml, redirect.relayState
	case http.MethodPost:
		binding = BindingPOST
		r.Body = http.MaxBytesReader(nil, r.Body, MaxBodySize)
		if err := r.ParseForm(); err != nil {
			return nil, newError("binding.form", ErrMalformed, err)
		}
		param := "SAMLRequest"
		if r.PostForm.Get("SAMLResponse") != "" {
			param = "SAMLResponse"
		}
		if data, err = readPostMessage(r, param); err != nil {
			return nil, err
		}
		relay = r.PostForm.Get("RelayState")
	default:
		return nil, errorf("logout.binding", ErrMalformed, "method %s", r.Method)
	}
	return sp.parseLogoutXML(ctx, data, redirect, binding, relay)
}

func (sp *SP) parseLogoutXML(ctx context.Context, data []byte, redirect *redirectMessage, binding Binding, relay string) (*LogoutResult, error) {
	if len(data) > MaxMessageSize {
		return nil, errorf("logout.size", ErrTooLarge, "%d bytes", len(data))
	}
	doc, err := parseXML(data)
	if err != nil {
		return nil, newError("logout.xml", ErrMalformed, err)
	}
	root := doc.Root()
	isRequest := isElem(root, nsSAMLP, "LogoutRequest")
	if !isRequest && !isElem(root, nsSAMLP, "LogoutResponse") {
		return nil, errorf("logout.root", ErrMalformed, "root is %s", root.Tag)
	}
	if err := sp.checkIssuer(root, "logout.issuer", false); err != nil {
		return nil, err
	}
	idp, ok := sp.IdP(textOf(child(root, nsSAML, "Issuer")))
	if !ok {
		return nil, errorf("logout.issuer", ErrIssuer, "unknown IdP")
	}
	now := sp.now().UTC()
	msg := root
	if redirect != nil {
		if err := redirect.verify(idp.Certificates); err != nil {
			return nil, err
		}
	} else {
		if msg, err = verifySigned(root, idp.Certificates, now); err != nil {
			return nil, newError("logout.signature", ErrSignature, err)
		}
	}
	id, err := requiredAttr(msg, "ID", "logout.id", ErrID)
	if err != nil {
		return nil, err
	}
	if ver, _ := attr(msg, "Version"); ver != "2.0" {
		return nil, errorf("logout.version", ErrVersion, "%q", ver)
	}
	ii, err := instantAttr(msg, "IssueInstant", "logout.issue_instant", ErrIssueInstant)
	if err != nil {
		return nil, err
	}
	if ii.After(now.Add(sp.skew)) || ii.Before(now.Add(-sp.ttl)) {
		return nil, errorf("logout.issue_instant", ErrIssueInstant, "%s out of range", ii.Format("2006-01-02T15:04:05Z"))
	}
	dest, err := requiredAttr(msg, "Destination", "logout.destination", ErrDestination)
	if err != nil {
		return nil, err
	}
	if dest != sp.cfg.SLOURL {
		return nil, errorf("logout.destination", ErrDestination, "%q is not the SLO endpoint", dest)
	}
	if err := sp.cfg.ReplayStore.Use(ctx, "logout:"+id, now.Add(sp.ttl)); err != nil {
		return nil, newError("logout.replay", ErrReplay, err)
	}
	if isRequest {
		return sp.logoutRequestReceived(msg, idp, id, binding, relay, now)
	}
	return sp.logoutResponseReceived(ctx, msg, idp, relay)
}

// logoutRequestReceived handles an IdP-initiated LogoutRequest (checklist 51).
func (sp *SP) logoutRequestReceived(msg *etree.Element, idp *IdP, id string, binding Binding, relay string, now time.Time) (*LogoutResult, error) {
	if noa, ok := attr(msg, "NotOnOrAfter"); ok {
		t, err := instantAttr(msg, "NotOnOrAfter", "logout.not_on_or_after", ErrLogout)
		if err != nil {
			return nil, err
		}
		if !now.Before(t.Add(sp.skew)) {
			return nil, errorf("logout.not_on_or_after", ErrLogout, "expired at %s", noa)
		}
	}
	nameIDs := children(msg, nsSAML, "NameID")
	if len(nameIDs) != 1 || textOf(nameIDs[0]) == "" {
		return nil, errorf("logout.name_id", ErrSubject, "NameID missing")
	}
	if f, ok := attr(nameIDs[0], "Format"); ok && f != formatTransient {
		return nil, errorf("logout.name_id", ErrSubject, "Format %q is not transient", f)
	}
	res := &LogoutResult{Initiated: true, IdP: idp.EntityID, NameID: textOf(nameIDs[0]), RelayState: relay}
	if si := child(msg, nsSAMLP, "SessionIndex"); si != nil {
		res.SessionIndex = textOf(si)
	}
	reply, err := sp.logoutReply(idp, id, binding, relay, now)
	if err != nil {
		return nil, err
	}
	res.Reply = reply
	return res, nil
}

// logoutReply builds the signed LogoutResponse with Status Success, sent
// even when the session was already closed (checklist 51).
func (sp *SP) logoutReply(idp *IdP, inResponseTo string, binding Binding, relay string, now time.Time) (*LogoutResponse, error) {
	if idp.SLO[binding] == "" {
		binding = map[Binding]Binding{BindingPOST: BindingRedirect, BindingRedirect: BindingPOST}[binding]
	}
	dest := idp.SLO[binding]
	if dest == "" {
		return nil, errorf("logout.reply", ErrLogout, "IdP %s has no SingleLogoutService", idp.EntityID)
	}
	csp := sp.samlSP(now)
	csp.SignatureMethod, csp.LogoutSignatureMethod = "", "" // sign after the SPID fields are set
	resp, err := csp.MakeLogoutResponse(dest, inResponseTo)
	if err != nil {
		return nil, newError("logout.reply", ErrConfig, err)
	}
	resp.ID = "_" + randomToken()
	resp.Issuer.NameQualifier = sp.cfg.EntityID
	out := &LogoutResponse{Binding: binding}
	if binding == BindingRedirect {
		out.URL, err = sp.redirectURL(dest, "SAMLResponse", resp.Element(), relay)
	} else {
		csp.LogoutSignatureMethod = sp.signatureMethod()
		if err = csp.SignLogoutResponse(resp); err == nil {
			out.Form = resp.Post(relay)
		}
	}
	if err != nil {
		return nil, newError("logout.reply", ErrConfig, err)
	}
	return out, nil
}

// logoutResponseReceived validates the answer to an SP-initiated logout
// (checklist 50): InResponseTo, Issuer, Status Success or PartialLogout.
func (sp *SP) logoutResponseReceived(ctx context.Context, msg *etree.Element, idp *IdP, relay string) (*LogoutResult, error) {
	irt, err := requiredAttr(msg, "InResponseTo", "logout.in_response_to", ErrInResponseTo)
	if err != nil {
		return nil, err
	}
	req, err := sp.cfg.RequestStore.Take(ctx, irt)
	if err != nil || req.Kind != KindLogout {
		return nil, errorf("logout.in_response_to", ErrInResponseTo, "not a pending logout request")
	}
	if req.IdP != idp.EntityID {
		return nil, errorf("logout.issuer", ErrIssuer, "request was sent to %q", req.IdP)
	}
	res := &LogoutResult{IdP: idp.EntityID, NameID: req.NameID, SessionIndex: req.SessionIndex, RelayState: relay}
	code := child(child(msg, nsSAMLP, "Status"), nsSAMLP, "StatusCode")
	if code == nil {
		return nil, errorf("logout.status", ErrLogout, "no StatusCode")
	}
	value, _ := attr(code, "Value")
	if value == statusSuccess {
		return res, nil
	}
	if sub := child(code, nsSAMLP, "StatusCode"); sub != nil {
		if sv, _ := attr(sub, "Value"); strings.HasSuffix(sv, ":PartialLogout") {
			res.Partial = true
			return res, nil
		}
	}
	return nil, errorf("logout.status", ErrLogout, "status %s", value)
}
