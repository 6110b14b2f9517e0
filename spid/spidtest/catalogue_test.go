package spidtest_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// spSetup is an SP built with package spid's public API that trusts a test
// IdP, and the IdP that trusts it.
type spSetup struct {
	sp  *spid.SP
	idp *spidtest.IdP
}

var spKey = sync.OnceValues(func() (any, error) {
	key, cert, err := spid.NewSelfSignedCertificate(spid.CertificateRequest{
		EntityID: testSP, CommonName: "Comune di Prova", OrganizationName: "Comune di Prova",
		Locality: "Roma", Public: true, IPACode: "c_h501", KeyBits: 2048,
	})
	return [2]any{key, cert}, err
})

func newSPSetup(t testing.TB, profile spidtest.Profile) spSetup {
	t.Helper()
	// The SP here is SPID-configured; a CIE IdP would rightly refuse its L1
	// requests without ForceAuthn and its better/maximum Comparisons (package
	// cie runs the catalogue with a CIE SP and a strict IdP).
	idp := newTestIdP(t, spidtest.Config{Profile: profile, Lenient: profile == spidtest.CIE})
	idpMeta, err := spid.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		t.Fatalf("spid.ParseIdPMetadata(spidtest metadata): %v", err)
	}
	kc, err := spKey()
	if err != nil {
		t.Fatal(err)
	}
	pair := kc.([2]any)
	cfg := spid.Config{
		EntityID: testSP, BaseURL: testSP + "/spid",
		OrganizationNames:        map[string]string{"it": "Comune di Prova"},
		OrganizationDisplayNames: map[string]string{"it": "Comune di Prova"},
		OrganizationURLs:         map[string]string{"it": "https://www.comune.example.it"},
		Public:                   true, IPACode: "c_h501",
		Contact:       spid.ContactInfo{Email: "protocollo@comune.example.it"},
		AttributeSets: [][]spid.Attribute{{spid.AttrName, spid.AttrFamilyName, spid.AttrFiscalNumber, spid.AttrDateOfBirth}},
		IdPs:          []*spid.IdP{idpMeta},
		Logger:        slog.New(slog.DiscardHandler),
	}
	setKeyPair(&cfg, pair)
	sp, err := spid.New(cfg)
	if err != nil {
		t.Fatalf("spid.New: %v", err)
	}
	md, err := sp.Metadata()
	if err != nil {
		t.Fatal(err)
	}
	if err := idp.RegisterSP(md); err != nil {
		t.Fatalf("RegisterSP(spid metadata): %v", err)
	}
	return spSetup{sp: sp, idp: idp}
}

// login sends a real AuthnRequest from the SP through the IdP's request
// reader (Redirect binding, query signature verified) and returns what the
// response needs.
func (s spSetup) login(t testing.TB, level spid.Level, cmp spid.Comparison) spidtest.AuthnRequestInfo {
	t.Helper()
	req, err := s.sp.NewAuthnRequest(context.Background(), spid.LoginOptions{
		IdP: s.idp.EntityID(), Level: level, Comparison: cmp, Binding: spid.BindingRedirect,
	})
	if err != nil {
		t.Fatalf("NewAuthnRequest: %v", err)
	}
	info, err := s.idp.ReadAuthnRequest(httptest.NewRequest(http.MethodGet, req.URL.String(), nil))
	if err != nil {
		t.Fatalf("IdP refuses spid's AuthnRequest: %v", err)
	}
	return info
}

// TestCatalogueSPID runs every catalogue case (and the extras) through
// package spid: AuthnRequest from spid.SP, response from spidtest,
// spid.SP.ParseResponseXML, expected accept/reject and ErrorCode.
func TestCatalogueSPID(t *testing.T) {
	t.Parallel()
	runCatalogue(t, spidtest.SPID)
}

// TestCatalogueCIEProfile runs the same cases with the IdP playing CIE (the
// SP is still SPID-configured: the response rules are shared).
func TestCatalogueCIEProfile(t *testing.T) {
	t.Parallel()
	runCatalogue(t, spidtest.CIE)
}

type levelReq struct {
	level spid.Level
	cmp   spid.Comparison
}

func runCatalogue(t *testing.T, profile spidtest.Profile) {
	s := newSPSetup(t, profile)
	for _, c := range append(spidtest.Catalogue(), spidtest.Extras()...) {
		t.Run(c.ID+"_"+c.Name, func(t *testing.T) {
			t.Parallel()
			if reason, ok := knownSPIDFindings[c.ID]; ok {
				t.Skipf("spid does not pass this case yet: %s (see /work/notes/spidtest-findings.md)", reason)
			}
			reqs := []levelReq{{spid.L2, spid.ComparisonMinimum}}
			if c.Expect == spidtest.Dynamic {
				reqs = nil
				for _, l := range []spid.Level{spid.L1, spid.L2, spid.L3} {
					for _, cmp := range []spid.Comparison{spid.ComparisonExact, spid.ComparisonMinimum, spid.ComparisonBetter, spid.ComparisonMaximum} {
						reqs = append(reqs, levelReq{l, cmp})
					}
				}
			}
			for _, lr := range reqs {
				info := s.login(t, lr.level, lr.cmp)
				xml, err := s.idp.CaseResponse(c.ID, info)
				if err != nil {
					t.Fatal(err)
				}
				id, err := s.sp.ParseResponseXML(t.Context(), xml)
				if msg := verdict(c, info, id, err); msg != "" {
					t.Errorf("L%d %s: %s", lr.level, lr.cmp, msg)
				}
			}
		})
	}
}

// verdict compares spid's result with the case's expectation; "" means
// agreement.
func verdict(c spidtest.Case, info spidtest.AuthnRequestInfo, id *spid.Identity, err error) string {
	switch c.Expected(info) {
	case spidtest.Accept:
		if err != nil {
			return fmt.Sprintf("spid rejects, want accept: %v", err)
		}
		if id == nil || id.FiscalNumber == "" || strings.HasPrefix(id.FiscalNumber, "TINIT-") {
			return fmt.Sprintf("accepted with a bad identity: %+v", id)
		}
	case spidtest.Reject:
		if err == nil {
			return "spid accepts, want reject"
		}
		var e *spid.Error
		if !errors.As(err, &e) {
			return fmt.Sprintf("rejected with %T, want *spid.Error: %v", err, err)
		}
		if c.ErrorCode != 0 && (e.Code != c.ErrorCode || !errors.Is(err, spid.ErrStatus)) {
			return fmt.Sprintf("ErrorCode %d (%v), want %d", e.Code, err, c.ErrorCode)
		}
		if c.ErrorCode == 0 && e.Code != 0 {
			return fmt.Sprintf("unexpected ErrorCode %d", e.Code)
		}
	}
	return ""
}

// knownSPIDFindings lists the cases spid fails at the time of writing, with
// the finding recorded in /work/notes/spidtest-findings.md. Empty when spid
// passes everything.
var knownSPIDFindings = map[string]string{}
