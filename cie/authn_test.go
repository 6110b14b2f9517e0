package cie

import (
	"errors"
	"fmt"
	"testing"

	"github.com/beevik/etree"
	"github.com/siopi/siopi/spid"
)

const (
	nsSAML  = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsSAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
)

// TestAuthnRequestRules asserts each CIE AuthnRequest rule of the domain
// file (§4, "AuthnRequest differences", with the SPID rules CIE inherits)
// on the requests the SP produces, for both bindings, every level and both
// allowed Comparisons.
func TestAuthnRequestRules(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, nil)
	for _, binding := range []spid.Binding{spid.BindingRedirect, spid.BindingPOST} {
		for _, level := range []spid.Level{spid.L1, spid.L2, spid.L3} {
			for _, cmp := range []spid.Comparison{spid.ComparisonExact, spid.ComparisonMinimum} {
				t.Run(fmt.Sprintf("%s/%s/%s", binding, level, cmp), func(t *testing.T) {
					t.Parallel()
					req, err := sp.NewAuthnRequest(t.Context(), spid.LoginOptions{Level: level, Comparison: cmp, Binding: binding})
					if err != nil {
						t.Fatal(err)
					}
					checkAuthnRequest(t, req, binding, level, cmp)
				})
			}
		}
	}
}

func checkAuthnRequest(t *testing.T, req *spid.AuthnRequest, binding spid.Binding, level spid.Level, cmp spid.Comparison) {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(req.XML); err != nil {
		t.Fatal(err)
	}
	ar := doc.Root()
	if ar.NamespaceURI() != nsSAMLP || ar.Tag != "AuthnRequest" {
		t.Fatalf("root %s", qname(ar))
	}
	attr := func(e *etree.Element, name string) string { return e.SelectAttrValue(name, "") }

	if got := attr(ar, "ForceAuthn"); got != "true" {
		t.Errorf("ForceAuthn %q: CIE requires true on every request", got)
	}
	wantDest := PreProduction.SSOLocation(binding == spid.BindingPOST)
	if got := attr(ar, "Destination"); got != wantDest || req.Destination != wantDest {
		t.Errorf("Destination %q, want the standard SSO Location %q", got, wantDest)
	}
	if ar.SelectAttr("IsPassive") != nil {
		t.Error("IsPassive must be absent")
	}
	if attr(ar, "Version") != "2.0" || attr(ar, "ID") == "" || attr(ar, "ID")[0] >= '0' && attr(ar, "ID")[0] <= '9' {
		t.Errorf("Version %q ID %q", attr(ar, "Version"), attr(ar, "ID"))
	}
	if attr(ar, "AttributeConsumingServiceIndex") != "0" {
		t.Errorf("AttributeConsumingServiceIndex %q, required", attr(ar, "AttributeConsumingServiceIndex"))
	}
	if attr(ar, "AssertionConsumerServiceIndex") == "" && attr(ar, "AssertionConsumerServiceURL") == "" {
		t.Error("the ACS must be named by index or URL")
	}

	issuer := ar.FindElement("./Issuer")
	if issuer == nil || issuer.NamespaceURI() != nsSAML || issuer.Text() != testEntityID {
		t.Fatalf("Issuer %v", issuer)
	}
	if got := attr(issuer, "NameQualifier"); got != testEntityID {
		t.Errorf("Issuer NameQualifier %q, want the SP entityID", got)
	}
	if f := issuer.SelectAttr("Format"); f != nil && f.Value != "urn:oasis:names:tc:SAML:2.0:nameid-format:entity" {
		t.Errorf("Issuer Format %q: optional, but entity if present", f.Value)
	}

	policy := ar.FindElement("./NameIDPolicy")
	if policy == nil || attr(policy, "Format") != "urn:oasis:names:tc:SAML:2.0:nameid-format:transient" {
		t.Errorf("NameIDPolicy %v, want Format transient", policy)
	} else if policy.SelectAttr("AllowCreate") != nil {
		t.Error("NameIDPolicy must not carry AllowCreate")
	}

	rac := ar.FindElements("./RequestedAuthnContext")
	if len(rac) != 1 {
		t.Fatalf("%d RequestedAuthnContext, want 1", len(rac))
	}
	if got := attr(rac[0], "Comparison"); got != string(cmp) {
		t.Errorf("Comparison %q, want %q", got, cmp)
	}
	refs := rac[0].FindElements("./AuthnContextClassRef")
	if len(refs) != 1 || refs[0].Text() != level.URI() {
		t.Errorf("AuthnContextClassRef %v, want one %s", refs, level.URI())
	}

	switch binding {
	case spid.BindingRedirect:
		q := req.URL.Query()
		for _, p := range []string{"SAMLRequest", "RelayState", "SigAlg", "Signature"} {
			if q.Get(p) == "" {
				t.Errorf("redirect URL lacks %s", p)
			}
		}
		if got := req.URL.Scheme + "://" + req.URL.Host + req.URL.Path; got != wantDest {
			t.Errorf("redirect to %q, want %q", got, wantDest)
		}
		if ar.FindElement("./Signature") != nil {
			t.Error("a Redirect request carries its signature in the query string, not in the XML")
		}
	case spid.BindingPOST:
		if ar.FindElement("./Signature") == nil || len(req.Form) == 0 {
			t.Error("a POST request carries an enveloped signature in an auto-submitting form")
		}
	}
}

// TestAuthnRequestComparisonLimited: CIE accepts only exact and minimum.
func TestAuthnRequestComparisonLimited(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, nil)
	for _, cmp := range []spid.Comparison{spid.ComparisonBetter, spid.ComparisonMaximum, "bogus"} {
		_, err := sp.NewAuthnRequest(t.Context(), spid.LoginOptions{Level: spid.L2, Comparison: cmp})
		if !errors.Is(err, spid.ErrConfig) {
			t.Errorf("Comparison %q: err = %v, want ErrConfig", cmp, err)
		}
	}
}

// TestAuthnRequestAttributeSetRequired: every request names an existing
// AttributeConsumingService.
func TestAuthnRequestAttributeSetRequired(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, nil)
	if _, err := sp.NewAuthnRequest(t.Context(), spid.LoginOptions{AttributeSet: 1}); !errors.Is(err, spid.ErrConfig) {
		t.Errorf("attribute set 1 of 1: err = %v, want ErrConfig", err)
	}
}

// TestNoSingleLogout: CIE has no SAML single logout; the SP refuses to send
// a LogoutRequest and ends only its own session.
func TestNoSingleLogout(t *testing.T) {
	t.Parallel()
	sp := newTestSP(t, nil)
	id := &spid.Identity{Provider: "cie", IdP: PreProduction.EntityID(), NameID: "_abc", NameQualifier: PreProduction.EntityID()}
	for _, b := range []spid.Binding{spid.BindingRedirect, spid.BindingPOST} {
		if _, err := sp.NewLogoutRequest(t.Context(), id, b, ""); !errors.Is(err, spid.ErrLogout) {
			t.Errorf("%s: err = %v, want ErrLogout", b, err)
		}
	}
}
