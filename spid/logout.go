package spid

import (
	"context"
	"errors"
	"net/http"
	"net/url"
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
	w.Header().Set("Cache-Control", "no-store")
	if l.Binding == BindingPOST {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(l.Form)
		return
	}
	http.Redirect(w, r, l.URL.String(), http.StatusSeeOther)
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
	w.Header().Set("Cache-Control", "no-store")
	if l.Binding == BindingPOST {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(l.Form)
		return
	}
	http.Redirect(w, r, l.URL.String(), http.StatusSeeOther)
}

// NewLogoutRequest builds, signs and stores an SP-initiated LogoutRequest for
// the session of id (checklist 50). Destroy the local session first. binding
// "" means the IdP's first supported of Redirect, POST.
func (sp *SP) NewLogoutRequest(ctx context.Context, id *Identity, binding Binding, relayState string) (*LogoutRequest, error) {
	return nil, newError("logout", ErrLogout, errors.New("not implemented yet"))
}

// ParseLogout validates a message received at the SLO endpoint, with the
// Redirect (GET) or POST binding: an IdP-initiated LogoutRequest (checklist
// 51) or the LogoutResponse to an SP-initiated logout (checklist 50). Both
// must be signed by the IdP.
func (sp *SP) ParseLogout(ctx context.Context, r *http.Request) (*LogoutResult, error) {
	return nil, newError("logout", ErrLogout, errors.New("not implemented yet"))
}
