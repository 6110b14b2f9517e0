package spid

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/crewjam/saml"
)

// Level is a SPID authentication level (RT "Livelli di sicurezza").
type Level int

// The three SPID levels. Their AuthnContextClassRef URIs are
// https://www.spid.gov.it/SpidL1, SpidL2 and SpidL3.
const (
	L1 Level = 1
	L2 Level = 2
	L3 Level = 3
)

const levelURIPrefix = "https://www.spid.gov.it/SpidL"

// URI returns the level's AuthnContextClassRef, e.g. "https://www.spid.gov.it/SpidL2".
func (l Level) URI() string { return fmt.Sprintf("%s%d", levelURIPrefix, int(l)) }

// String returns "SpidL1", "SpidL2" or "SpidL3".
func (l Level) String() string { return fmt.Sprintf("SpidL%d", int(l)) }

// Valid reports whether l is L1, L2 or L3.
func (l Level) Valid() bool { return l >= L1 && l <= L3 }

// ParseLevel returns the Level of an AuthnContextClassRef. Only the three
// https://www.spid.gov.it/SpidLn URIs are accepted: the legacy
// urn:oasis:names:tc:SAML:2.0:ac:classes:SpidLn values are refused (SST case 97).
func ParseLevel(uri string) (Level, error) {
	switch uri {
	case L1.URI():
		return L1, nil
	case L2.URI():
		return L2, nil
	case L3.URI():
		return L3, nil
	}
	return 0, fmt.Errorf("spid: unknown authentication level %q", uri)
}

// Comparison is the RequestedAuthnContext Comparison attribute.
type Comparison string

// The Comparison values the SAML core allows. SPID accepts all four; the CIE
// profile only exact and minimum.
const (
	ComparisonExact   Comparison = "exact"
	ComparisonMinimum Comparison = "minimum"
	ComparisonBetter  Comparison = "better"
	ComparisonMaximum Comparison = "maximum"
)

// LevelAcceptable reports whether an assertion at level got satisfies a
// request for level want with Comparison cmp. It implements the rule the
// SPID validator applies to cases 94–96 (spid-sp-test dynamic_acr): accept if
// got == want and cmp is not better, or got > want, or got < want and cmp is
// maximum.
func LevelAcceptable(want Level, cmp Comparison, got Level) bool {
	switch {
	case got == want:
		return cmp != ComparisonBetter
	case got > want:
		return true
	default:
		return cmp == ComparisonMaximum
	}
}

// Binding is a SAML binding used to send a message to the IdP.
type Binding string

// The bindings SPID uses for AuthnRequests and logout messages.
const (
	BindingRedirect Binding = saml.HTTPRedirectBinding
	BindingPOST     Binding = saml.HTTPPostBinding
)

// String returns "HTTP-Redirect" or "HTTP-POST".
func (b Binding) String() string {
	s := string(b)
	return s[strings.LastIndex(s, ":")+1:]
}

// send delivers an outgoing message to the browser, marked not cacheable: the
// auto-submitting form for POST, a 303 redirect to u otherwise.
func (b Binding) send(w http.ResponseWriter, r *http.Request, u *url.URL, form []byte) {
	w.Header().Set("Cache-Control", "no-store")
	if b == BindingPOST {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write(form)
		return
	}
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}
