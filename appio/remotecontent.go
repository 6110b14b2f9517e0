package appio

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// Operation ids of IO's remote-content configuration API (manage key).
const (
	opRCCreate = "createRCConfiguration"
	opRCList   = "listRCConfiguration"
	opRCGet    = "getRCConfiguration"
	opRCUpdate = "updateRCConfiguration"
)

const rcPath = "/messages-sending/remote-contents/configurations"

// RemoteContentConfig registers the ente's endpoints from which IO fetches
// the details and attachments of third-party messages (IO's
// NewRCConfigurationPublic / RCConfigurationResponse). Its ID goes in
// [ThirdPartyData].ConfigurationID.
type RemoteContentConfig struct {
	// ID is the configuration's ULID, set by IO.
	ID string `json:"configuration_id,omitempty"`
	// UserID is the owning APIM user, set by IO.
	UserID      string `json:"user_id,omitempty"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// HasPrecondition is one of the Precondition constants.
	HasPrecondition Precondition `json:"has_precondition"`
	// DisableLollipopFor lists fiscal codes for which IO does not sign its
	// calls with Lollipop.
	DisableLollipopFor []string `json:"disable_lollipop_for"`
	IsLollipopEnabled  bool     `json:"is_lollipop_enabled"`
	// TestEnvironment serves TestUsers; ProdEnvironment everyone else.
	TestEnvironment *RemoteContentTestEnvironment `json:"test_environment,omitempty"`
	ProdEnvironment *RemoteContentEnvironment     `json:"prod_environment,omitempty"`
}

// RemoteContentEnvironment is where IO calls the ente and how it
// authenticates.
type RemoteContentEnvironment struct {
	BaseURL string            `json:"base_url"`
	Auth    RemoteContentAuth `json:"details_authentication"`
}

// RemoteContentTestEnvironment is the test environment and its users.
type RemoteContentTestEnvironment struct {
	RemoteContentEnvironment
	TestUsers []string `json:"test_users"`
}

// RemoteContentAuth is the header IO sends to the ente's endpoints, e.g.
// Type "API-KEY".
type RemoteContentAuth struct {
	HeaderKeyName string `json:"header_key_name"`
	Key           string `json:"key"`
	Type          string `json:"type"`
}

// validate applies IO's NewRCConfigurationPublic rules.
func (r RemoteContentConfig) validate(strict bool) error {
	var errs []error
	add := func(field, reason string) { errs = append(errs, &FieldError{Field: field, Reason: reason}) }
	if r.Name == "" {
		add("name", "required")
	}
	if r.Description == "" {
		add("description", "required")
	}
	switch r.HasPrecondition {
	case PreconditionAlways, PreconditionOnce, PreconditionNever:
	default:
		add("has_precondition", "want ALWAYS, ONCE or NEVER")
	}
	for i, cf := range r.DisableLollipopFor {
		if err := validateCF(fmt.Sprintf("disable_lollipop_for[%d]", i), cf, strict); err != nil {
			errs = append(errs, err)
		}
	}
	env := func(prefix string, e RemoteContentEnvironment) {
		if e.BaseURL == "" {
			add(prefix+".base_url", "required")
		}
		if e.Auth.HeaderKeyName == "" || e.Auth.Key == "" || e.Auth.Type == "" {
			add(prefix+".details_authentication", "header_key_name, key and type are required")
		}
	}
	if t := r.TestEnvironment; t != nil {
		env("test_environment", t.RemoteContentEnvironment)
		for i, cf := range t.TestUsers {
			if err := validateCF(fmt.Sprintf("test_environment.test_users[%d]", i), cf, strict); err != nil {
				errs = append(errs, err)
			}
		}
	}
	if p := r.ProdEnvironment; p != nil {
		env("prod_environment", *p)
	}
	return errors.Join(errs...)
}

// payload is the configuration without the fields IO sets, fiscal codes
// upper-cased and lists never null.
func (r RemoteContentConfig) payload() RemoteContentConfig {
	r.ID, r.UserID = "", ""
	r.DisableLollipopFor = upperAll(r.DisableLollipopFor)
	if r.TestEnvironment != nil {
		t := *r.TestEnvironment
		t.TestUsers = upperAll(t.TestUsers)
		r.TestEnvironment = &t
	}
	return r
}

func upperAll(codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = normalizeCF(c)
	}
	return out
}

// CreateRemoteContentConfig registers a remote-content configuration (IO
// operation createRCConfiguration, POST
// /messages-sending/remote-contents/configurations) and returns it with its
// ID. Not retried except on 429.
func (c *Client) CreateRemoteContentConfig(ctx context.Context, r RemoteContentConfig) (RemoteContentConfig, error) {
	if err := r.validate(c.strict); err != nil {
		return RemoteContentConfig{}, fmt.Errorf("appio: create remote content configuration: %w", err)
	}
	var out RemoteContentConfig
	err := c.manage(ctx, call{op: opRCCreate, method: http.MethodPost, path: rcPath, body: r.payload(), out: &out, ok: []int{http.StatusCreated}})
	return out, err
}

// ListRemoteContentConfigs returns the ente's remote-content configurations
// (IO operation listRCConfiguration).
func (c *Client) ListRemoteContentConfigs(ctx context.Context) ([]RemoteContentConfig, error) {
	var out struct {
		List []RemoteContentConfig `json:"rcConfigList"`
	}
	err := c.manage(ctx, call{op: opRCList, method: http.MethodGet, path: rcPath, out: &out, ok: []int{http.StatusOK}})
	return out.List, err
}

// GetRemoteContentConfig returns one configuration (IO operation
// getRCConfiguration); another ente's gives [ErrForbidden].
func (c *Client) GetRemoteContentConfig(ctx context.Context, id string) (RemoteContentConfig, error) {
	if !ulidRE.MatchString(id) {
		return RemoteContentConfig{}, fmt.Errorf("appio: get remote content configuration: %w", &FieldError{Field: "configurationId", Reason: "not a ULID"})
	}
	var out RemoteContentConfig
	err := c.manage(ctx, call{op: opRCGet, method: http.MethodGet, path: rcPath + "/" + url.PathEscape(id), out: &out, ok: []int{http.StatusOK}})
	return out, err
}

// UpdateRemoteContentConfig replaces a configuration (IO operation
// updateRCConfiguration, PUT …/configurations/{configurationId}).
func (c *Client) UpdateRemoteContentConfig(ctx context.Context, id string, r RemoteContentConfig) error {
	if !ulidRE.MatchString(id) {
		return fmt.Errorf("appio: update remote content configuration: %w", &FieldError{Field: "configurationId", Reason: "not a ULID"})
	}
	if err := r.validate(c.strict); err != nil {
		return fmt.Errorf("appio: update remote content configuration: %w", err)
	}
	return c.manage(ctx, call{op: opRCUpdate, method: http.MethodPut, path: rcPath + "/" + url.PathEscape(id), body: r.payload(), ok: []int{http.StatusNoContent}})
}
