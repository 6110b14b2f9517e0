package spid

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// SP is a SAML Service Provider with the SPID profile (or another [Profile]).
// It is safe for concurrent use.
type SP struct {
	cfg     Config
	profile *Profile
	now     func() time.Time
	log     *slog.Logger
	skew    time.Duration
	ttl     time.Duration
	idps    map[string]*IdP
}

// Default values of optional Config fields.
const (
	DefaultMaxClockSkew = 60 * time.Second
	DefaultRequestTTL   = 15 * time.Minute
)

// New validates cfg and returns an SP. Every rule of checklist A that
// depends on configuration is checked here, so that a wrong configuration
// fails at start-up rather than at AgID onboarding.
func New(cfg Config) (*SP, error) {
	sp := &SP{cfg: cfg, profile: cfg.Profile, now: cfg.Now, log: cfg.Logger, skew: cfg.MaxClockSkew, ttl: cfg.RequestTTL}
	if sp.profile == nil {
		sp.profile = SPIDProfile()
	}
	if sp.now == nil {
		sp.now = time.Now
	}
	if sp.log == nil {
		sp.log = slog.Default()
	}
	if sp.skew <= 0 {
		sp.skew = DefaultMaxClockSkew
	}
	if sp.ttl <= 0 {
		sp.ttl = DefaultRequestTTL
	}
	if sp.cfg.RequestStore == nil {
		sp.cfg.RequestStore = &MemoryRequestStore{Now: sp.now}
	}
	if sp.cfg.ReplayStore == nil {
		sp.cfg.ReplayStore = &MemoryReplayStore{Now: sp.now}
	}
	base := strings.TrimRight(cfg.BaseURL, "/")
	if sp.cfg.MetadataURL == "" && base != "" {
		sp.cfg.MetadataURL = base + "/metadata"
	}
	if sp.cfg.ACSURL == "" && base != "" {
		sp.cfg.ACSURL = base + "/acs"
	}
	if sp.cfg.SLOURL == "" && base != "" {
		sp.cfg.SLOURL = base + "/slo"
	}
	if err := sp.validate(); err != nil {
		return nil, &Error{Check: "config", Kind: ErrConfig, Err: err}
	}
	sp.idps = map[string]*IdP{}
	for _, idp := range cfg.IdPs {
		if idp == nil || idp.EntityID == "" || len(idp.Certificates) == 0 {
			return nil, &Error{Check: "config.idps", Kind: ErrConfig, Err: errors.New("IdP without entityID or certificates")}
		}
		sp.idps[idp.EntityID] = idp
	}
	if cfg.Register == nil {
		sp.log.Warn("spid: no transaction register configured; production SPs must keep one for 24 months (RT log.rst)")
	}
	return sp, nil
}

// EntityID returns the SP's entityID.
func (sp *SP) EntityID() string { return sp.cfg.EntityID }

// ACSURL returns the AssertionConsumerService URL.
func (sp *SP) ACSURL() string { return sp.cfg.ACSURL }

// SLOURL returns the SingleLogoutService URL.
func (sp *SP) SLOURL() string { return sp.cfg.SLOURL }

// MetadataURL returns the URL the metadata is published at.
func (sp *SP) MetadataURL() string { return sp.cfg.MetadataURL }

// Profile returns the SP's profile.
func (sp *SP) Profile() *Profile { return sp.profile }

// IdP returns the configured or registered IdP with that entityID.
func (sp *SP) IdP(entityID string) (*IdP, bool) {
	if idp, ok := sp.idps[entityID]; ok {
		return idp, true
	}
	if sp.cfg.Registry != nil {
		return sp.cfg.Registry.Lookup(entityID)
	}
	return nil, false
}

// IdPs lists the configured IdPs followed by the registry's, for the login
// button. Registry IdPs come in random order (checklist 54).
func (sp *SP) IdPs() []*IdP {
	out := append([]*IdP(nil), sp.cfg.IdPs...)
	if sp.cfg.Registry != nil {
		for _, idp := range sp.cfg.Registry.List() {
			if _, dup := sp.idps[idp.EntityID]; !dup {
				out = append(out, idp)
			}
		}
	}
	return out
}

