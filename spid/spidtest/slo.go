package spidtest

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
)

// Session is a login the IdP answered successfully; Single Logout ends it.
type Session struct {
	SPEntityID   string
	NameID       string
	SessionIndex string
	Username     string
}

func (idp *IdP) addSession(s Session) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.sessions = append(idp.sessions, s)
}

// Sessions returns the open sessions, oldest first.
func (idp *IdP) Sessions() []Session {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return append([]Session(nil), idp.sessions...)
}

// endSessions removes the sessions of nameID at sp and reports how many.
func (idp *IdP) endSessions(sp, nameID string) int {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	kept, n := idp.sessions[:0], 0
	for _, s := range idp.sessions {
		if s.SPEntityID == sp && s.NameID == nameID {
			n++
			continue
		}
		kept = append(kept, s)
	}
	idp.sessions = kept
	return n
}

// Message is a signed SAML message on its way to an SP.
type Message struct {
	// ID is the message's ID.
	ID string
	// Destination is the SP endpoint, Binding its binding.
	Destination string
	Binding     string
	// Param is "SAMLRequest" or "SAMLResponse".
	Param string
	// XML is the message; for HTTP-POST it carries an enveloped signature,
	// for HTTP-Redirect the signature is in URL.
	XML []byte
	// URL is the full signed Redirect URL (HTTP-Redirect only).
	URL        string
	RelayState string
}

// Write sends the message to the browser: an auto-submitting form for
// HTTP-POST, a 302 for HTTP-Redirect.
func (m *Message) Write(w http.ResponseWriter) {
	if m.Binding == BindingRedirect {
		w.Header().Set("Location", m.URL)
		w.WriteHeader(http.StatusFound)
		return
	}
	writeAutoPost(w, m.Destination, m.Param, base64.StdEncoding.EncodeToString(m.XML), m.RelayState)
}

// NewLogoutRequest builds the IdP-initiated LogoutRequest that ends s at its
// SP (RT single-logout.rst): Issuer with Format entity and NameQualifier,
// NameID transient with the IdP's NameQualifier, SessionIndex, signed for the
// SP's SingleLogoutService binding (HTTP-POST preferred).
func (idp *IdP) NewLogoutRequest(s Session) (*Message, error) {
	slo, err := idp.sloOf(s.SPEntityID, "logout request")
	if err != nil {
		return nil, err
	}
	doc, r, id := idp.newSLOMessage("samlp:LogoutRequest", slo)
	n := r.CreateElement("saml:NameID")
	n.CreateAttr("Format", formatTransient)
	n.CreateAttr("NameQualifier", idp.entityID)
	n.SetText(s.NameID)
	r.CreateElement("samlp:SessionIndex").SetText(s.SessionIndex)
	idp.endSessions(s.SPEntityID, s.NameID)
	return idp.encode(doc, slo, "SAMLRequest", id, "")
}

// sloOf returns the SingleLogoutService of the SP spEntityID; op names the
// message in errors.
func (idp *IdP) sloOf(spEntityID, op string) (Endpoint, error) {
	sp, ok := idp.ServiceProvider(spEntityID)
	if !ok {
		return Endpoint{}, fmt.Errorf("spidtest: %s: %w: %q", op, ErrUnknownSP, spEntityID)
	}
	slo, ok := sp.slo()
	if !ok {
		return Endpoint{}, fmt.Errorf("spidtest: %s: the SP has no SingleLogoutService", op)
	}
	return slo, nil
}

// newSLOMessage starts a logout message tag for the endpoint to: the SAML
// namespaces, a new ID, Version, IssueInstant, Destination and the IdP's
// Issuer.
func (idp *IdP) newSLOMessage(tag string, to Endpoint) (doc *etree.Document, root *etree.Element, id string) {
	doc = etree.NewDocument()
	root = doc.CreateElement(tag)
	root.CreateAttr("xmlns:samlp", nsSAMLP)
	root.CreateAttr("xmlns:saml", nsSAML)
	id = idp.newID()
	root.CreateAttr("ID", id)
	root.CreateAttr("Version", "2.0")
	root.CreateAttr("IssueInstant", idp.cfg.Now().UTC().Format(timeFormat))
	root.CreateAttr("Destination", to.Location)
	idp.issuer(root)
	return doc, root, id
}

