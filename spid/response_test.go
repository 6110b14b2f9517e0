package spid

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// login starts a login and returns the request ID.
func login(t *testing.T, sp *SP, opts LoginOptions) string {
	t.Helper()
	if opts.IdP == "" {
		opts.IdP = idpEntityID
	}
	req, err := sp.NewAuthnRequest(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return req.ID
}

func TestParseResponseAccepts(t *testing.T) {
	t.Parallel()
	empty := ""
	tests := []struct {
		name string
		edit func(p *respParams)
	}{
		{"case 1 correct", func(p *respParams) {}},
		{"case 31 response issuer format omitted", func(p *respParams) {
			p.Issuer = idpEntityID // Format removed below through the template
		}},
		{"case 110 milliseconds", func(p *respParams) {
			p.IssueInstant = "2026-05-04T10:00:00.531Z"
			p.AssertionIssueInstant = "2026-05-04T10:00:00.531Z"
		}},
		{"case 109 attributes without NameFormat", func(p *respParams) {
			p.Attributes = strings.ReplaceAll(p.Attributes, ` NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic"`, "")
		}},
		{"response not signed, assertion signed", func(p *respParams) { p.SignResponse = false }},
		{"empty X509Certificate in KeyInfo", func(p *respParams) { p.KeyInfoCert = &empty }},
		{"level L3 for L2 minimum", func(p *respParams) { p.Level = L3.URI() }},
		{"crewjam cross-check", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, clk := newTestSP(t)
			if tt.edit == nil {
				sp.cfg.CrewjamCrossCheck = true
				tt.edit = func(*respParams) {}
			}
			reqID := login(t, sp, LoginOptions{})
			clk.Add(10 * time.Second)
			p := defaultParams(reqID, clk.Now())
			tt.edit(p)
			raw := p.build(t)
			if strings.Contains(tt.name, "case 31") {
				raw = rebuildUnsignedResponse(t, p)
			}
			id, err := sp.ParseResponseXML(t.Context(), raw)
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if id.FiscalNumber != "RSSMRA80A01H501U" || id.Name != "Mario" || id.IdP != idpEntityID || id.NameID != "_nameid1" || id.SessionIndex != "_session1" {
				t.Errorf("identity = %+v", id)
			}
			if id.DateOfBirth != time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) {
				t.Errorf("DateOfBirth = %v", id.DateOfBirth)
			}
			// Replay of the same bytes is refused.
			if _, err := sp.ParseResponseXML(t.Context(), raw); err == nil {
				t.Error("replayed response accepted")
			}
		})
	}
}

// rebuildUnsignedResponse renders p with the Response Issuer Format removed
// (case 31) and signs only the Assertion.
func rebuildUnsignedResponse(t *testing.T, p *respParams) []byte {
	t.Helper()
	p.SignResponse = false
	raw := string(p.build(t))
	return []byte(strings.Replace(raw, `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">`+idpEntityID+`</saml:Issuer><samlp:Status>`, `<saml:Issuer>`+idpEntityID+`</saml:Issuer><samlp:Status>`, 1))
}