var (
	phoneRE = regexp.MustCompile(`^\+[0-9]{6,15}$`)
	vatRE   = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{2,13}$`)
	emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// oidURI is the X.520 uri attribute (2.5.4.83) that must equal the entityID.
var oidURI = asn1.ObjectIdentifier{2, 5, 4, 83}

func (sp *SP) validate() error {
	c := &sp.cfg
	if err := checkEntityID(c.EntityID); err != nil {
		return err
	}
	if err := checkKey(c.Key, c.Certificate); err != nil {
		return err
	}
	now := sp.now()
	if now.Before(c.Certificate.NotBefore) || now.After(c.Certificate.NotAfter) {
		return fmt.Errorf("certificate is not valid now (%s to %s)", c.Certificate.NotBefore.Format(time.DateOnly), c.Certificate.NotAfter.Format(time.DateOnly))
	}
	switch c.Certificate.SignatureAlgorithm {
	case x509.SHA1WithRSA, x509.ECDSAWithSHA1, x509.MD5WithRSA, x509.DSAWithSHA1:
		return errors.New("certificate is signed with SHA-1 or weaker")
	}
	if uri, ok := subjectAttr(c.Certificate.Subject, oidURI); ok && uri != c.EntityID {
		return fmt.Errorf("certificate uri %q differs from entityID %q", uri, c.EntityID)
	} else if !ok {
		sp.log.Warn("spid: the SP certificate has no uri (2.5.4.83) attribute; AgID requires it (Avviso 29)")
	}
	for name, u := range map[string]string{"ACSURL": c.ACSURL, "SLOURL": c.SLOURL, "MetadataURL": c.MetadataURL} {
		if err := checkEndpoint(u); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if err := checkLangs(c.OrganizationNames, c.OrganizationDisplayNames, c.OrganizationURLs); err != nil {
		return err
	}
	if c.Contact.Email == "" || !emailRE.MatchString(c.Contact.Email) {
		return fmt.Errorf("contact email %q is missing or invalid", c.Contact.Email)
	}
	if c.Contact.Telephone != "" && !phoneRE.MatchString(c.Contact.Telephone) {
		return fmt.Errorf("contact telephone %q must be +39… without spaces", c.Contact.Telephone)
	}
	if c.Contact.Company != "" && c.Contact.Company != c.OrganizationNames["it"] {
		return errors.New("contact company must equal the Italian organization name")
	}
	if c.Public {
		if strings.TrimSpace(c.IPACode) == "" {
			return errors.New("a public SP needs its IPACode")
		}
		if c.VATNumber != "" || c.FiscalCode != "" {
			return errors.New("a public SP has an IPACode, not a VATNumber or FiscalCode")
		}
	} else if sp.profile.Name == "spid" {
		if c.IPACode != "" {
			return errors.New("a private SP must not have an IPACode")
		}
		if c.VATNumber == "" && c.FiscalCode == "" {
			return errors.New("a private SP needs a VATNumber or a FiscalCode")
		}
	}
	if c.VATNumber != "" && !vatRE.MatchString(c.VATNumber) {
		return fmt.Errorf("VATNumber %q needs its ISO country prefix, e.g. IT12345678901", c.VATNumber)
	}
	if c.FiscalCode != "" {
		if err := fiscalcode.ValidateAny(c.FiscalCode); err != nil {
			return fmt.Errorf("FiscalCode: %w", err)
		}
	}
	if len(c.AttributeSets) == 0 {
		return errors.New("at least one attribute set is required")
	}
	for i, set := range c.AttributeSets {
		if len(set) == 0 {
			return fmt.Errorf("attribute set %d is empty", i)
		}
		seen := map[Attribute]bool{}
		for _, a := range set {
			if !sp.profile.allowsAttribute(a) {
				return fmt.Errorf("attribute set %d: %q is not a %s attribute", i, a, sp.profile.Name)
			}
			if seen[a] {
				return fmt.Errorf("attribute set %d: %q twice", i, a)
			}
			seen[a] = true
		}
	}
	if _, err := sp.profile.Contacts(c); err != nil {
		return err
	}
	if sp.profile.Validate != nil {
		return sp.profile.Validate(c)
	}
	return nil
}

func checkEntityID(id string) error {
	u, err := url.Parse(id)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("entityID %q must be an https URL", id)
	}
	if u.Port() != "" {
		return fmt.Errorf("entityID %q must not have a port", id)
	}
	return nil
}

// checkEndpoint requires https without a port; http and ports are allowed
// on loopback hosts only, for development.
func checkEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URL", raw)
	}
	if isLoopback(u.Hostname()) && (u.Scheme == "http" || u.Scheme == "https") {
		return nil
	}
	if u.Scheme != "https" || u.Port() != "" {
		return fmt.Errorf("%q must be https without a port", raw)
	}
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkKey(key crypto.Signer, cert *x509.Certificate) error {
	if key == nil || cert == nil {
		return errors.New("key and certificate are required")
	}
	switch pub := key.Public().(type) {
	case *rsa.PublicKey:
		if pub.N.BitLen() < 2048 {
			return fmt.Errorf("RSA key has %d bits, at least 2048 required", pub.N.BitLen())
		}
		if cp, ok := cert.PublicKey.(*rsa.PublicKey); !ok || !cp.Equal(pub) {
			return errors.New("the certificate does not match the key")
		}
	case *ecdsa.PublicKey:
		if pub.Curve.Params().BitSize < 256 {
			return errors.New("ECDSA key must be at least P-256")
		}
		if cp, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || !cp.Equal(pub) {
			return errors.New("the certificate does not match the key")
		}
	default:
		return fmt.Errorf("unsupported key type %T", pub)
	}
	return nil
}

func checkLangs(names, display, urls map[string]string) error {
	for what, m := range map[string]map[string]string{"OrganizationNames": names, "OrganizationDisplayNames": display, "OrganizationURLs": urls} {
		if strings.TrimSpace(m["it"]) == "" {
			return fmt.Errorf("%s needs an Italian (it) entry", what)
		}
	}
	langs := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(langs(names), langs(display)) || !slices.Equal(langs(names), langs(urls)) {
		return errors.New("organization names, display names and URLs must have the same languages")
	}
	return nil
}

func subjectAttr(name pkix.Name, oid asn1.ObjectIdentifier) (string, bool) {
	for _, atv := range name.Names {
		if atv.Type.Equal(oid) {
			s, ok := atv.Value.(string)
			return s, ok
		}
	}
	return "", false
}
