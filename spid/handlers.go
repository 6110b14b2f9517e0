package spid

import (
	"net/http"
)

// Handlers are the SP's HTTP endpoints as plain http.Handlers that call back
// into the host application. Mount them with [Handlers.Register] or one by
// one.
type Handlers struct {
	SP *SP

	// OnLogin is called after a successful login. Regenerate the session ID
	// (checklist 49), store the identity, and redirect into the application.
	OnLogin func(w http.ResponseWriter, r *http.Request, id *Identity)
	// OnError is called when a login or logout fails; err is usually an
	// *Error. The response status must be 4xx (see Error.HTTPStatus).
	// Default: an Italian error page with the citizen message.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
	// Session returns the identity of the current session, for SP-initiated
	// logout; nil if not logged in.
	Session func(r *http.Request) *Identity
	// EndSession ends the host's session of the request (SP-initiated) or,
	// for an IdP-initiated logout, every session of nameID/sessionIndex
	// (r is then the IdP's request, without the user's cookies).
	EndSession func(w http.ResponseWriter, r *http.Request, id *Identity)
	// OnLogout is called when the logout is complete; default: redirect to "/".
	OnLogout func(w http.ResponseWriter, r *http.Request, partial bool)
	// Login returns the options of a login from the request; default: the
	// query parameters idp, level (1–3), set (attribute set) and binding
	// ("post" or "redirect").
	Login func(r *http.Request) (LoginOptions, error)
}

// Register mounts the handlers on mux at the paths of the SP's URLs:
// metadata, ACS, SLO, plus loginPath and logoutPath.
func (h *Handlers) Register(mux *http.ServeMux, loginPath, logoutPath string) {
	mux.Handle("GET "+pathOf(h.SP.MetadataURL()), h.Metadata())
	mux.Handle(pathOf(h.SP.ACSURL()), h.ACS())
	mux.Handle(pathOf(h.SP.SLOURL()), h.SLO())
	mux.Handle(loginPath, h.LoginHandler())
	mux.Handle(logoutPath, h.Logout())
}

// Metadata serves the signed SP metadata.
func (h *Handlers) Metadata() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		md, err := h.SP.Metadata()
		if err != nil {
			http.Error(w, "metadata unavailable", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		_, _ = w.Write(md)
	})
}

// LoginHandler starts a fresh login on every hit.
func (h *Handlers) LoginHandler() http.Handler { return http.NotFoundHandler() }

// ACS receives the Response.
func (h *Handlers) ACS() http.Handler { return http.NotFoundHandler() }

// SLO receives logout messages.
func (h *Handlers) SLO() http.Handler { return http.NotFoundHandler() }

// Logout starts an SP-initiated logout.
func (h *Handlers) Logout() http.Handler { return http.NotFoundHandler() }