func TestParseResponseRejects(t *testing.T) {
	t.Parallel()
	_, _, evil := testKeys(t)
	f := func(d time.Duration) string { return t0.Add(d).UTC().Format("2006-01-02T15:04:05Z") }
	tests := []struct {
		name string
		edit func(p *respParams)
		want error
	}{
		{"case 2 no signatures", func(p *respParams) { p.SignResponse, p.SignAssertion = false, false }, ErrSignature},
		{"case 3 assertion not signed", func(p *respParams) { p.SignAssertion = false }, ErrSignature},
		{"case 4/5/100 other key", func(p *respParams) { p.SignKey = &evil }, ErrSignature},
		{"case 8 response ID empty", func(p *respParams) { p.RespID = ""; p.SignResponse = false }, ErrID},
		{"case 13 IssueInstant malformed", func(p *respParams) { p.IssueInstant = "2026-05-04 10:00:00" }, ErrIssueInstant},
		{"case 13 IssueInstant without Z", func(p *respParams) { p.IssueInstant = "2026-05-04T10:00:10+01:00" }, ErrIssueInstant},
		{"case 14 IssueInstant before request", func(p *respParams) { p.IssueInstant = f(-time.Hour) }, ErrIssueInstant},
		{"case 15 IssueInstant future", func(p *respParams) { p.IssueInstant = f(time.Hour) }, ErrIssueInstant},
		{"case 16 InResponseTo empty", func(p *respParams) { p.InResponseTo = "" }, ErrInResponseTo},
		{"case 18 InResponseTo other", func(p *respParams) { p.InResponseTo = "_other" }, ErrInResponseTo},
		{"case 19 Destination empty", func(p *respParams) { p.Destination = "" }, ErrDestination},
		{"case 21 Destination other", func(p *respParams) { p.Destination = "https://evil.example.org/acs" }, ErrDestination},
		{"case 27 Issuer empty", func(p *respParams) { p.Issuer = "" }, ErrIssuer},
		{"case 29 Issuer other", func(p *respParams) { p.Issuer = "https://other.example.org" }, ErrIssuer},
		{"case 39 assertion IssueInstant before request", func(p *respParams) { p.AssertionIssueInstant = f(-time.Hour) }, ErrIssueInstant},
		{"case 40 assertion IssueInstant future", func(p *respParams) { p.AssertionIssueInstant = f(time.Hour) }, ErrIssueInstant},
		{"case 48 NameQualifier empty", func(p *respParams) { p.NameQualifier = "" }, ErrSubject},
		{"case 57 Recipient empty", func(p *respParams) { p.Recipient = "" }, ErrDestination},
		{"case 59 Recipient other", func(p *respParams) { p.Recipient = "https://evil.example.org/acs" }, ErrDestination},
		{"case 60 SCD InResponseTo empty", func(p *respParams) { p.SCDInResponseTo = "" }, ErrInResponseTo},
		{"case 62 SCD InResponseTo other", func(p *respParams) { p.SCDInResponseTo = "_other" }, ErrInResponseTo},
		{"case 65 SCD NotOnOrAfter malformed", func(p *respParams) { p.SCDNotOnOrAfter = "tomorrow" }, ErrSubject},
		{"case 66 SCD NotOnOrAfter expired", func(p *respParams) { p.SCDNotOnOrAfter = f(-time.Hour) }, ErrSubject},
		{"case 69 assertion Issuer other", func(p *respParams) { p.AssertionIssuer = "https://other.example.org" }, ErrIssuer},
		{"case 75 NotBefore empty", func(p *respParams) { p.NotBefore = "" }, ErrConditions},
		{"case 77 NotBefore malformed", func(p *respParams) { p.NotBefore = "x" }, ErrConditions},
		{"case 78 NotBefore future", func(p *respParams) { p.NotBefore = f(time.Hour) }, ErrConditions},
		{"case 79 NotOnOrAfter empty", func(p *respParams) { p.NotOnOrAfter = "" }, ErrConditions},
		{"case 82 NotOnOrAfter expired", func(p *respParams) { p.NotOnOrAfter = f(-time.Hour) }, ErrConditions},
		{"case 85 Audience empty", func(p *respParams) { p.Audience = "" }, ErrAudience},
		{"case 87 Audience other", func(p *respParams) { p.Audience = "https://other.example.org" }, ErrAudience},
		{"case 92 ClassRef empty", func(p *respParams) { p.Level = "" }, ErrLevel},
		{"case 94 L1 for L2 minimum", func(p *respParams) { p.Level = L1.URI() }, ErrLevel},
		{"case 97 legacy level", func(p *respParams) { p.Level = "urn:oasis:names:tc:SAML:2.0:ac:classes:SpidL2" }, ErrLevel},
		{"case 98 empty AttributeStatement", func(p *respParams) { p.Attributes = `<saml:AttributeStatement/>` }, ErrAttribute},
		{"case 99 empty Attribute", func(p *respParams) {
			p.Attributes = `<saml:AttributeStatement><saml:Attribute/></saml:AttributeStatement>`
		}, ErrAttribute},
		{"case 22 Status empty", func(p *respParams) { p.Status = `<samlp:Status/>` }, ErrStatus},
		{"case 23 Status missing", func(p *respParams) { p.Status = `` }, ErrStatus},
		{"case 24 StatusCode empty", func(p *respParams) { p.Status = `<samlp:Status><samlp:StatusCode/></samlp:Status>` }, ErrStatus},
		{"invalid fiscal number", func(p *respParams) {
			p.Attributes = `<saml:AttributeStatement>` + attrXML("fiscalNumber", "TINIT-RSSMRA80A01H501X") + `</saml:AttributeStatement>`
		}, ErrAttribute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, clk := newTestSP(t)
			reqID := login(t, sp, LoginOptions{})
			clk.Add(10 * time.Second)
			p := defaultParams(reqID, clk.Now())
			tt.edit(p)
			_, err := sp.ParseResponseXML(t.Context(), p.build(t))
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.HTTPStatus() < 400 || e.HTTPStatus() >= 500 {
				t.Errorf("HTTPStatus of %v not 4xx", err)
			}
		})
	}
}

