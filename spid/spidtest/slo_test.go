package spidtest_test

import (
	"bytes"
	"compress/flate"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/siopi/siopi/spid/spidtest"
)

// TestRedirectLogoutMessages: to an SP whose only SingleLogoutService is
// HTTP-Redirect, the IdP sends its LogoutRequest and LogoutResponse as signed
// query strings (saml-bindings §3.4.4.1).
func TestRedirectLogoutMessages(t *testing.T) {
	t.Parallel()
	idp := newTestIdP(t, spidtest.Config{})
	md := strings.Replace(string(fakeSPOnce().metadata), "bindings:HTTP-POST\" Location=\""+testSP+"/spid/slo",
		"bindings:HTTP-Redirect\" Location=\""+testSP+"/spid/slo", 1)
	if err := idp.RegisterSP([]byte(md)); err != nil {
		t.Fatal(err)
	}
	req := testRequest(time.Now(), 1, "")
	if _, err := idp.Response(req); err != nil {
		t.Fatal(err)
	}
	sessions := idp.Sessions()
	if len(sessions) != 1 {
		t.Fatalf("sessions %+v", sessions)
	}
	lr, err := idp.NewLogoutRequest(sessions[0])
	if err != nil {
		t.Fatal(err)
	}
	checkRedirect(t, idp, lr, "SAMLRequest", "<samlp:LogoutRequest", "<samlp:SessionIndex>"+sessions[0].SessionIndex)
	if len(idp.Sessions()) != 0 {
		t.Error("session not ended")
	}
	resp, err := idp.LogoutResponse(testSP, "_lr1", "rs")
	if err != nil {
		t.Fatal(err)
	}
	checkRedirect(t, idp, resp, "SAMLResponse", `InResponseTo="_lr1"`, "status:Success")
	w := httptest.NewRecorder()
	resp.Write(w)
	if w.Code != 302 || w.Header().Get("Location") != resp.URL {
		t.Errorf("Write: %d %q", w.Code, w.Header().Get("Location"))
	}
}

func checkRedirect(t *testing.T, idp *spidtest.IdP, m *spidtest.Message, param string, wants ...string) {
	t.Helper()
	if m.Binding != spidtest.BindingRedirect || !strings.HasPrefix(m.URL, testSP+"/spid/slo?") {
		t.Fatalf("message %+v", m)
	}
	_, raw, _ := strings.Cut(m.URL, "?")
	signed, sig, ok := strings.Cut(raw, "&Signature=")
	if !ok || !strings.HasPrefix(signed, param+"=") || !strings.Contains(signed, "&SigAlg=") {
		t.Fatalf("query %q", raw)
	}
	sigText, _ := url.QueryUnescape(sig)
	sigBytes, _ := base64.StdEncoding.DecodeString(sigText)
	sum := sha256.Sum256([]byte(signed))
	if err := rsa.VerifyPKCS1v15(idp.Certificate().PublicKey.(*rsa.PublicKey), crypto.SHA256, sum[:], sigBytes); err != nil {
		t.Errorf("query signature: %v", err)
	}
	q, _ := url.ParseQuery(raw)
	deflated, _ := base64.StdEncoding.DecodeString(q.Get(param))
	xml, err := io.ReadAll(flate.NewReader(bytes.NewReader(deflated)))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(xml, []byte("<ds:Signature")) {
		t.Error("Redirect message carries an XML signature")
	}
	for _, w := range append(wants, `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity" NameQualifier="`+idp.EntityID()) {
		if !bytes.Contains(xml, []byte(w)) {
			t.Errorf("%s lacks %q:\n%s", param, w, xml)
		}
	}
}
