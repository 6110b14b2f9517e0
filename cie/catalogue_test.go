package cie

import (
	"errors"
	"fmt"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/spid/spidtest"
)

// cieLogin is an SP with the CIE profile wired to spidtest's CIE IdP, which
// trusts the SP's metadata.
type cieLogin struct {
	sp  *spid.SP
	idp *spidtest.IdP
}

func newCIELogin(t *testing.T) cieLogin {
	t.Helper()
	idp, err := spidtest.New(spidtest.Config{
		BaseURL: "https://cie-idp.example.it", Profile: spidtest.CIE,
		Now: func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	sp := newTestSP(t, func(c *Config) {
		c.Environment = Test
		c.IdPMetadata = idp.Metadata()
	})
	md, _ := metadataOf(t, sp)
	if err := idp.RegisterSP(md); err != nil {
		t.Fatalf("the CIE test IdP refuses the SP metadata: %v", err)
	}
	return cieLogin{sp: sp, idp: idp}
}

// request builds an AuthnRequest and describes it as the IdP sees it.
func (l cieLogin) request(t *testing.T, level spid.Level, cmp spid.Comparison) spidtest.AuthnRequestInfo {
	t.Helper()
	req, err := l.sp.NewAuthnRequest(t.Context(), spid.LoginOptions{Level: level, Comparison: cmp})
	if err != nil {
		t.Fatal(err)
	}
	return spidtest.AuthnRequestInfo{
		ID: req.ID, IssueInstant: req.IssueInstant, SPEntityID: l.sp.EntityID(), ACSURL: l.sp.ACSURL(),
		Level: int(level), Comparison: string(cmp), ForceAuthn: true,
		AttributeSet: []string{"name", "familyName", "dateOfBirth", "fiscalNumber"}, RelayState: req.RelayState, Binding: string(req.Binding),
	}
}

// TestTestIdPReadsRequest sends an AuthnRequest over HTTP-Redirect and
// lets spidtest's CIE IdP read and verify it, as the CieID server would.
func TestTestIdPReadsRequest(t *testing.T) {
	t.Parallel()
	l := newCIELogin(t)
	for _, cmp := range []spid.Comparison{spid.ComparisonExact, spid.ComparisonMinimum} {
		req, err := l.sp.NewAuthnRequest(t.Context(), spid.LoginOptions{Level: spid.L3, Comparison: cmp})
		if err != nil {
			t.Fatal(err)
		}
		info, err := l.idp.ReadAuthnRequest(httptest.NewRequest("GET", req.URL.String(), nil))
		if err != nil {
			t.Fatalf("the CIE test IdP refuses the AuthnRequest: %v", err)
		}
		if info.ID != req.ID || !info.ForceAuthn || info.Level != 3 || info.Comparison != string(cmp) ||
			info.ACSURL != l.sp.ACSURL() || !slices.Equal(info.AttributeSet, []string{"name", "familyName", "dateOfBirth", "fiscalNumber"}) {
			t.Errorf("IdP read %+v", info)
		}
		xml, err := l.idp.Response(info)
		if err != nil {
			t.Fatal(err)
		}
		id, err := l.sp.ParseResponseXML(t.Context(), xml)
		if err != nil {
			t.Fatalf("correct CIE response rejected: %v", err)
		}
		checkIdentity(t, id, l.idp.EntityID())
		if id.FiscalNumber == "" || id.Level != spid.L3 {
			t.Errorf("identity %v: fiscal number and level 3 expected", id)
		}
	}
}

// TestCatalogue runs every crafted response of spidtest's catalogue
// (spid-sp-test's 111 cases, XSW1–8, XSLT, and the extras) through the CIE
// profile: CIE's responses get SPID's strict validation, unchanged.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	login := newCIELogin(t)
	cases := append(spidtest.Catalogue(), spidtest.Extras()...)
	for _, c := range cases {
		requests := [][2]any{{spid.L2, spid.ComparisonMinimum}}
		if c.Expect == spidtest.Dynamic {
			requests = nil
			for _, l := range []spid.Level{spid.L1, spid.L2, spid.L3} {
				for _, cmp := range []spid.Comparison{spid.ComparisonExact, spid.ComparisonMinimum} {
					requests = append(requests, [2]any{l, cmp})
				}
			}
		}
		for _, r := range requests {
			level, cmp := r[0].(spid.Level), r[1].(spid.Comparison)
			t.Run(fmt.Sprintf("%s/%s-%s", c.ID, level, cmp), func(t *testing.T) {
				info := login.request(t, level, cmp)
				xml, err := login.idp.CaseResponse(c.ID, info)
				if err != nil {
					t.Fatal(err)
				}
				id, err := login.sp.ParseResponseXML(t.Context(), xml)
				want := c.Expected(info)
				switch {
				case want == spidtest.Accept && err != nil:
					t.Fatalf("%s: rejected: %v", c, err)
				case want == spidtest.Reject && err == nil:
					t.Fatalf("%s: accepted", c)
				}
				if err == nil && want != spidtest.Either {
					checkIdentity(t, id, login.idp.EntityID())
				}
				if c.ErrorCode != 0 {
					var e *spid.Error
					if !errors.As(err, &e) || e.Code != c.ErrorCode || !errors.Is(err, spid.ErrStatus) {
						t.Errorf("%s: err = %v, want ErrorCode nr%d", c, err, c.ErrorCode)
					}
				}
			})
		}
	}
}
