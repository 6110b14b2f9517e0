package appio

import (
	"context"
	"fmt"
	"net/http"
)

// ActivationStatus is the state of a citizen's activation of a SPECIAL
// service. IO's enum is open.
type ActivationStatus string

// Activation statuses.
const (
	ActivationActive   ActivationStatus = "ACTIVE"
	ActivationInactive ActivationStatus = "INACTIVE"
	ActivationPending  ActivationStatus = "PENDING"
)

// Activation is IO's Activation of a SPECIAL-category service by a citizen.
// Comuni rarely use special services; a message to a special service's
// citizen needs an ACTIVE (or recently PENDING) activation.
type Activation struct {
	ServiceID  string           `json:"service_id"`
	FiscalCode string           `json:"fiscal_code"`
	Status     ActivationStatus `json:"status"`
	Version    int              `json:"version"`
}

// GetActivation returns a citizen's activation of this service (IO operation
// getServiceActivationByPOST, POST /activations/). None gives [ErrNotFound].
func (c *Client) GetActivation(ctx context.Context, fiscalCode string) (Activation, error) {
	if err := validateCF("fiscal_code", fiscalCode, c.strict); err != nil {
		return Activation{}, fmt.Errorf("appio: get activation: %w", err)
	}
	var a Activation
	_, err := c.do(ctx, call{
		op: opGetActivation, method: http.MethodPost, path: "/activations/",
		class: retrySafe, body: fiscalCodePayload{normalizeCF(fiscalCode)}, out: &a, ok: []int{http.StatusOK},
	})
	return a, err
}

// UpsertActivation creates or updates a citizen's activation of this
// service (IO operation upsertServiceActivation, PUT /activations/). It is
// idempotent and retried like a read.
func (c *Client) UpsertActivation(ctx context.Context, fiscalCode string, status ActivationStatus) (Activation, error) {
	if err := validateCF("fiscal_code", fiscalCode, c.strict); err != nil {
		return Activation{}, fmt.Errorf("appio: upsert activation: %w", err)
	}
	switch status {
	case ActivationActive, ActivationInactive, ActivationPending:
	default:
		return Activation{}, fmt.Errorf("appio: upsert activation: %w", &FieldError{Field: "status", Reason: fmt.Sprintf("%q, want ACTIVE, INACTIVE or PENDING", status)})
	}
	body := struct {
		FiscalCode string           `json:"fiscal_code"`
		Status     ActivationStatus `json:"status"`
	}{normalizeCF(fiscalCode), status}
	var a Activation
	_, err := c.do(ctx, call{
		op: opUpsertActivation, method: http.MethodPut, path: "/activations/",
		class: retrySafe, body: body, out: &a, ok: []int{http.StatusOK},
	})
	return a, err
}
