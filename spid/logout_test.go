package spid

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

var testIdentity = &Identity{IdP: idpEntityID, NameID: "_nameid1", NameQualifier: idpEntityID, SessionIndex: "_session1"}

// idpRedirect returns a Redirect binding query signed by kp.
func idpRedirect(t testing.TB, kp keyPair, param, xml, relay string) string {
	t.Helper()
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	_, _ = fw.Write([]byte(xml))
	_ = fw.Close()
	q := param + "=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes()))
	if relay != "" {
		q += "&RelayState=" + url.QueryEscape(relay)
	}
	q += "&SigAlg=" + url.QueryEscape(dsig.RSASHA256SignatureMethod)
	h := sha256.Sum256([]byte(q))
	sig, err := rsa.SignPKCS1v15(rand.Reader, kp.key, crypto.SHA256, h[:])
	if err != nil {
		t.Fatal(err)
	}
	return q + "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig))
}

// idpPost signs xml (enveloped, after Issuer) and returns a POST request.
func idpPost(t testing.TB, kp keyPair, param, xml string) *http.Request {
	t.Helper()
	doc := readDoc(t, []byte(xml))
	signTestElement(t, doc.Root(), kp, nil)
	raw, _ := doc.WriteToBytes()
	form := url.Values{param: {base64.StdEncoding.EncodeToString(raw)}, "RelayState": {"abc"}}
	r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/slo", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func logoutResponseXML(inResponseTo, status string) string {
	return `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_lr` + randomToken() + `" Version="2.0" IssueInstant="2026-05-04T10:00:05Z" Destination="https://comune.example.it/spid/slo" InResponseTo="` + inResponseTo + `">` +
		`<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">` + idpEntityID + `</saml:Issuer>` + status + `</samlp:LogoutResponse>`
}

const (
	statusOK      = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
	statusPartial = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:PartialLogout"/></samlp:StatusCode></samlp:Status>`
	statusDenied  = `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder"/></samlp:Status>`
)

func TestLogoutSPInitiated(t *testing.T) {
	t.Parallel()
	_, idpKP, evil := testKeys(t)
	tests := []struct {
		name    string
		binding Binding
		status  string
		key     keyPair
		partial bool
		want    error
	}{
		{"redirect success", BindingRedirect, statusOK, idpKP, false, nil},
		{"post success", BindingPOST, statusOK, idpKP, false, nil},
		{"redirect partial", BindingRedirect, statusPartial, idpKP, true, nil},
		{"post partial", BindingPOST, statusPartial, idpKP, true, nil},
		{"denied", BindingRedirect, statusDenied, idpKP, false, ErrLogout},
		{"wrong key redirect", BindingRedirect, statusOK, evil, false, ErrSignature},
		{"wrong key post", BindingPOST, statusOK, evil, false, ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sp, _ := newTestSP(t)
			lr, err := sp.NewLogoutRequest(t.Context(), testIdentity, tt.binding, "")
			if err != nil {
				t.Fatal(err)
			}
			checkLogoutRequest(t, sp, lr)
			xml := logoutResponseXML(lr.ID, tt.status)
			var r *http.Request
			if tt.binding == BindingRedirect {
				r = httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo?"+idpRedirect(t, tt.key, "SAMLResponse", xml, lr.RelayState), nil)
			} else {
				r = idpPost(t, tt.key, "SAMLResponse", xml)
			}
			res, err := sp.ParseLogout(t.Context(), r)
			if tt.want != nil {
				if !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Initiated || res.Partial != tt.partial || res.NameID != "_nameid1" {
				t.Errorf("result %+v", res)
			}
			// The same response again is refused.
			if tt.binding == BindingRedirect {
				if _, err := sp.ParseLogout(t.Context(), httptest.NewRequest(http.MethodGet, r.URL.String(), nil)); err == nil {
					t.Error("replayed LogoutResponse accepted")
				}
			}
		})
	}
}

