// Command cie-login is the smallest real "Entra con CIE" integration: a
// net/http server that publishes the signed SP metadata (with the cie:
// extensions), shows the "Entra con CIE" button, receives responses at the
// ACS and greets the citizen, or shows the Italian error page.
//
// With no flags it runs on http://localhost:8000 in demo mode, against the
// in-process test IdP of package spidtest playing the CieID server, mounted
// at /idp/:
//
//	go run ./examples/cie-login
//
// For the onboarding on the CIE pre-production server, run it behind HTTPS
// with the real entityID and upload http(s)://…/metadata on the CIE
// federation portal (the pre-production IdP metadata is embedded in package
// cie):
//
//	go run ./examples/cie-login -env preproduction \
//	    -entity-id https://comune.example.it -base-url https://comune.example.it \
//	    -ipa c_h501 -municipality H501 -addr :8000
//
// In production the CieID server's metadata is fetched by the operator and
// passed as a file, so that the Ministry's certificate never comes from a
// copy in a library:
//
//	curl -o cie-idp.xml 'https://idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata'
//	go run ./examples/cie-login -env production -idp-metadata cie-idp.xml …
//
// The SP key and certificate are read from -key and -cert, and generated
// (self-signed, Avviso 29 fields) on first run if absent. CIE has no SAML
// single logout: "Esci" ends the session of this server only.
package main

