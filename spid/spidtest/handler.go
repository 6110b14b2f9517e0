package spidtest

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// pendingLogin is an AuthnRequest waiting for the user's choice.
type pendingLogin struct {
	req     AuthnRequestInfo
	created time.Time
}

// pendingTTL bounds how long the chooser page stays answerable.
const pendingTTL = 30 * time.Minute

// ServeHTTP serves the IdP's endpoints below BaseURL's path:
//
//	GET       /metadata            signed metadata (CIE also /idp/shibboleth)
//	GET, POST SingleSignOnService  AuthnRequest → user chooser page
//	POST      /login               the chooser's form → auto-submitting Response
//	GET, POST /slo                 Single Logout (SPID profile)
//
// Mount it at BaseURL's path without stripping the prefix.
func (idp *IdP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	prefix := ""
	if u, err := url.Parse(idp.base); err == nil {
		prefix = u.Path
	}
	path, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch {
	case path == pathMetadata || (idp.cfg.Profile == CIE && path == cieMetadataPath):
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		w.Write(idp.metadata)
	case path == pathSSO && idp.cfg.Profile == SPID,
		(path == ciePostSSOPath || path == cieRedirectSSOPath) && idp.cfg.Profile == CIE:
		idp.serveSSO(w, r)
	case path == pathLogin && r.Method == http.MethodPost:
		idp.serveLogin(w, r)
	case path == pathSLO && idp.cfg.Profile == SPID:
		idp.serveSLO(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (idp *IdP) serveSSO(w http.ResponseWriter, r *http.Request) {
	req, err := idp.ReadAuthnRequest(r)
	if err != nil {
		idp.fail(w, r, "sso", err)
		return
	}
	token := newToken()
	now := idp.cfg.Now()
	idp.mu.Lock()
	for k, p := range idp.pending {
		if now.Sub(p.created) > pendingTTL {
			delete(idp.pending, k)
		}
	}
	idp.pending[token] = pendingLogin{req: req, created: now}
	idp.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	choose.Execute(w, chooserData{
		IdP: idp.entityID, Profile: idp.cfg.Profile.String(), SP: req.SPEntityID, Level: max(req.Level, 1),
		Comparison: req.Comparison, Action: idp.base + pathLogin, Token: token,
		Users: idp.users, Cases: append(Catalogue(), Extras()...),
	})
}

// Chooser actions and the ErrorCode each sends (RT messaggi-errore.rst).
var actionCodes = map[string]int{"login": 0, "cancel": 25, "deny": 22, "timeout": 21, "blocked": 23, "nolevel": 20, "wrong": 19}

func (idp *IdP) serveLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		idp.fail(w, r, "login", fmt.Errorf("%w: %w", ErrMalformed, err))
		return
	}
	token := r.PostForm.Get("token")
	idp.mu.Lock()
	p, ok := idp.pending[token]
	delete(idp.pending, token)
	idp.mu.Unlock()
	if !ok {
		idp.fail(w, r, "login", errors.New("spidtest: unknown or used login token; start again from the service provider"))
		return
	}
	code, ok := actionCodes[r.PostForm.Get("action")]
	if !ok {
		idp.fail(w, r, "login", fmt.Errorf("%w: unknown action", ErrMalformed))
		return
	}
	opts := []Option{WithUser(r.PostForm.Get("user"))}
	if code != 0 {
		opts = append(opts, WithErrorCode(code))
	} else if id := r.PostForm.Get("case"); id != "" {
		c, ok := LookupCase(id)
		if !ok {
			idp.fail(w, r, "login", fmt.Errorf("%w: unknown case %q", ErrMalformed, id))
			return
		}
		opts = append(opts, WithCase(c))
	}
	resp, err := idp.Response(p.req, opts...)
	if err != nil {
		idp.fail(w, r, "login", err)
		return
	}
	writeAutoPost(w, p.req.ACSURL, "SAMLResponse", base64.StdEncoding.EncodeToString(resp), p.req.RelayState)
}

// fail answers a refused request with 400 and a short page.
func (idp *IdP) fail(w http.ResponseWriter, r *http.Request, where string, err error) {
	idp.cfg.Logger.WarnContext(r.Context(), "spidtest: request refused", "endpoint", where, "err", err)
	status := http.StatusBadRequest
	if errors.Is(err, ErrSignature) || errors.Is(err, ErrUnknownSP) {
		status = http.StatusForbidden
	}
	writePage(w, status, "Richiesta rifiutata", err.Error())
}

func newToken() string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// writeAutoPost writes an HTML form that posts param (and RelayState) to
// action as soon as it loads (HTTP-POST binding, saml-bindings §3.5).
func writeAutoPost(w http.ResponseWriter, action, param, value, relayState string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	autoPost.Execute(w, struct{ Action, Param, Value, RelayState string }{action, param, value, relayState})
}

func writePage(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	page.Execute(w, struct{ Title, Text string }{title, text})
}

type chooserData struct {
	IdP, Profile, SP   string
	Level              int
	Comparison, Action string
	Token              string
	Users              []User
	Cases              []Case
}

// Level names shown on the chooser.
func levelName(l int) string { return "SpidL" + strconv.Itoa(l) }

const css = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.5rem}fieldset{border:1px solid #ccc;border-radius:.5rem;margin:1rem 0;padding:1rem}
label{display:block;margin:.3rem 0}button{font-size:1rem;padding:.5rem 1rem;margin:.25rem .25rem .25rem 0;border-radius:.4rem;border:1px solid #06c;background:#fff;color:#06c;cursor:pointer}
button.primary{background:#06c;color:#fff}small{color:#555}select{max-width:100%}`

var choose = template.Must(template.New("choose").Funcs(template.FuncMap{"level": levelName}).Parse(`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Accesso di prova – siopi spidtest</title><style>` + css + `</style></head><body>
<main>
<h1>Identity provider di prova{{if eq .Profile "cie"}} (CIE){{else}} (SPID){{end}}</h1>
<p><small>IdP {{.IdP}}</small></p>
<p>Il servizio <strong>{{.SP}}</strong> chiede l'accesso con livello <strong>{{level .Level}}</strong>{{if .Comparison}} ({{.Comparison}}){{end}}.</p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="token" value="{{.Token}}">
<fieldset><legend>Scegli l'utente di prova</legend>
{{range $i, $u := .Users}}<label><input type="radio" name="user" value="{{$u.Username}}"{{if eq $i 0}} checked{{end}}> {{$u.DisplayName}} <small>{{index $u.Attributes "fiscalNumber"}}</small></label>
{{end}}</fieldset>
<fieldset><legend>Risposta</legend>
<label for="case">Caso di test (catalogo spid-sp-test)</label>
<select id="case" name="case"><option value="">Risposta corretta</option>
{{range .Cases}}<option value="{{.ID}}">{{.ID}} – {{.Description}} ({{.Expect}})</option>
{{end}}</select>
</fieldset>
<button class="primary" type="submit" name="action" value="login">Entra</button>
<button type="submit" name="action" value="cancel">Annulla (nr25)</button>
<button type="submit" name="action" value="deny">Nega il consenso (nr22)</button>
<button type="submit" name="action" value="timeout">Timeout (nr21)</button>
<button type="submit" name="action" value="blocked">Credenziali bloccate (nr23)</button>
<button type="submit" name="action" value="nolevel">Livello non disponibile (nr20)</button>
<button type="submit" name="action" value="wrong">Credenziali errate (nr19)</button>
</form>
</main></body></html>
`))

var autoPost = template.Must(template.New("post").Parse(`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>Invio in corso…</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
<input type="hidden" name="{{.Param}}" value="{{.Value}}">
{{if .RelayState}}<input type="hidden" name="RelayState" value="{{.RelayState}}">{{end}}
<noscript><p>JavaScript è disattivato: premi il pulsante per continuare.</p></noscript>
<button type="submit">Continua</button>
</form>
</body></html>
`))

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><title>{{.Title}}</title><style>` + css + `</style></head>
<body><main><h1>{{.Title}}</h1><p>{{.Text}}</p></main></body></html>
`))
