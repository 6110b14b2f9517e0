package spidtest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Profile selects which federation the test IdP plays.
type Profile int

const (
	// SPID plays a SPID identity provider: entityID = BaseURL, all SPID
	// attributes, SingleLogoutService.
	SPID Profile = iota
	// CIE plays the "Entra con CIE" IdP (CieID server, Shibboleth): entityID
	// BaseURL+"/idp/profile/SAML2/POST/SSO", only the eIDAS minimum
	// attributes (name, familyName, dateOfBirth, fiscalNumber).
	CIE
)

// String returns "spid" or "cie".
func (p Profile) String() string {
	if p == CIE {
		return "cie"
	}
	return "spid"
}

// Config configures an [IdP]. Only BaseURL is required.
type Config struct {
	// BaseURL is where the IdP's handler is served, e.g. an httptest server's
	// URL ("http://127.0.0.1:41234") or "https://comune.example.it/demo-idp".
	// Endpoints hang below it (see [IdP.SSOURL], [IdP.SLOURL]).
	BaseURL string
	// EntityID overrides the entityID; the default depends on Profile.
	EntityID string
	// Profile is SPID (the zero value) or CIE.
	Profile Profile
	// Key and Certificate sign everything the IdP sends. If both are nil the
	// IdP uses the fixed test key of this package ([FixedKeyPair]), which keeps
	// golden files stable; set GenerateKey for a fresh RSA-2048 key instead.
	Key         *rsa.PrivateKey
	Certificate *x509.Certificate
	// GenerateKey makes New generate a fresh key and self-signed certificate
	// when Key is nil.
	GenerateKey bool
	// Users are the identities offered on the chooser page; default
	// [DefaultUsers] (or [DefaultCIEUsers] for the CIE profile). The first
	// user is the one programmatic responses use unless told otherwise.
	Users []User
	// Now returns the current time; default time.Now.
	Now func() time.Time
	// NewID returns fresh SAML IDs ("_" + 32 hex digits by default); set it
	// for deterministic output.
	NewID func() string
	// SessionTTL is how long assertions stay valid (SubjectConfirmationData
	// and Conditions NotOnOrAfter); default 5 minutes.
	SessionTTL time.Duration
	// Lenient turns off the SPID/CIE AuthnRequest rules (ForceAuthn,
	// NameIDPolicy, Issuer NameQualifier, …) that ReadAuthnRequest enforces
	// by default; signatures are always checked.
	Lenient bool
	// Logger receives what the IdP refuses; default slog.Default().
	Logger *slog.Logger
}

// IdP is an in-process SAML identity provider for tests and demos. It is an
// [http.Handler]; all its methods are safe for concurrent use.
type IdP struct {
	cfg      Config
	entityID string
	base     string // BaseURL without trailing slash
	signer   keyPair
	other    keyPair // "another" key for the signature-defect cases
	users    []User
	metadata []byte

	mu       sync.Mutex
	sps      map[string]*ServiceProvider
	pending  map[string]pendingLogin
	sessions []Session
}

// New validates cfg and returns an IdP with signed metadata.
func New(cfg Config) (*IdP, error) {
	base := strings.TrimRight(cfg.BaseURL, "/")
	u, err := url.Parse(base)
	if base == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("spidtest: new: BaseURL %q is not an absolute http(s) URL", cfg.BaseURL)
	}
	if cfg.Profile != SPID && cfg.Profile != CIE {
		return nil, fmt.Errorf("spidtest: new: unknown profile %d", cfg.Profile)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.NewID == nil {
		cfg.NewID = randomID
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 5 * time.Minute
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	idp := &IdP{
		cfg:     cfg,
		base:    base,
		sps:     map[string]*ServiceProvider{},
		pending: map[string]pendingLogin{},
	}
	switch {
	case cfg.Key != nil && cfg.Certificate != nil:
		idp.signer = keyPair{key: cfg.Key, cert: cfg.Certificate}
	case cfg.Key != nil || cfg.Certificate != nil:
		return nil, errors.New("spidtest: new: Key and Certificate go together")
	case cfg.GenerateKey:
		if idp.signer, err = generateKeyPair("siopi spidtest IdP", cfg.Now()); err != nil {
			return nil, fmt.Errorf("spidtest: new: %w", err)
		}
	default:
		idp.signer = fixedIdPKey()
	}
	if err := idp.signer.check(); err != nil {
		return nil, fmt.Errorf("spidtest: new: %w", err)
	}
	idp.other = fixedOtherKey()
	idp.entityID = cfg.EntityID
	if idp.entityID == "" {
		idp.entityID = base
		if cfg.Profile == CIE {
			idp.entityID = base + ciePostSSOPath
		}
	}
	idp.users = cfg.Users
	if len(idp.users) == 0 {
		idp.users = DefaultUsers()
		if cfg.Profile == CIE {
			idp.users = DefaultCIEUsers()
		}
	}
	seen := map[string]bool{}
	for _, u := range idp.users {
		if u.Username == "" || seen[u.Username] {
			return nil, fmt.Errorf("spidtest: new: user %q: empty or duplicate username", u.Username)
		}
		seen[u.Username] = true
	}
	if idp.metadata, err = idp.buildMetadata(); err != nil {
		return nil, fmt.Errorf("spidtest: new: metadata: %w", err)
	}
	return idp, nil
}

// EntityID returns the IdP's entityID.
func (idp *IdP) EntityID() string { return idp.entityID }

// Profile returns the federation the IdP plays.
func (idp *IdP) Profile() Profile { return idp.cfg.Profile }

// Certificate returns the IdP's signing certificate, as published in its
// metadata.
func (idp *IdP) Certificate() *x509.Certificate { return idp.signer.cert }

// OtherCertificate returns the certificate of the "wrong" key that signs the
// defective responses of cases 4, 5 and 100.
func (idp *IdP) OtherCertificate() *x509.Certificate { return idp.other.cert }

// Metadata returns the IdP's signed metadata (rsa-sha256, exc-c14n).
func (idp *IdP) Metadata() []byte { return append([]byte(nil), idp.metadata...) }

// Users returns the configured test users.
func (idp *IdP) Users() []User { return append([]User(nil), idp.users...) }

// User returns the user with the given username.
func (idp *IdP) User(username string) (User, bool) {
	for _, u := range idp.users {
		if u.Username == username {
			return u, true
		}
	}
	return User{}, false
}

func (idp *IdP) newID() string { return idp.cfg.NewID() }

func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand docs)
	return "_" + hex.EncodeToString(b[:])
}