func TestParseResponseStatusErrorCodes(t *testing.T) {
	t.Parallel()
	for _, code := range []int{19, 20, 21, 22, 23, 25, 30} {
		t.Run("nr"+itoa(code), func(t *testing.T) {
			t.Parallel()
			sp, clk := newTestSP(t)
			reqID := login(t, sp, LoginOptions{})
			p := defaultParams(reqID, clk.Now())
			p.Status = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode><samlp:StatusMessage>ErrorCode nr` + itoa(code) + `</samlp:StatusMessage></samlp:Status>`
			p.NoAssertion = true // an error Response carries no Assertion (case 38)
			_, err := sp.ParseResponseXML(t.Context(), p.build(t))
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, ErrStatus) || e.Code != code {
				t.Fatalf("err = %#v", err)
			}
			if e.CitizenMessage() == CitizenMessage(0) {
				t.Errorf("generic message for code %d", code)
			}
		})
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestLevelRule checks cases 94–96 for every requested level and Comparison.
func TestLevelRule(t *testing.T) {
	t.Parallel()
	for _, cmp := range []Comparison{ComparisonExact, ComparisonMinimum, ComparisonBetter, ComparisonMaximum} {
		for want := L1; want <= L3; want++ {
			for got := L1; got <= L3; got++ {
				expect := (got == want && cmp != ComparisonBetter) || got > want || (got < want && cmp == ComparisonMaximum)
				if LevelAcceptable(want, cmp, got) != expect {
					t.Errorf("LevelAcceptable(%v, %s, %v) != %v", want, cmp, got, expect)
				}
			}
		}
	}
	// And end to end through the validator.
	sp, clk := newTestSP(t)
	reqID := login(t, sp, LoginOptions{Level: L2, Comparison: ComparisonMaximum})
	p := defaultParams(reqID, clk.Now())
	p.Level = L1.URI()
	if _, err := sp.ParseResponseXML(t.Context(), p.build(t)); err != nil {
		t.Errorf("L1 for L2 maximum rejected: %v", err)
	}
}

func TestProfileDropsForeignAttributes(t *testing.T) {
	t.Parallel()
	clk := &clock{now: t0}
	cfg := testConfig(t, clk)
	p := SPIDProfile()
	p.Attributes = []Attribute{AttrName, AttrFamilyName, AttrFiscalNumber, AttrDateOfBirth}
	cfg.Profile = p
	cfg.AttributeSets = [][]Attribute{p.Attributes}
	sp, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	reqID := login(t, sp, LoginOptions{})
	id, err := sp.ParseResponseXML(t.Context(), defaultParams(reqID, clk.Now()).build(t))
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "" || id.SPIDCode != "" || id.Attributes["email"] != "" || id.FiscalNumber == "" {
		t.Errorf("foreign attributes kept: %+v", id)
	}
}
