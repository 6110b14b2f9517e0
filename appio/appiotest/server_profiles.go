package appiotest

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
)

// readFiscalCodePayload decodes a body carrying a fiscal_code, runs the
// extra checks of its type (if any) and answers 400 when one fails.
func readFiscalCodePayload(w http.ResponseWriter, r *http.Request, typeName string, extra func(*report, map[string]any)) (string, bool) {
	body, rej := decodeObject(r)
	if rej != nil {
		rej.write(w)
		return "", false
	}
	rep := &report{}
	cf := checkString(rep, body, "fiscal_code", "fiscal_code", true, 0, 0, fiscalCodeRE, "FiscalCode")
	if extra != nil {
		extra(rep, body)
	}
	if rej := rep.rejection(typeName); rej != nil {
		rej.write(w)
		return "", false
	}
	return cf, true
}

func (f *Fake) getProfileByPOST(w http.ResponseWriter, r *http.Request) {
	if cf, ok := readFiscalCodePayload(w, r, "FiscalCodePayload", nil); ok {
		f.profile(w, cf)
	}
}

func (f *Fake) getProfile(w http.ResponseWriter, r *http.Request) {
	cf := r.PathValue("fiscal_code")
	if !fiscalCodeRE.MatchString(cf) {
		problem(w, http.StatusBadRequest, "Invalid FiscalCode", "value at [root] is not a valid [FiscalCode]")
		return
	}
	f.profile(w, cf)
}

func (f *Fake) profile(w http.ResponseWriter, cf string) {
	if f.cfg.TestMode && !f.authorized(cf) {
		problem(w, http.StatusForbidden, "Recipient forbidden", "You are not allowed to issue requests for the recipient.")
		return
	}
	f.mu.Lock()
	c, ok := f.citizens[cf]
	f.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "Profile not found", "The profile you requested was not found in the system.")
		return
	}
	langs := c.Languages
	if langs == nil {
		langs = []string{"it_IT"}
	}
	writeJSON(w, http.StatusOK, map[string]any{"sender_allowed": c.SenderAllowed, "preferred_languages": langs})
}

// activation is IO's Activation.
type activation struct {
	ServiceID  string `json:"service_id"`
	FiscalCode string `json:"fiscal_code"`
	Status     string `json:"status"`
	Version    int    `json:"version"`
}

func (f *Fake) getActivation(w http.ResponseWriter, r *http.Request) {
	cf, ok := readFiscalCodePayload(w, r, "FiscalCodePayload", nil)
	if !ok {
		return
	}
	f.mu.Lock()
	a, ok := f.activations[cf]
	f.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "Not found", "Activation not found for the user")
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (f *Fake) upsertActivation(w http.ResponseWriter, r *http.Request) {
	var status string
	cf, ok := readFiscalCodePayload(w, r, "ActivationPayload", func(rep *report, body map[string]any) {
		status = checkString(rep, body, "status", "status", true, 0, 0, activationStatusRE, "ActivationStatus")
	})
	if !ok {
		return
	}
	f.mu.Lock()
	a := f.activations[cf]
	a = activation{ServiceID: f.cfg.ServiceID, FiscalCode: cf, Status: status, Version: a.Version + 1}
	if _, existed := f.activations[cf]; !existed {
		a.Version = 0
	}
	f.activations[cf] = a
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, a)
}

type feedDay struct{ subs, unsubs []string }

// Subscribe records in the feed of date (YYYY-MM-DD, UTC) that the citizen
// subscribed to the service.
func (f *Fake) Subscribe(date, fiscalCode string) { f.feedEvent(date, fiscalCode, true) }

// Unsubscribe records in the feed of date (YYYY-MM-DD, UTC) that the citizen
// left the service.
func (f *Fake) Unsubscribe(date, fiscalCode string) { f.feedEvent(date, fiscalCode, false) }

func (f *Fake) feedEvent(date, cf string, sub bool) {
	sum := sha256.Sum256([]byte(fiscalcode.Normalize(cf)))
	h := hex.EncodeToString(sum[:])
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.feed[date]
	if d == nil {
		d = &feedDay{}
		f.feed[date] = d
	}
	if sub {
		d.subs = append(d.subs, h)
	} else {
		d.unsubs = append(d.unsubs, h)
	}
}

func (f *Fake) getFeed(w http.ResponseWriter, r *http.Request) {
	date := r.PathValue("date")
	if !dateRE.MatchString(date) {
		problem(w, http.StatusBadRequest, "Invalid DateUTC", "value ["+date+"] at [root] is not a valid [DateUTC]")
		return
	}
	// A day's feed is ready once the day is over (UTC).
	if date >= f.now().UTC().Format("2006-01-02") {
		problem(w, http.StatusNotFound, "Not found", "Subscriptions feed not available yet")
		return
	}
	f.mu.Lock()
	d := f.feed[date]
	subs, unsubs := []string{}, []string{}
	if d != nil {
		subs, unsubs = append(subs, d.subs...), append(unsubs, d.unsubs...)
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"dateUTC": date, "subscriptions": subs, "unsubscriptions": unsubs})
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// decodeLogo reads a Logo payload holding a base64 PNG.
func decodeLogo(r *http.Request) ([]byte, *rejection) {
	body, rej := decodeObject(r)
	if rej != nil {
		return nil, rej
	}
	s, _ := body["logo"].(string)
	png, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if s == "" || err != nil {
		return nil, &rejection{http.StatusBadRequest, "Invalid Logo", "value at [root.0.logo] is not a valid [base64 string]"}
	}
	if !bytes.HasPrefix(png, pngSignature) {
		return nil, &rejection{http.StatusBadRequest, "Image not valid", "The logo is not a valid PNG image"}
	}
	return png, nil
}

func (f *Fake) uploadOrganizationLogo(w http.ResponseWriter, r *http.Request) {
	org := r.PathValue("organization_fiscal_code")
	if !orgCodeRE.MatchString(org) {
		problem(w, http.StatusBadRequest, "Invalid OrganizationFiscalCode", "value ["+org+"] at [root] is not a valid [OrganizationFiscalCode]")
		return
	}
	png, rej := decodeLogo(r)
	if rej != nil {
		rej.write(w)
		return
	}
	f.mu.Lock()
	f.logos[org] = png
	f.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// Logo returns the logo uploaded for an organisation or service id.
func (f *Fake) Logo(id string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	b, ok := f.logos[id]
	return b, ok
}
