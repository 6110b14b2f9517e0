package cie_test

import (
	"crypto/rsa"
	"crypto/x509"
	"fmt"
	"log"
	"log/slog"
	"net/http"

	"github.com/siopi/siopi/cie"
	"github.com/siopi/siopi/spid"
)

// seal returns the SP's signing key and self-signed certificate; a public
// SP may use one in production (Avviso 29), generated once and kept.
func seal() (*rsa.PrivateKey, *x509.Certificate) {
	key, cert, err := spid.NewSelfSignedCertificate(spid.CertificateRequest{
		EntityID: "https://servizi.comune.example.it", CommonName: "Servizi online",
		OrganizationName: "Comune di Esempio", Locality: "Roma", Public: true, IPACode: "c_h501", KeyBits: 2048,
	})
	if err != nil {
		log.Fatal(err)
	}
	return key, cert
}

// ExampleNew configures "Entra con CIE" for a Comune on the pre-production
// CieID server, whose metadata is embedded.
func ExampleNew() {
	key, cert := seal()
	sp, err := cie.New(cie.Config{
		Config: spid.Config{
			EntityID: "https://servizi.comune.example.it", Key: key, Certificate: cert,
			BaseURL:                  "https://servizi.comune.example.it/cie",
			OrganizationNames:        map[string]string{"it": "Comune di Esempio"},
			OrganizationDisplayNames: map[string]string{"it": "Comune di Esempio"},
			OrganizationURLs:         map[string]string{"it": "https://www.comune.example.it"},
			AttributeSets:            [][]spid.Attribute{cie.EIDASAttributes()},
			Register:                 &spid.MemoryRegister{},
			Logger:                   slog.New(slog.DiscardHandler),
		},
		Environment: cie.PreProduction,
		Administrative: cie.Contact{
			Kind: cie.Public, IPACode: "c_h501", Municipality: "H501", Province: "RM",
			EmailAddress: "protocollo@comune.example.it",
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(sp.Profile().Name, sp.ACSURL())
	for _, idp := range sp.IdPs() {
		fmt.Println(idp.EntityID)
	}
	// Output:
	// cie https://servizi.comune.example.it/cie/acs
	// https://preproduzione.idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO
}

// ExampleNew_bothSPIDAndCIE builds the SPID and the CIE SP of one portal
// from shared settings and mounts both on one mux with the same callbacks.
func ExampleNew_bothSPIDAndCIE() {
	key, cert := seal()
	shared := spid.Config{
		EntityID: "https://servizi.comune.example.it", Key: key, Certificate: cert,
		OrganizationNames:        map[string]string{"it": "Comune di Esempio"},
		OrganizationDisplayNames: map[string]string{"it": "Comune di Esempio"},
		OrganizationURLs:         map[string]string{"it": "https://www.comune.example.it"},
		AttributeSets:            [][]spid.Attribute{{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber}},
		RequestStore:             &spid.MemoryRequestStore{},
		ReplayStore:              &spid.MemoryReplayStore{},
		Register:                 &spid.MemoryRegister{},
		Logger:                   slog.New(slog.DiscardHandler),
	}

	spidCfg := shared
	spidCfg.BaseURL = "https://servizi.comune.example.it/spid"
	spidCfg.Public, spidCfg.IPACode = true, "c_h501"
	spidCfg.Contact = spid.ContactInfo{Email: "protocollo@comune.example.it"}
	spidSP, err := spid.New(spidCfg)
	if err != nil {
		log.Fatal(err)
	}

	cieCfg := cie.Config{Config: shared, Environment: cie.PreProduction, Administrative: cie.Contact{
		Kind: cie.Public, IPACode: "c_h501", Municipality: "H501", EmailAddress: "protocollo@comune.example.it",
	}}
	cieCfg.BaseURL = "https://servizi.comune.example.it/cie"
	cieSP, err := cie.New(cieCfg)
	if err != nil {
		log.Fatal(err)
	}

	// One set of callbacks: the Identity is the same type for both.
	onLogin := func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
		// Regenerate the session ID, store id (id.Provider is "spid" or
		// "cie"), redirect into the application.
		http.Redirect(w, r, "/servizi", http.StatusSeeOther)
	}
	mux := http.NewServeMux()
	for _, sp := range []*spid.SP{spidSP, cieSP} {
		h := &spid.Handlers{SP: sp, OnLogin: onLogin}
		name := sp.Profile().Name
		h.Register(mux, "/"+name+"/login", "/"+name+"/logout")
		fmt.Println(name, sp.MetadataURL())
	}
	button, err := cie.Button(cie.ButtonOptions{URL: "/cie/login"})
	if err != nil {
		log.Fatal(err)
	}
	_ = button // rendered next to the "Entra con SPID" button on the login page
	// Output:
	// spid https://servizi.comune.example.it/spid/metadata
	// cie https://servizi.comune.example.it/cie/metadata
}

// ExampleButton renders the "Entra con CIE" button as a link.
func ExampleButton() {
	html, err := cie.Button(cie.ButtonOptions{URL: "/cie/login", Size: cie.ButtonLarge})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(html) > 0, cie.ButtonLarge)
	// Output: true l
}

// ExampleEnvironment lists the CieID server endpoints of an environment.
func ExampleEnvironment() {
	env := cie.Production
	fmt.Println(env.EntityID())
	fmt.Println(env.SSOLocation(false))
	fmt.Println(env.MetadataURL())
	// Output:
	// https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/POST/SSO
	// https://idserver.servizicie.interno.gov.it/idp/profile/SAML2/Redirect/SSO
	// https://idserver.servizicie.interno.gov.it/idp/shibboleth?Metadata
}
