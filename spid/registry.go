package spid

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

// RegistryConfig configures a [Registry].
type RegistryConfig struct {
	// Sources are paths or http(s) URLs of IdP metadata: the AgID aggregate
	// ([AgIDRegistryURL]) or single EntityDescriptor files. Default: the
	// AgID aggregate.
	Sources []string
	// Extra IdPs added as they are (e.g. parsed by the caller).
	Extra []*IdP
	// IncludeTest lists the AgID validator and demo IdPs; keep it false in
	// production (checklist 56).
	IncludeTest bool
	// HTTPClient fetches URL sources; default a client with a 30 s timeout.
	HTTPClient *http.Client
	// Refresh is the interval of [Registry.Run]; default 12 h.
	Refresh time.Duration
	// Logger; default slog.Default().
	Logger *slog.Logger
	// SigningCertificates, if set, are the certificates the sources must be
	// signed with (e.g. AgID's metadata signing certificate): an unsigned or
	// wrongly signed source is refused.
	SigningCertificates []*x509.Certificate
	// Now returns the current time, for certificate validity; default time.Now.
	Now func() time.Time
}

// Registry holds the federation's IdPs, loaded from the AgID registry or
// files, refreshed periodically (checklist 55). It is safe for concurrent use.
type Registry struct {
	cfg RegistryConfig

	mu   sync.RWMutex
	idps map[string]*IdP
}

// NewRegistry returns a registry; call [Registry.Load] before use (and
// [Registry.Run] to refresh it).
func NewRegistry(cfg RegistryConfig) (*Registry, error) {
	if len(cfg.Sources) == 0 && len(cfg.Extra) == 0 {
		cfg.Sources = []string{AgIDRegistryURL}
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Refresh <= 0 {
		cfg.Refresh = 12 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	r := &Registry{cfg: cfg, idps: map[string]*IdP{}}
	for _, idp := range cfg.Extra {
		r.idps[idp.EntityID] = idp
	}
	return r, nil
}

// Load reads every source and replaces the IdP set. If a source fails, the
// previous set is kept and the error returned.
func (r *Registry) Load(ctx context.Context) error {
	next := map[string]*IdP{}
	for _, idp := range r.cfg.Extra {
		next[idp.EntityID] = idp
	}
	for _, src := range r.cfg.Sources {
		data, err := r.fetch(ctx, src)
		if err != nil {
			return fmt.Errorf("spid: registry: %s: %w", src, err)
		}
		if len(r.cfg.SigningCertificates) > 0 {
			if err := verifyMetadataSignature(data, r.cfg.SigningCertificates, nowOr(r.cfg.Now)); err != nil {
				return fmt.Errorf("spid: registry: %s: %w", src, err)
			}
		}
		idps, err := ParseIdPMetadataAggregate(data)
		if err != nil {
			return fmt.Errorf("spid: registry: %s: %w", src, err)
		}
		for _, idp := range idps {
			next[idp.EntityID] = idp
		}
	}
	r.mu.Lock()
	r.idps = next
	r.mu.Unlock()
	return nil
}

// verifyMetadataSignature checks the enveloped signature of a metadata
// document's root element.
func verifyMetadataSignature(data []byte, certs []*x509.Certificate, now time.Time) error {
	doc, err := parseXML(data)
	if err != nil {
		return err
	}
	if _, err := verifySigned(doc.Root(), certs, now); err != nil {
		return fmt.Errorf("%w: metadata: %v", ErrSignature, err)
	}
	return nil
}

// Run reloads the registry every Refresh until ctx is done, logging failures.
func (r *Registry) Run(ctx context.Context) {
	t := time.NewTicker(r.cfg.Refresh)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := r.Load(ctx); err != nil {
				r.cfg.Logger.WarnContext(ctx, "spid registry refresh failed", "err", err)
			}
		}
	}
}

func (r *Registry) fetch(ctx context.Context, src string) ([]byte, error) {
	if !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
		return os.ReadFile(src)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := r.cfg.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("http status %d", resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxMetadataSize {
		return nil, ErrTooLarge
	}
	return data, nil
}

// Lookup returns the IdP with that entityID. Test IdPs are found only when
// IncludeTest is set.
func (r *Registry) Lookup(entityID string) (*IdP, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	idp, ok := r.idps[entityID]
	if !ok || (idp.Test && !r.cfg.IncludeTest) {
		return nil, false
	}
	return idp, true
}

// List returns the IdPs in random order, as the SPID button requires
// (checklist 54); test IdPs only when IncludeTest is set.
func (r *Registry) List() []*IdP {
	r.mu.RLock()
	out := make([]*IdP, 0, len(r.idps))
	for _, idp := range r.idps {
		if idp.Test && !r.cfg.IncludeTest {
			continue
		}
		out = append(out, idp)
	}
	r.mu.RUnlock()
	rand.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}
