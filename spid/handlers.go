package spid

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"
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

	// UnboundBrowser turns off the binding of each login to the browser that
	// started it (checklist 30). By default LoginHandler sets an HttpOnly
	// cookie, scoped to the ACS path, with the request ID, and ACS refuses a
	// Response to any other request with 403. This stops login CSRF: without
	// it, an attacker can push a Response issued for the attacker's own login
	// into a victim's browser with an auto-submitting form and log the victim
	// in as the attacker. The cookie is SameSite=None and Secure when the ACS
	// URL is https (the IdP's POST to the ACS is cross-site), Lax on
	// plain-HTTP loopback development URLs. Only the latest login of a browser
	// is bound. Set UnboundBrowser only for conformance tools that POST
	// responses without keeping cookies; never in production.
	UnboundBrowser bool
}

// cookieName is the name of the browser-binding cookie, per profile so that
// SPID and CIE logins on one host do not overwrite each other.
func (h *Handlers) cookieName() string { return h.SP.profile.Name + "_request" }

// setBindingCookie records the login's request ID in the browser.
func (h *Handlers) setBindingCookie(w http.ResponseWriter, id string, maxAge int) {
	secure := strings.HasPrefix(h.SP.ACSURL(), "https://")
	c := &http.Cookie{
		Name: h.cookieName(), Value: id, Path: pathOf(h.SP.ACSURL()), MaxAge: maxAge,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode,
	}
	if secure {
		c.SameSite = http.SameSiteNoneMode
	}
	http.SetCookie(w, c)
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

// LoginHandler starts a fresh login on every hit (GET or POST): a new
// AuthnRequest with a new ID, sent with the Redirect binding (SAMLRequest,
// RelayState, SigAlg, Signature) or as an auto-submitting POST form.
func (h *Handlers) LoginHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		get := h.Login
		if get == nil {
			get = LoginOptionsFromQuery
		}
		opts, err := get(r)
		if err != nil {
			h.fail(w, r, &Error{Check: "login.options", Kind: ErrMalformed, Err: err})
			return
		}
		req, err := h.SP.NewAuthnRequest(r.Context(), opts)
		if err != nil {
			var e *Error
			if errors.As(err, &e) && (errors.Is(err, ErrConfig) || errors.Is(err, ErrUnknownIdP)) {
				e.Kind = ErrMalformed // a bad choice in the request, not a server fault
			}
			h.fail(w, r, err)
			return
		}
		if !h.UnboundBrowser {
			h.setBindingCookie(w, req.ID, int(h.SP.ttl/time.Second))
		}
		req.Write(w, r)
	})
}

// LoginOptionsFromQuery reads idp, level (1–3), comparison, set and binding
// ("post" or "redirect") from the query string.
func LoginOptionsFromQuery(r *http.Request) (LoginOptions, error) {
	q := r.URL.Query()
	opts := LoginOptions{IdP: q.Get("idp"), Comparison: Comparison(q.Get("comparison"))}
	if l := q.Get("level"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return opts, errors.New("level must be 1, 2 or 3")
		}
		opts.Level = Level(n)
	}
	if s := q.Get("set"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return opts, errors.New("set must be a number")
		}
		opts.AttributeSet = n
	}
	switch q.Get("binding") {
	case "", "redirect":
		opts.Binding = BindingRedirect
	case "post":
		opts.Binding = BindingPOST
	default:
		return opts, errors.New("binding must be post or redirect")
	}
	return opts, nil
}

// ACS receives the Response (HTTP-POST only). A rejected Response gets a
// 4xx page (see [Error.HTTPStatus]); an accepted one is handed to OnLogin.
func (h *Handlers) ACS() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			h.fail(w, r, errorf("acs.method", ErrMalformed, "method %s", r.Method))
			return
		}
		v := &response{bind: !h.UnboundBrowser}
		if c, err := r.Cookie(h.cookieName()); err == nil && !h.UnboundBrowser {
			v.browserReq = c.Value
		}
		id, err := h.SP.parseResponseRequest(r.Context(), r, v)
		if !h.UnboundBrowser && v.req.ID != "" { // the request is consumed: forget it
			h.setBindingCookie(w, "", -1)
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if h.OnLogin == nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			_, _ = w.Write([]byte("autenticazione riuscita\n"))
			return
		}
		h.OnLogin(w, r, id)
	})
}

// SLO receives logout messages: for an IdP-initiated LogoutRequest it ends
// the sessions (EndSession) and always answers with a signed LogoutResponse;
// for the answer to an SP-initiated logout it calls OnLogout.
func (h *Handlers) SLO() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := h.SP.ParseLogout(r.Context(), r)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		if res.Initiated {
			if h.EndSession != nil {
				h.EndSession(w, r, &Identity{Provider: h.SP.profile.Name, IdP: res.IdP, NameID: res.NameID, SessionIndex: res.SessionIndex})
			}
			res.Reply.Write(w, r)
			return
		}
		h.loggedOut(w, r, res.Partial)
	})
}

// Logout starts an SP-initiated logout: it ends the local session first,
// then sends the LogoutRequest to the IdP. With a profile without single
// logout (CIE), or without a session, it only ends the local session.
func (h *Handlers) Logout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id *Identity
		if h.Session != nil {
			id = h.Session(r)
		}
		if id != nil && h.EndSession != nil {
			h.EndSession(w, r, id)
		}
		if id == nil || !h.SP.profile.SingleLogout {
			h.loggedOut(w, r, false)
			return
		}
		lr, err := h.SP.NewLogoutRequest(r.Context(), id, "", "")
		if err != nil {
			h.SP.log.WarnContext(r.Context(), "spid: logout request failed; local session ended", "err", err)
			h.loggedOut(w, r, false)
			return
		}
		lr.Write(w, r)
	})
}

func (h *Handlers) loggedOut(w http.ResponseWriter, r *http.Request, partial bool) {
	if h.OnLogout != nil {
		h.OnLogout(w, r, partial)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (h *Handlers) fail(w http.ResponseWriter, r *http.Request, err error) {
	if h.OnError != nil {
		h.OnError(w, r, err)
		return
	}
	WriteErrorPage(w, err)
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accesso non riuscito</title></head>
<body><main><h1>Accesso non riuscito</h1><p>{{.Message}}</p>{{if .Code}}<p><small>Codice errore: {{.Code}}</small></p>{{end}}
<p><a href="/">Torna alla pagina iniziale</a></p></main></body></html>
`))

// WriteErrorPage writes an Italian error page for err with the status of
// [Error.HTTPStatus] (500 for errors of other types). The page shows the
// citizen message and, for IdP anomalies, the error code (SPID and CIE share
// the codes).
func WriteErrorPage(w http.ResponseWriter, err error) {
	status, code := http.StatusInternalServerError, 0
	if e, ok := errors.AsType[*Error](err); ok {
		status, code = e.HTTPStatus(), e.Code
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = errorPage.Execute(w, struct {
		Message string
		Code    int
	}{CitizenMessage(code), code})
}
