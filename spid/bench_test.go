package spid

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
)

// fixedRequestStore always returns the same request, and acceptAll never
// reports a replay: the benchmark then measures validation alone.
type fixedRequestStore struct{ req Request }

func (s fixedRequestStore) Save(context.Context, Request) error { return nil }
func (s fixedRequestStore) Take(context.Context, string) (Request, error) {
	return s.req, nil
}

type acceptAll struct{}

func (acceptAll) Use(context.Context, string, time.Time) error { return nil }

// benchResponse returns an SP and a Response signed twice (Response and
// Assertion, RSA-2048) with 8 attributes, valid at the SP's clock.
func benchResponse(b *testing.B) (*SP, []byte, string) {
	clk := &clock{now: t0}
	cfg := testConfig(b, clk)
	cfg.Register = nil
	sp, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	req, err := sp.NewAuthnRequest(b.Context(), LoginOptions{IdP: idpEntityID})
	if err != nil {
		b.Fatal(err)
	}
	stored, _ := sp.cfg.RequestStore.Take(b.Context(), req.ID)
	sp.cfg.RequestStore = fixedRequestStore{stored}
	sp.cfg.ReplayStore = acceptAll{}
	clk.Add(10 * time.Second)
	raw := defaultParams(req.ID, clk.Now()).build(b)
	if _, err := sp.ParseResponseXML(b.Context(), raw); err != nil {
		b.Fatal(err)
	}
	return sp, raw, req.ID
}

// BenchmarkParseResponse measures the SPID validator (every check).
func BenchmarkParseResponse(b *testing.B) {
	sp, raw, _ := benchResponse(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sp.ParseResponseXML(b.Context(), raw); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCrewjamParseXMLResponse measures crewjam's own ParseXMLResponse on
// the same bytes, for comparison.
func BenchmarkCrewjamParseXMLResponse(b *testing.B) {
	sp, raw, reqID := benchResponse(b)
	_, idpKP, _ := testKeys(b)
	acs, _ := url.Parse(sp.ACSURL())
	csp := &saml.ServiceProvider{
		EntityID: sp.EntityID(),
		AcsURL:   *acs,
		Clock:    dsig.NewFakeClockAt(t0.Add(10 * time.Second)),
		IDPMetadata: &saml.EntityDescriptor{
			EntityID: idpEntityID,
			IDPSSODescriptors: []saml.IDPSSODescriptor{{SSODescriptor: saml.SSODescriptor{RoleDescriptor: saml.RoleDescriptor{
				KeyDescriptors: []saml.KeyDescriptor{{Use: "signing", KeyInfo: saml.KeyInfo{X509Data: saml.X509Data{
					X509Certificates: []saml.X509Certificate{{Data: b64(idpKP.cert.Raw)}},
				}}}},
			}}}},
		},
	}
	if _, err := csp.ParseXMLResponse(raw, []string{reqID}, *acs); err != nil {
		b.Fatalf("crewjam rejects the benchmark response: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := csp.ParseXMLResponse(raw, []string{reqID}, *acs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMetadata(b *testing.B) {
	sp, _ := newTestSP(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sp.Metadata(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewAuthnRequest(b *testing.B) {
	for _, binding := range []Binding{BindingRedirect, BindingPOST} {
		b.Run(binding.String(), func(b *testing.B) {
			sp, _ := newTestSP(b)
			sp.cfg.RequestStore = fixedRequestStore{}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sp.NewAuthnRequest(b.Context(), LoginOptions{IdP: idpEntityID, Binding: binding}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkParseResponseCrossCheck measures the SPID validator followed by
// crewjam's ParseXMLResponse (Config.CrewjamCrossCheck).
func BenchmarkParseResponseCrossCheck(b *testing.B) {
	sp, raw, _ := benchResponse(b)
	sp.cfg.CrewjamCrossCheck = true
	if _, err := sp.ParseResponseXML(b.Context(), raw); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sp.ParseResponseXML(b.Context(), raw); err != nil {
			b.Fatal(err)
		}
	}
}
