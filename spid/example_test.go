package spid_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// newExampleSP returns an SP for a Comune and the test IdP it trusts.
func newExampleSP() (*spid.SP, *spidtest.IdP) {
	idp, err := spidtest.New(spidtest.Config{BaseURL: "https://idp.example.org", Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		log.Fatal(err)
	}
	idpMeta, err := spid.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		log.Fatal(err)
	}
	key, cert, err := spid.NewSelfSignedCertificate(spid.CertificateRequest{
		EntityID: "https://comune.example.it", CommonName: "Comune di Esempio",
		OrganizationName: "Comune di Esempio", Locality: "Roma", Public: true, IPACode: "c_x000", KeyBits: 2048,
	})
	if err != nil {
		log.Fatal(err)
	}
	sp, err := spid.New(spid.Config{
		EntityID:                 "https://comune.example.it",
		Key:                      key,
		Certificate:              cert,
		BaseURL:                  "https://comune.example.it/spid",
		OrganizationNames:        map[string]string{"it": "Comune di Esempio"},
		OrganizationDisplayNames: map[string]string{"it": "Comune di Esempio"},
		OrganizationURLs:         map[string]string{"it": "https://comune.example.it"},
		Public:                   true,
		IPACode:                  "c_x000",
		Contact:                  spid.ContactInfo{Email: "protocollo@comune.example.it"},
		AttributeSets:            [][]spid.Attribute{{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber}},
		IdPs:                     []*spid.IdP{idpMeta},
		Register:                 &spid.MemoryRegister{},
		Logger:                   slog.New(slog.DiscardHandler),
	})
	if err != nil {
		log.Fatal(err)
	}
	md, err := sp.Metadata()
	if err != nil {
		log.Fatal(err)
	}
	if err := idp.RegisterSP(md); err != nil { // what AgID onboarding does
		log.Fatal(err)
	}
	return sp, idp
}

// A complete login: the SP sends a signed AuthnRequest, the IdP answers,
// the SP validates the Response and gets the citizen's identity.
func Example() {
	ctx := context.Background()
	sp, idp := newExampleSP()

	req, err := sp.NewAuthnRequest(ctx, spid.LoginOptions{IdP: idp.EntityID(), Level: spid.L2})
	if err != nil {
		log.Fatal(err)
	}
	// The browser follows req.URL to the IdP; here the test IdP reads it directly.
	info, err := idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, req.URL.String(), nil))
	if err != nil {
		log.Fatal(err)
	}
	response, err := idp.Response(info)
	if err != nil {
		log.Fatal(err)
	}
	id, err := sp.ParseResponseXML(ctx, response)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(id.Name, id.FamilyName, id.FiscalNumber, id.Level)
	// Output: Mario Rossi RSSMRA80A01H501U SpidL2
}

// The IdP reports that the citizen cancelled: the error carries the SPID
// anomaly code and a message for the citizen.
func ExampleError() {
	ctx := context.Background()
	sp, idp := newExampleSP()
	req, _ := sp.NewAuthnRequest(ctx, spid.LoginOptions{IdP: idp.EntityID()})
	info, _ := idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, req.URL.String(), nil))
	response, _ := idp.Response(info, spidtest.WithErrorCode(25))

	_, err := sp.ParseResponseXML(ctx, response)
	if e, ok := errors.AsType[*spid.Error](err); ok {
		fmt.Println(errors.Is(err, spid.ErrStatus), e.Code, e.HTTPStatus())
		fmt.Println(e.CitizenMessage())
	}
	// Output:
	// true 25 403
	// Autenticazione annullata: hai interrotto l'accesso.
}

// Handlers mount the SPID endpoints on an existing net/http application.
func ExampleHandlers() {
	sp, _ := newExampleSP()
	h := &spid.Handlers{
		SP: sp,
		OnLogin: func(w http.ResponseWriter, r *http.Request, id *spid.Identity) {
			// Start a new session (a new session ID) for id, then enter the app.
			http.Redirect(w, r, "/area-personale", http.StatusSeeOther)
		},
	}
	mux := http.NewServeMux()
	h.Register(mux, "/spid/login", "/spid/logout") // plus /spid/metadata, /spid/acs, /spid/slo

	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/spid/metadata", nil))
	fmt.Println(w.Code, w.Header().Get("Content-Type"))
	// Output: 200 application/samlmetadata+xml
}