import (
	"context"
	"flag"
	"fmt"
	"html/template"
	"log"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/siopi/siopi/cie"
	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

func main() {
	var (
		o    options
		addr = flag.String("addr", "", "listen address (default: the port of -base-url)")
		env  = flag.String("env", "test", "CIE environment: test (the in-process test IdP at /idp/), preproduction or production")
	)
	flag.StringVar(&o.EntityID, "entity-id", "https://localhost", "SP entityID (https, no port)")
	flag.StringVar(&o.BaseURL, "base-url", "http://localhost:8000", "public base URL of this server (metadata at /metadata, ACS at /acs, SLO at /slo)")
	flag.StringVar(&o.KeyPath, "key", "cie-sp.key", "SP private key (PEM); generated if absent")
	flag.StringVar(&o.CertPath, "cert", "cie-sp.crt", "SP certificate (PEM); generated if absent")
	flag.StringVar(&o.Org, "org", "Comune di Esempio", "organization legal name")
	flag.StringVar(&o.IPA, "ipa", "c_x000", "IPA code of the (public) SP")
	flag.StringVar(&o.Municipality, "municipality", "H501", "ISTAT or Belfiore code of the registered office (cie:Municipality)")
	flag.StringVar(&o.Email, "email", "protocollo@comune.example.it", "administrative contact e-mail")
	flag.StringVar(&o.IdPFile, "idp-metadata", "", "CieID server metadata file: required in production, optional in pre-production (default: the embedded copy); in test, a test IdP's metadata instead of the in-process one")
	flag.BoolVar(&o.BindBrowser, "bind-browser", true, "accept a Response only in the browser that started the login (login CSRF protection); turn off for tools that POST responses without cookies")
	flag.Parse()
	var err error
	if o.Environment, err = parseEnvironment(*env); err != nil {
		log.Fatal(err)
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if err := run(context.Background(), o, *addr); err != nil {
		log.Fatal(err)
	}
}

// options are the example's settings (the command-line flags).
type options struct {
	EntityID, BaseURL, KeyPath, CertPath, Org, IPA, Municipality, Email string
	// Environment is cie.Test, cie.PreProduction or cie.Production.
	Environment cie.Environment
	// IdPFile is the IdP metadata file; in cie.Test without it the example
	// mounts spidtest's CIE IdP at /idp/ (demo mode).
	IdPFile     string
	BindBrowser bool
	Logger      *slog.Logger // default slog.Default()
}

// parseEnvironment reads the -env flag.
func parseEnvironment(s string) (cie.Environment, error) {
	switch strings.ToLower(s) {
	case "test", "":
		return cie.Test, nil
	case "preproduction", "pre-production":
		return cie.PreProduction, nil
	case "production":
		return cie.Production, nil
	}
	return 0, fmt.Errorf("-env %q: want test, preproduction or production", s)
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
	slog.Info("cie-login listening", "addr", addr, "environment", o.Environment, "metadata", o.BaseURL+"/metadata", "home", o.BaseURL+"/")
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

// newServer builds the example's handler: SP metadata, login, ACS, SLO,
// logout, the home page with the "Entra con CIE" button, the button's
// assets at /static/ and (in demo mode) the test IdP at /idp/.
func newServer(_ context.Context, o options) (http.Handler, error) {
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
	var idpMetadata []byte
	if o.IdPFile != "" {
		if idpMetadata, err = os.ReadFile(o.IdPFile); err != nil {
			return nil, fmt.Errorf("read the IdP metadata: %w", err)
		}
	}
	if o.Environment == cie.Production && idpMetadata == nil {
		return nil, fmt.Errorf("production needs -idp-metadata: download it from %s", cie.Production.MetadataURL())
	}
	var testIdP *spidtest.IdP
	if o.Environment == cie.Test && idpMetadata == nil {
		testIdP, err = spidtest.New(spidtest.Config{BaseURL: o.BaseURL + "/idp", Profile: spidtest.CIE, Logger: logger})
		if err != nil {
			return nil, err
		}
		idpMetadata = testIdP.Metadata()
		mux.Handle("/idp/", testIdP)
	}

	sp, err := cie.New(cie.Config{
		Config: spid.Config{
			EntityID: o.EntityID, Key: key, Certificate: cert, BaseURL: o.BaseURL,
			OrganizationNames:        map[string]string{"it": o.Org},
			OrganizationDisplayNames: map[string]string{"it": o.Org},
			OrganizationURLs:         map[string]string{"it": o.EntityID},
			AttributeSets:            [][]spid.Attribute{cie.EIDASAttributes()},
			Register:                 &spid.MemoryRegister{}, Logger: logger,
		},
		Environment: o.Environment,
		IdPMetadata: idpMetadata,
		Administrative: cie.Contact{
			Kind: cie.Public, IPACode: o.IPA, Municipality: o.Municipality, EmailAddress: o.Email,
		},
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

	button, err := cie.Button(cie.ButtonOptions{URL: "/login"})
	if err != nil {
		return nil, err
	}
	sessions := newSessionStore()
	h := &spid.Handlers{
		SP: sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
			sessions.start(w, r, id) // a new session ID on every login
			http.Redirect(w, r, "/", http.StatusSeeOther)
		},
		Session:        sessions.get,
		EndSession:     sessions.end, // CIE has no SLO: logout ends this session only
		UnboundBrowser: !o.BindBrowser,
	}
	h.Register(mux, "/login", "/logout")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(cie.Assets())))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = homePage.Execute(w, struct {
			User   *spid.Identity
			Button template.HTML
			Demo   bool
		}{sessions.get(r), button, testIdP != nil})
	})
	return mux, nil
}

var homePage = template.Must(template.New("home").Parse(`<!DOCTYPE html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entra con CIE</title>
<link rel="icon" href="/static/cie-icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/static/cie-button.css">
<style>body{font-family:"Titillium Web",system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}</style>
</head>
<body><main>
{{if .User}}<h1>Benvenuto, {{.User.Name}} {{.User.FamilyName}}</h1>
<dl>
<dt>Codice fiscale</dt><dd>{{.User.FiscalNumber}}</dd>
<dt>Livello di sicurezza</dt><dd>CIE livello {{printf "%d" .User.Level}}</dd>
</dl>
<p><a href="/logout">Esci</a> <small>(chiude la sessione di questo servizio; la CIE non prevede il logout presso il gestore dell'identità)</small></p>
{{else}}<h1>Accedi ai servizi online</h1>
<p>Entra con la Carta d'Identità Elettronica (CIE).</p>
<p>{{.Button}}</p>
{{if .Demo}}<p><small>Modalità dimostrativa: l'identity provider è quello di prova in /idp/, non il server CieID del Ministero dell'Interno.</small></p>{{end}}
{{end}}
</main></body></html>`))
