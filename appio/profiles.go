package appio

import (
	"context"
	"fmt"
	"net/http"
)

// Profile is IO's LimitedProfile: what a service may know of a citizen.
type Profile struct {
	// SenderAllowed is false when the citizen blocked this service.
	SenderAllowed bool `json:"sender_allowed"`
	// PreferredLanguages, e.g. "it_IT", in order of preference.
	PreferredLanguages []string `json:"preferred_languages,omitempty"`
}

// GetProfile looks up a citizen (IO operation getProfileByPOST, POST
// /profiles, the fiscal code in the body so it never lands in URL logs).
// A citizen without IO, or with the inbox disabled, gives an error matching
// [ErrNotOnIO]; check Profile.SenderAllowed (or use [Client.CheckRecipient])
// before sending.
func (c *Client) GetProfile(ctx context.Context, fiscalCode string) (Profile, error) {
	if err := validateCF("fiscal_code", fiscalCode, c.strict); err != nil {
		return Profile{}, fmt.Errorf("appio: get profile: %w", err)
	}
	var p Profile
	_, err := c.do(ctx, call{
		op: opGetProfile, method: http.MethodPost, path: "/profiles",
		class: retrySafe, body: fiscalCodePayload{normalizeCF(fiscalCode)}, out: &p, ok: []int{http.StatusOK},
	})
	return p, err
}

// CheckRecipient runs the check IO requires before every message: it returns
// nil when the citizen is on IO and accepts this service, an error matching
// [ErrNotOnIO] or [ErrOptedOut] when not, or the failure of the lookup.
func (c *Client) CheckRecipient(ctx context.Context, fiscalCode string) error {
	p, err := c.GetProfile(ctx, fiscalCode)
	if err != nil {
		return err
	}
	if !p.SenderAllowed {
		return fmt.Errorf("appio: %s: %w", opGetProfile, ErrOptedOut)
	}
	return nil
}

// Send messages one citizen the way IO requires: it validates m, runs the
// profile check, then submits. A citizen who cannot be reached gives an
// error matching [ErrNotOnIO] or [ErrOptedOut] and nothing is submitted. A
// message whose idempotency key is already recorded as sent returns its id
// without calling IO.
func (c *Client) Send(ctx context.Context, m NewMessage) (string, error) {
	if err := m.validate(c.strict); err != nil {
		return "", fmt.Errorf("appio: send: %w", err)
	}
	if m.IdempotencyKey != "" {
		if rec, err := c.sent.Get(ctx, m.IdempotencyKey); err == nil && rec.State == SentDone {
			return rec.MessageID, nil
		}
	}
	if err := c.CheckRecipient(ctx, m.FiscalCode); err != nil {
		return "", err
	}
	return c.SubmitMessage(ctx, m)
}

type fiscalCodePayload struct {
	FiscalCode string `json:"fiscal_code"`
}