// checkLogoutRequest asserts checklist 50 on the request the SP sends.
func checkLogoutRequest(t *testing.T, sp *SP, lr *LogoutRequest) {
	t.Helper()
	var raw []byte
	if lr.Binding == BindingRedirect {
		if !strings.Contains(lr.URL.RawQuery, "&SigAlg=") || !strings.Contains(lr.URL.RawQuery, "&Signature=") {
			t.Fatal("50: Redirect LogoutRequest without SigAlg/Signature")
		}
		m, err := readRedirect(lr.URL.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if err := m.verify([]*x509.Certificate{sp.cfg.Certificate}); err != nil {
			t.Fatalf("50: query signature: %v", err)
		}
		raw = m.xml
	} else {
		mm := regexp.MustCompile(`name="SAMLRequest" value="([^"]+)"`).FindSubmatch(lr.Form)
		raw, _ = base64.StdEncoding.DecodeString(html.UnescapeString(string(mm[1])))
	}
	doc := readDoc(t, raw)
	root := doc.Root()
	if lr.Binding == BindingPOST {
		if _, err := verifySigned(root, []*x509.Certificate{sp.cfg.Certificate}, t0); err != nil {
			t.Fatalf("50: POST signature: %v", err)
		}
	}
	is := child(root, nsSAML, "Issuer")
	nid := child(root, nsSAML, "NameID")
	ok := root.SelectAttrValue("ID", "") == lr.ID && root.SelectAttrValue("Version", "") == "2.0" &&
		root.SelectAttrValue("Destination", "") == lr.Destination &&
		is.SelectAttrValue("Format", "") == formatEntity && is.SelectAttrValue("NameQualifier", "") == sp.EntityID() &&
		nid.SelectAttrValue("Format", "") == formatTransient && nid.SelectAttrValue("NameQualifier", "") == idpEntityID &&
		textOf(child(root, nsSAMLP, "SessionIndex")) == "_session1"
	if !ok {
		s, _ := doc.WriteToString()
		t.Errorf("50: LogoutRequest shape wrong: %s", s)
	}
}

func TestLogoutIdPInitiated(t *testing.T) {
	t.Parallel()
	_, idpKP, evil := testKeys(t)
	req := `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_idplr1" Version="2.0" IssueInstant="2026-05-04T10:00:00Z" Destination="https://comune.example.it/spid/slo">` +
		`<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">` + idpEntityID + `</saml:Issuer>` +
		`<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" NameQualifier="` + idpEntityID + `">_nameid1</saml:NameID>` +
		`<samlp:SessionIndex>_session1</samlp:SessionIndex></samlp:LogoutRequest>`
	for _, binding := range []Binding{BindingRedirect, BindingPOST} {
		t.Run(binding.String(), func(t *testing.T) {
			t.Parallel()
			sp, _ := newTestSP(t)
			var r *http.Request
			if binding == BindingRedirect {
				r = httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo?"+idpRedirect(t, idpKP, "SAMLRequest", req, "rs1"), nil)
			} else {
				r = idpPost(t, idpKP, "SAMLRequest", req)
			}
			res, err := sp.ParseLogout(t.Context(), r)
			if err != nil {
				t.Fatal(err)
			}
			if !res.Initiated || res.NameID != "_nameid1" || res.SessionIndex != "_session1" || res.Reply == nil {
				t.Fatalf("result %+v", res)
			}
			var raw []byte
			if res.Reply.Binding == BindingRedirect {
				m, err := readRedirect(res.Reply.URL.RawQuery)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.verify([]*x509.Certificate{sp.cfg.Certificate}); err != nil {
					t.Fatalf("51: reply signature: %v", err)
				}
				raw = m.xml
			} else {
				mm := regexp.MustCompile(`name="SAMLResponse" value="([^"]+)"`).FindSubmatch(res.Reply.Form)
				raw, _ = base64.StdEncoding.DecodeString(html.UnescapeString(string(mm[1])))
				doc := etree.NewDocument()
				_ = doc.ReadFromBytes(raw)
				if _, err := verifySigned(doc.Root(), []*x509.Certificate{sp.cfg.Certificate}, t0); err != nil {
					t.Fatalf("51: reply signature: %v", err)
				}
			}
			s := string(raw)
			for _, want := range []string{`InResponseTo="_idplr1"`, `Destination="` + idpEntityID + `/slo`, `status:Success`, `NameQualifier="https://comune.example.it"`, `Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity"`} {
				if !strings.Contains(s, want) {
					t.Errorf("51: reply lacks %s: %s", want, s)
				}
			}
			// Replay of the same request is refused.
			if binding == BindingRedirect {
				if _, err := sp.ParseLogout(t.Context(), httptest.NewRequest(http.MethodGet, r.URL.String(), nil)); !errors.Is(err, ErrReplay) {
					t.Errorf("replay: %v", err)
				}
			}
		})
	}
	t.Run("unsigned or wrongly signed", func(t *testing.T) {
		t.Parallel()
		sp, _ := newTestSP(t)
		q := idpRedirect(t, idpKP, "SAMLRequest", req, "")
		unsigned := q[:strings.Index(q, "&SigAlg=")]
		for name, r := range map[string]*http.Request{
			"no signature":  httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo?"+unsigned, nil),
			"evil redirect": httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo?"+idpRedirect(t, evil, "SAMLRequest", req, ""), nil),
			"evil post":     idpPost(t, evil, "SAMLRequest", req),
			"unsigned post": func() *http.Request {
				form := url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString([]byte(req))}}
				r := httptest.NewRequest(http.MethodPost, "https://comune.example.it/spid/slo", strings.NewReader(form.Encode()))
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				return r
			}(),
		} {
			if _, err := sp.ParseLogout(t.Context(), r); !errors.Is(err, ErrSignature) {
				t.Errorf("%s: err = %v", name, err)
			}
		}
	})
	t.Run("deflate bomb", func(t *testing.T) {
		t.Parallel()
		sp, _ := newTestSP(t)
		bomb := "<a>" + strings.Repeat("x", 4<<20) + "</a>"
		r := httptest.NewRequest(http.MethodGet, "https://comune.example.it/spid/slo?"+idpRedirect(t, idpKP, "SAMLRequest", bomb, ""), nil)
		if _, err := sp.ParseLogout(t.Context(), r); !errors.Is(err, ErrTooLarge) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestLogoutWithoutSingleLogoutProfile(t *testing.T) {
	t.Parallel()
	clk := &clock{now: t0}
	cfg := testConfig(t, clk)
	p := SPIDProfile()
	p.SingleLogout = false
	cfg.Profile = p
	sp, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sp.NewLogoutRequest(t.Context(), testIdentity, "", ""); !errors.Is(err, ErrLogout) {
		t.Errorf("err = %v", err)
	}
}
