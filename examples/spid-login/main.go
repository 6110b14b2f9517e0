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
		entityID = flag.String("entity-id", "https://localhost", "SP entityID (https, no port)")
		baseURL  = flag.String("base-url", "http://localhost:8000", "public base URL of this server (metadata at /metadata, ACS at /acs, SLO at /slo)")
		addr     = flag.String("addr", "", "listen address (default: the port of -base-url)")
		keyPath  = flag.String("key", "spid-sp.key", "SP private key (PEM); generated if absent")
		certPath = flag.String("cert", "spid-sp.crt", "SP certificate (PEM); generated if absent")
		org      = flag.String("org", "Comune di Esempio", "organization legal name")
		ipa      = flag.String("ipa", "c_x000", "IPA code of the (public) SP")
		email    = flag.String("email", "protocollo@comune.example.it", "contact e-mail")
		registry = flag.Bool("registry", false, "load the AgID registry of SPID IdPs")
		demo     = flag.Bool("demo", true, "mount the spidtest IdP at /idp/")
		idpFiles stringList
	)
	flag.Var(&idpFiles, "idp-metadata", "IdP metadata file or URL (repeatable)")
	flag.Parse()
	if err := run(*entityID, strings.TrimRight(*baseURL, "/"), *addr, *keyPath, *certPath, *org, *ipa, *email, *registry, *demo, idpFiles); err != nil {
		log.Fatal(err)
	}
}

func run(entityID, baseURL, addr, keyPath, certPath, org, ipa, email string, useRegistry, demo bool, idpFiles []string) error {
	ctx := context.Background()
	logger := slog.Default()
	key, cert, err := loadOrCreateKeys(keyPath, certPath, spid.CertificateRequest{
		EntityID: entityID, CommonName: org, OrganizationName: org, Locality: "Roma", Public: true, IPACode: ipa,
	})
	if err != nil {
		return err
	}

	mux := http.NewServeMux()
	var idps []*spid.IdP
	var testIdP *spidtest.IdP
	if demo {
		testIdP, err = spidtest.New(spidtest.Config{BaseURL: baseURL + "/idp"})
		if err != nil {
			return err
		}
		meta, err := spid.ParseIdPMetadata(testIdP.Metadata())
		if err != nil {
			return err
		}
		idps = append(idps, meta)
		mux.Handle("/idp/", testIdP)
	}
	var reg *spid.Registry
	if useRegistry || len(idpFiles) > 0 {
		sources := idpFiles
		if useRegistry {
			sources = append(sources, spid.AgIDRegistryURL)
		}
		reg, err = spid.NewRegistry(spid.RegistryConfig{Sources: sources, IncludeTest: true, Logger: logger})
		if err != nil {
			return err
		}
		if err := reg.Load(ctx); err != nil {
			return err
		}
		go reg.Run(ctx)
	}

	sp, err := spid.New(spid.Config{
		EntityID: entityID, Key: key, Certificate: cert, BaseURL: baseURL,
		OrganizationNames:        map[string]string{"it": org},
		OrganizationDisplayNames: map[string]string{"it": org},
		OrganizationURLs:         map[string]string{"it": entityID},
		Public:                   true, IPACode: ipa,
		Contact: spid.ContactInfo{Email: email, Company: org},
		AttributeSets: [][]spid.Attribute{
			{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber, spid.AttrDateOfBirth, spid.AttrEmail},
		},
		IdPs: idps, Registry: reg, Register: &spid.MemoryRegister{}, Logger: logger,
	})
	if err != nil {
		return err
	}
	if testIdP != nil {
		md, err := sp.Metadata()
		if err != nil {
			return err
		}
		if err := testIdP.RegisterSP(md); err != nil {
			return err
		}
	}

	sessions := &sessionStore{m: map[string]*spid.Identity{}}
	h := &spid.Handlers{
		SP: sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
			sessions.start(w, r, id) // a new session ID on every login (checklist 49)
			http.Redirect(w, r, "/", http.StatusSeeOther)
		},
		Session:    sessions.get,
		EndSession: sessions.end,
	}
	h.Register(mux, "/login", "/logout")
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = homePage.Execute(w, struct {
			User *spid.Identity
			IdPs []*spid.IdP
		}{sessions.get(r), sp.IdPs()})
	})

	if addr == "" {
		u, _ := url.Parse(baseURL)
		addr = ":" + u.Port()
		if u.Port() == "" {
			addr = ":8000"
		}
	}
	logger.Info("spid-login listening", "addr", addr, "metadata", sp.MetadataURL(), "login", baseURL+"/login")
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
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
