package spidtest

import (
	"fmt"
	"strconv"
)

// Outcome is what a compliant SP must do with a catalogue response.
type Outcome int

const (
	// Accept: log the user in (spid-sp-test expects HTTP 200).
	Accept Outcome = iota + 1
	// Reject: refuse the response (HTTP 400, 401, 403, 422 or 500).
	Reject
	// Either: the SP may accept or reject (case 103).
	Either
	// Dynamic: the outcome depends on the requested level and Comparison
	// (cases 94–96); see [Case.Expected].
	Dynamic
)

// String returns "accept", "reject", "either" or "dynamic".
func (o Outcome) String() string {
	switch o {
	case Accept:
		return "accept"
	case Reject:
		return "reject"
	case Either:
		return "either"
	case Dynamic:
		return "dynamic"
	}
	return "Outcome(" + strconv.Itoa(int(o)) + ")"
}

// Case is one crafted response of the catalogue. The 111 cases of
// spid-sp-test (italia/spid-sp-test, responses/settings.py RESPONSE_TESTS,
// XSW1–8 and XSLT from response_wraps.py) are returned by [Catalogue]; a few
// more from spid-saml-check and siopi by [Extras].
type Case struct {
	// ID is the catalogue key: "1" … "111", "xsw1" … "xsw8", "xslt", or an
	// extra's ID such as "112" or "keyinfo-empty".
	ID string
	// Number is the spid-sp-test number, 0 for the XSW/XSLT cases and the
	// siopi extras.
	Number int
	// Name is a short Go-style identifier, e.g. "ResponseNotSigned".
	Name string
	// Description says what is wrong with the response, in English.
	Description string
	// Expect is the outcome a compliant SP must produce.
	Expect Outcome
	// ErrorCode is the SPID ErrorCode (19–25, 30) the SP must surface to the
	// citizen for anomaly responses; 0 otherwise.
	ErrorCode int
	// Level is the level the response asserts for the level cases 94–96.
	Level int
	// Source names the suite the case comes from: "spid-sp-test",
	// "spid-saml-check" or "siopi".
	Source string

	apply func(*builder)
}

// String returns "case <ID> <Name>".
func (c Case) String() string { return fmt.Sprintf("case %s %s", c.ID, c.Name) }

// Expected returns the outcome for a request with this level and Comparison:
// [Case.Expect], except for the dynamic level cases 94–96, where (after
// spid-sp-test response_mods.dynamic_acr) the SP must accept a response level
// equal to the requested one unless Comparison is "better", a higher level
// always, and a lower level only with Comparison "maximum".
func (c Case) Expected(req AuthnRequestInfo) Outcome {
	if c.Expect != Dynamic {
		return c.Expect
	}
	want := req.Level
	if want < 1 || want > 3 {
		want = 1
	}
	cmp := req.Comparison
	if cmp == "" {
		cmp = "exact"
	}
	switch {
	case c.Level == want && cmp != "better":
		return Accept
	case c.Level > want:
		return Accept
	case c.Level < want && cmp == "maximum":
		return Accept
	}
	return Reject
}

// Catalogue returns the 111 response cases of spid-sp-test, in its order.
func Catalogue() []Case {
	out := make([]Case, 0, 111)
	for _, c := range allCases() {
		if c.Source == sourceSST {
			out = append(out, c)
		}
	}
	return out
}

// Extras returns cases beyond spid-sp-test: the spid-saml-check signature
// bypasses 112 and 113, a Response signed by another key over a correctly
// signed Assertion, and correct variants a compliant SP must accept (KeyInfo
// with an empty X509Certificate as the AgID validator sends, no KeyInfo,
// unsigned Response with signed Assertion, no SessionIndex).
func Extras() []Case {
	var out []Case
	for _, c := range allCases() {
		if c.Source != sourceSST {
			out = append(out, c)
		}
	}
	return out
}

// LookupCase returns the case with this ID from [Catalogue] or [Extras].
func LookupCase(id string) (Case, bool) {
	for _, c := range allCases() {
		if c.ID == id {
			return c, true
		}
	}
	return Case{}, false
}

const (
	sourceSST   = "spid-sp-test"
	sourceCheck = "spid-saml-check"
	sourceSiopi = "siopi"
)

func allCases() []Case {
	cases := make([]Case, 0, 128)
	cases = append(cases, responseCases()...)
	cases = append(cases, assertionCases()...)
	cases = append(cases, statementCases()...)
	cases = append(cases, extraCases()...)
	return cases
}

// sst builds a spid-sp-test case.
func sst(n int, name, desc string, expect Outcome, apply func(*builder)) Case {
	return Case{ID: strconv.Itoa(n), Number: n, Name: name, Description: desc, Expect: expect, Source: sourceSST, apply: apply}
}

// reject builds a spid-sp-test case a compliant SP must reject.
func reject(n int, name, desc string, apply func(*builder)) Case {
	return sst(n, name, desc, Reject, apply)
}

// Defect values, after spid-sp-test's templates.
const (
	badInstant      = "2018-09-04"           // malformed xs:dateTime
	pastInstant     = "2018-01-01T00:00:00Z" // before the request / expired
	futureInstant   = "2099-01-01T00:00:00Z" // after receipt
	otherRequestID  = "inresponsetodiversodaidrequest"
	otherURL        = "https://sp.invalid/diversodaassertionconsumerserviceurl"
	otherEntityID   = "https://idp.invalid/diversodaentityid"
	otherAudience   = "https://sp.invalid/diversodaentityidsp"
	otherNameFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	legacyLevelURI  = "urn:oasis:names:tc:SAML:2.0:ac:classes:SpidL1"
)
