package appiotest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/siopi/siopi/fiscalcode"
)

// Defaults of [Config].
const (
	DefaultAPIKey       = "appiotest-key"
	DefaultManageKey    = "appiotest-manage-key"
	DefaultServiceID    = "01EYNPZXQJF9A2DBTH5GYB951V"
	DefaultOrganization = "01234567897"
	// BasePath is where the API is served, as in production.
	BasePath = "/api/v1"
)

// Citizen is a citizen known to the fake.
type Citizen struct {
	// SenderAllowed is false when the citizen blocked the service.
	SenderAllowed bool
	// Languages are the preferred languages, e.g. "it_IT"; nil means it_IT.
	Languages []string
}

// Limit is the fake's APIM rate limit: Requests per fixed window of Per.
type Limit struct {
	Requests int
	Per      time.Duration
}

// Config configures a fake IO. Zero values are documented defaults.
type Config struct {
	// APIKey and ManageKey are the accepted subscription keys; empty means
	// [DefaultAPIKey] and [DefaultManageKey].
	APIKey, ManageKey string
	// ServiceID is the service the use key belongs to; empty means
	// [DefaultServiceID].
	ServiceID string
	// OrganizationFiscalCode fills payment_data.payee when omitted; empty
	// means [DefaultOrganization].
	OrganizationFiscalCode string
	// Citizens are the citizens on IO. The sandbox code
	// [fiscalcode.SandboxCode] is always on IO and allows the service.
	Citizens map[string]Citizen
	// MaxPaymentAmount is the service's max_allowed_payment_amount in cents;
	// zero means 9999999999.
	MaxPaymentAmount int64
	// TestMode makes the service a draft that can only reach
	// AuthorizedRecipients and the sandbox code (others get 403 "Recipient
	// forbidden").
	TestMode             bool
	AuthorizedRecipients []string
	// AllowAdvanced grants the Premium (ADVANCED) permission; AllowPayee the
	// ApiMessageWriteWithPayee one; AllowThirdParty the third-party one.
	AllowAdvanced, AllowPayee, AllowThirdParty bool
	// ProcessAfter is how long a message stays ACCEPTED before it is
	// PROCESSED (or REJECTED); zero means at once.
	ProcessAfter time.Duration
	// Limit is the rate limit; zero Requests means none.
	Limit Limit
	// Seed seeds the random faults; zero means a random seed.
	Seed uint64
	// Now is the clock; nil means [time.Now].
	Now func() time.Time
}

// Server is a fake of IO's API for enti, served by an [httptest.Server]. It
// is safe for concurrent use.
type Server struct {
	// BaseURL is the API root to put in appio.Config.BaseURL.
	BaseURL string

	srv *httptest.Server
	*Fake
}

// NewServer starts a fake IO on a loopback port. Close it when done.
func NewServer(cfg Config) *Server {
	f := New(cfg)
	srv := httptest.NewServer(f)
	return &Server{BaseURL: srv.URL + BasePath, srv: srv, Fake: f}
}

// URL is the server's root URL.
func (s *Server) URL() string { return s.srv.URL }

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an *http.Client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Fake is the fake IO as an [http.Handler], for mounting in a demo server.
// Its API is served under [BasePath].
type Fake struct {
	cfg Config
	mux *http.ServeMux
	now func() time.Time

	mu          sync.Mutex
	rng         *mrand.Rand
	citizens    map[string]Citizen
	messages    []*message
	byID        map[string]*message
	activations map[string]activation
	feed        map[string]*feedDay
	logos       map[string][]byte
	services    map[string]*cmsService
	history     map[string][]map[string]any
	rc          map[string]*rcConfig
	faults      []*FaultRule
	window      time.Time
	used        int
	requests    map[string]int
}

