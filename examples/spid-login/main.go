// Command spid-login is the smallest real SPID integration: a net/http
// server that publishes the signed SP metadata, starts logins, receives
// responses at the ACS and shows the identity or the SPID error page.
//
// With no flags it runs on http://localhost:8000 against the in-process test
// IdP of package spidtest, mounted at /idp/:
//
//	go run ./examples/spid-login
//
// To point AgID's validator (or spid-saml-check) at it, run it behind HTTPS
// with the real entityID and add the validator's metadata:
//
//	go run ./examples/spid-login -entity-id https://comune.example.it \
//	    -base-url https://comune.example.it -addr :8000 \
//	    -idp-metadata validator-metadata.xml -demo=false
//
// The SP key and certificate are read from -key and -cert, and generated
// (self-signed, Avviso 29 fields) on first run if absent.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"html/template"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var (
		o        options
		addr     = flag.String("addr", "", "listen address (default: the port of -base-url)")
		idpFiles stringList
	)
	flag.StringVar(&o.EntityID, "entity-id", "https://localhost", "SP entityID (https, no port)")
	flag.StringVar(&o.BaseURL, "base-url", "http://localhost:8000", "public base URL of this server (metadata at /metadata, ACS at /acs, SLO at /slo)")
	flag.StringVar(&o.KeyPath, "key", "spid-sp.key", "SP private key (PEM); generated if absent")
	flag.StringVar(&o.CertPath, "cert", "spid-sp.crt", "SP certificate (PEM); generated if absent")
	flag.StringVar(&o.Org, "org", "Comune di Esempio", "organization legal name")
	flag.StringVar(&o.IPA, "ipa", "c_x000", "IPA code of the (public) SP")
	flag.StringVar(&o.Email, "email", "protocollo@comune.example.it", "contact e-mail")
	flag.BoolVar(&o.Registry, "registry", false, "load the AgID registry of SPID IdPs")
	flag.BoolVar(&o.Demo, "demo", true, "mount the spidtest IdP at /idp/")
	flag.BoolVar(&o.BindBrowser, "bind-browser", true, "accept a Response only in the browser that started the login (login CSRF protection); turn off for tools that POST responses without cookies")
	flag.Var(&idpFiles, "idp-metadata", "IdP metadata file or URL (repeatable)")
	flag.Parse()
	o.IdPFiles = idpFiles
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if err := run(context.Background(), o, *addr); err != nil {
		log.Fatal(err)
	}
}

// options are the example's settings (the command-line flags).
type options struct {
	EntityID, BaseURL, KeyPath, CertPath, Org, IPA, Email string
	Registry, Demo, BindBrowser                           bool
	IdPFiles                                              []string
	Logger                                                *slog.Logger // default slog.Default()
}