// issuer appends the IdP's saml:Issuer to el.
func (idp *IdP) issuer(el *etree.Element) {
	iss := el.CreateElement("saml:Issuer")
	iss.CreateAttr("Format", formatEntity)
	iss.CreateAttr("NameQualifier", idp.entityID)
	iss.SetText(idp.entityID)
}

// encode signs doc for the endpoint's binding.
func (idp *IdP) encode(doc *etree.Document, to Endpoint, param, id, relayState string) (*Message, error) {
	m := &Message{ID: id, Destination: to.Location, Binding: to.Binding, Param: param, RelayState: relayState}
	post := to.Binding == BindingPOST
	if post {
		if err := (signer{kp: idp.signer}).sign(doc.Root()); err != nil {
			return nil, fmt.Errorf("spidtest: sign %s: %w", param, err)
		}
	}
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, err
	}
	m.XML = out
	if post {
		return m, nil
	}
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(out)
	fw.Close()
	q := param + "=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes()))
	if relayState != "" {
		q += "&RelayState=" + url.QueryEscape(relayState)
	}
	q += "&SigAlg=" + url.QueryEscape(algRSASHA256)
	sig, err := signQuery(idp.signer.key, q)
	if err != nil {
		return nil, err
	}
	sep := "?"
	if strings.Contains(to.Location, "?") {
		sep = "&"
	}
	m.URL = to.Location + sep + q + "&Signature=" + url.QueryEscape(sig)
	return m, nil
}

// serveSLO handles the SingleLogoutService: a LogoutRequest from an SP gets a
// signed LogoutResponse with Status Success (even if no session matched,
// checklist 51); a LogoutResponse (to an IdP-initiated logout) is verified
// and acknowledged.
func (idp *IdP) serveSLO(w http.ResponseWriter, r *http.Request) {
	param := "SAMLRequest"
	if r.URL.Query().Get("SAMLResponse") != "" {
		param = "SAMLResponse"
	} else if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxMessageSize)
		if err := r.ParseForm(); err == nil && r.PostForm.Get("SAMLResponse") != "" {
			param = "SAMLResponse"
		}
	}
	msg, err := idp.readMessage(r, param)
	if err != nil {
		idp.fail(w, r, "logout", err)
		return
	}
	if param == "SAMLResponse" {
		writePage(w, http.StatusOK, "Logout completato", "Il service provider "+msg.sp.EntityID+" ha confermato la disconnessione.")
		return
	}
	var lr saml.LogoutRequest
	if err := xml.Unmarshal(msg.xml, &lr); err != nil || lr.ID == "" {
		idp.fail(w, r, "logout", fmt.Errorf("%w: not a LogoutRequest", ErrMalformed))
		return
	}
	if lr.NameID != nil {
		idp.endSessions(msg.sp.EntityID, strings.TrimSpace(lr.NameID.Value))
	}
	out, err := idp.LogoutResponse(msg.sp.EntityID, lr.ID, msg.relayState)
	if err != nil {
		idp.fail(w, r, "logout", err)
		return
	}
	out.Write(w)
}

// LogoutResponse builds the signed LogoutResponse (Status Success) that
// answers the LogoutRequest inResponseTo from the SP spEntityID.
func (idp *IdP) LogoutResponse(spEntityID, inResponseTo, relayState string) (*Message, error) {
	slo, err := idp.sloOf(spEntityID, "logout response")
	if err != nil {
		return nil, err
	}
	doc, r, id := idp.newSLOMessage("samlp:LogoutResponse", slo)
	r.CreateAttr("InResponseTo", inResponseTo)
	r.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").CreateAttr("Value", statusSuccess)
	return idp.encode(doc, slo, "SAMLResponse", id, relayState)
}