// New returns a fake IO handler.
func New(cfg Config) *Fake {
	if cfg.APIKey == "" {
		cfg.APIKey = DefaultAPIKey
	}
	if cfg.ManageKey == "" {
		cfg.ManageKey = DefaultManageKey
	}
	if cfg.ServiceID == "" {
		cfg.ServiceID = DefaultServiceID
	}
	if cfg.OrganizationFiscalCode == "" {
		cfg.OrganizationFiscalCode = DefaultOrganization
	}
	if cfg.MaxPaymentAmount == 0 {
		cfg.MaxPaymentAmount = 9999999999
	}
	seed := cfg.Seed
	if seed == 0 {
		seed = mrand.Uint64()
	}
	f := &Fake{
		cfg:         cfg,
		now:         cfg.Now,
		rng:         mrand.New(mrand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		citizens:    map[string]Citizen{fiscalcode.SandboxCode: {SenderAllowed: true}},
		byID:        map[string]*message{},
		activations: map[string]activation{},
		feed:        map[string]*feedDay{},
		logos:       map[string][]byte{},
		services:    map[string]*cmsService{},
		history:     map[string][]map[string]any{},
		rc:          map[string]*rcConfig{},
		requests:    map[string]int{},
	}
	if f.now == nil {
		f.now = time.Now
	}
	for cf, c := range cfg.Citizens {
		f.citizens[fiscalcode.Normalize(cf)] = c
	}
	f.routes()
	return f
}

// SetCitizen adds or changes a citizen.
func (f *Fake) SetCitizen(fiscalCode string, c Citizen) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.citizens[fiscalcode.Normalize(fiscalCode)] = c
}

// RemoveCitizen takes a citizen off IO (getProfile then answers 404).
func (f *Fake) RemoveCitizen(fiscalCode string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.citizens, fiscalcode.Normalize(fiscalCode))
}

// Requests returns how many requests each operation received (by
// operationId), faults and rate-limited ones included.
func (f *Fake) Requests() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.requests))
	for k, v := range f.requests {
		out[k] = v
	}
	return out
}

// ServeHTTP implements [http.Handler].
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.mux.ServeHTTP(w, r) }

// handle wraps an operation with what APIM does before the function runs:
// authentication, the rate limit and any injected fault.
func (f *Fake) handle(op string, manage bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests[op]++
		f.mu.Unlock()
		key := r.Header.Get("Ocp-Apim-Subscription-Key")
		want := f.cfg.APIKey
		if manage {
			want = f.cfg.ManageKey
		}
		switch {
		case key == "":
			gatewayError(w, http.StatusUnauthorized, "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.")
			return
		case key != want:
			gatewayError(w, http.StatusUnauthorized, "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.")
			return
		}
		if !f.admit(w) {
			return
		}
		if f.fault(op, w, r, h) {
			return
		}
		h(w, r)
	})
}

// admit applies the rate limit: a fixed window shared by all keys, with
// APIM's headers and 429 body.
func (f *Fake) admit(w http.ResponseWriter) bool {
	l := f.cfg.Limit
	if l.Requests <= 0 {
		return true
	}
	per := l.Per
	if per <= 0 {
		per = 5 * time.Second
	}
	now := f.now()
	f.mu.Lock()
	if now.Sub(f.window) >= per || now.Before(f.window) {
		f.window, f.used = now, 0
	}
	f.used++
	used, end := f.used, f.window.Add(per)
	f.mu.Unlock()
	if used > l.Requests {
		secs := int(math.Ceil(end.Sub(now).Seconds()))
		if secs < 1 {
			secs = 1
		}
		w.Header().Set("x-rate-limit-remaining", "0")
		rateLimited(w, secs)
		return false
	}
	w.Header().Set("x-rate-limit-remaining", strconv.Itoa(l.Requests-used))
	return true
}

func rateLimited(w http.ResponseWriter, secs int) {
	w.Header().Set("x-rate-limit-retry-after", strconv.Itoa(secs))
	gatewayError(w, http.StatusTooManyRequests, fmt.Sprintf("Rate limit is exceeded. Try again in %d seconds.", secs))
}

// gatewayError writes Azure APIM's error body.
func gatewayError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"statusCode": status, "message": msg})
}

// problem writes an RFC 7807 problem as IO's functions do.
func problem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"status": status, "title": title, "detail": detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// newULID returns a ULID: 48 bits of milliseconds and 80 random bits in
// Crockford's base32.
func newULID(t time.Time) string {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	var b [16]byte
	ms := uint64(t.UnixMilli())
	for i := 5; i >= 0; i-- {
		b[i] = byte(ms)
		ms >>= 8
	}
	rand.Read(b[6:])
	var out [26]byte
	// 128 bits into 26 base32 digits, most significant first.
	hi := uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 | uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	lo := uint64(b[8])<<56 | uint64(b[9])<<48 | uint64(b[10])<<40 | uint64(b[11])<<32 | uint64(b[12])<<24 | uint64(b[13])<<16 | uint64(b[14])<<8 | uint64(b[15])
	for i := 25; i >= 0; i-- {
		out[i] = alphabet[lo&31]
		lo = lo>>5 | hi<<59
		hi >>= 5
	}
	return string(out[:])
}