// run serves the example on addr (default: the port of BaseURL).
func run(ctx context.Context, o options, addr string) error {
	h, err := newServer(ctx, o)
	if err != nil {
		return err
	}
	if addr == "" {
		u, _ := url.Parse(o.BaseURL)
		addr = ":" + u.Port()
		if u.Port() == "" {
			addr = ":8000"
		}
	}
	slog.Info("spid-login listening", "addr", addr, "metadata", o.BaseURL+"/metadata", "login", o.BaseURL+"/login")
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

// newServer builds the example's handler: SP metadata, login, ACS, SLO,
// logout, the home page and (with Demo) the test IdP at /idp/. The registry,
// if enabled, is refreshed until ctx ends.
func newServer(ctx context.Context, o options) (http.Handler, error) {
	logger := o.Logger
	if logger == nil {
		logger = slog.Default()
	}
	key, cert, err := spid.LoadOrCreateKeyPair(o.KeyPath, o.CertPath, spid.CertificateRequest{
		EntityID: o.EntityID, CommonName: o.Org, OrganizationName: o.Org, Locality: "Roma", Public: true, IPACode: o.IPA,
	})
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	var idps []*spid.IdP
	var testIdP *spidtest.IdP
	if o.Demo {
		testIdP, err = spidtest.New(spidtest.Config{BaseURL: o.BaseURL + "/idp", Logger: logger})
		if err != nil {
			return nil, err
		}
		meta, err := spid.ParseIdPMetadata(testIdP.Metadata())
		if err != nil {
			return nil, err
		}
		idps = append(idps, meta)
		mux.Handle("/idp/", testIdP)
	}
	var reg *spid.Registry
	if o.Registry || len(o.IdPFiles) > 0 {
		sources := o.IdPFiles
		if o.Registry {
			sources = append(sources, spid.AgIDRegistryURL)
		}
		reg, err = spid.NewRegistry(spid.RegistryConfig{Sources: sources, IncludeTest: true, Logger: logger})
		if err != nil {
			return nil, err
		}
		if err := reg.Load(ctx); err != nil {
			return nil, err
		}
		go reg.Run(ctx)
	}

	sp, err := spid.New(spid.Config{
		EntityID: o.EntityID, Key: key, Certificate: cert, BaseURL: o.BaseURL,
		OrganizationNames:        map[string]string{"it": o.Org},
		OrganizationDisplayNames: map[string]string{"it": o.Org},
		OrganizationURLs:         map[string]string{"it": o.EntityID},
		Public:                   true, IPACode: o.IPA,
		Contact: spid.ContactInfo{Email: o.Email, Company: o.Org},
		AttributeSets: [][]spid.Attribute{
			{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber, spid.AttrDateOfBirth, spid.AttrEmail},
		},
		IdPs: idps, Registry: reg, Register: &spid.MemoryRegister{}, Logger: logger,
	})
	if err != nil {
		return nil, err
	}
	if testIdP != nil {
		md, err := sp.Metadata()
		if err != nil {
			return nil, err
		}
		if err := testIdP.RegisterSP(md); err != nil {
			return nil, err
		}
	}

	sessions := &sessionStore{m: map[string]*spid.Identity{}}
	h := &spid.Handlers{
		SP: sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
			sessions.start(w, r, id) // a new session ID on every login (checklist 49)
			http.Redirect(w, r, "/", http.StatusSeeOther)
		},
		Session:        sessions.get,
		EndSession:     sessions.end,
		UnboundBrowser: !o.BindBrowser,
	}
	h.Register(mux, "/login", "/logout")
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = homePage.Execute(w, struct {
			User *spid.Identity
			IdPs []*spid.IdP
		}{sessions.get(r), sp.IdPs()})
	})
	return mux, nil
}

var homePage = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Entra con SPID</title></head>
<body><main>
{{if .User}}<h1>Benvenuto, {{.User.Name}} {{.User.FamilyName}}</h1>
<p>Codice fiscale: {{.User.FiscalNumber}} &middot; livello {{.User.Level}} &middot; gestore {{.User.IdP}}</p>
<p><a href="/logout">Esci</a></p>
{{else}}<h1>Entra con SPID</h1><ul>
{{range .IdPs}}<li><a href="/login?idp={{.EntityID}}">{{.Name}}</a> (<a href="/login?idp={{.EntityID}}&amp;level=1">L1</a>, <a href="/login?idp={{.EntityID}}&amp;binding=post">POST</a>)</li>{{end}}
</ul>{{end}}
</main></body></html>`))

// sessionStore is a minimal cookie session store for the example; a real
// application uses its own (e.g. alexedwards/scs with RenewToken).
type sessionStore struct {
	mu sync.Mutex
	m  map[string]*spid.Identity
}

const cookieName = "spid_login_session"

func (s *sessionStore) start(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
	s.end(w, r, nil)
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	sid := hex.EncodeToString(b)
	s.mu.Lock()
	s.m[sid] = id
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: sid, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
}

func (s *sessionStore) get(r *http.Request) *spid.Identity {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[c.Value]
}

// end removes the request's session or, for an IdP-initiated logout (no
// cookie), every session with that NameID.
func (s *sessionStore) end(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, err := r.Cookie(cookieName); err == nil {
		delete(s.m, c.Value)
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1})
	}
	if id != nil {
		for k, v := range s.m {
			if v.NameID == id.NameID && v.IdP == id.IdP {
				delete(s.m, k)
			}
		}
	}
}
