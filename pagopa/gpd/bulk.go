package gpd

import (
	"context"
	"fmt"
	"net/http"
)

// MaxBulk is the largest batch the v2 bulk endpoints take in one call (the delete schema allows 20).
const MaxBulk = 20

// CreatePositions creates several positions atomically (v2 createMultiplePositions): all or none.
// Every position is validated first. A failed bulk create is not retried on 5xx.
func (c *Client) CreatePositions(ctx context.Context, ps []Position, mode PublishMode) error {
	body, err := c.bulkBody(ps)
	if err != nil {
		return err
	}
	return c.call(ctx, "createMultiplePositions", http.MethodPost, c.orgPath(pathV2, "debtpositions"), publishQuery(mode), body, nil)
}

// UpdatePositions replaces several positions atomically (v2 updateMultiplePositions).
func (c *Client) UpdatePositions(ctx context.Context, ps []Position, mode PublishMode) error {
	body, err := c.bulkBody(ps)
	if err != nil {
		return err
	}
	return c.call(ctx, "updateMultiplePositions", http.MethodPut, c.orgPath(pathV2, "debtpositions"), publishQuery(mode), body, nil)
}

// DeletePositions deletes up to [MaxBulk] positions atomically (v2 deleteMultipleDebtPositions).
func (c *Client) DeletePositions(ctx context.Context, iupds []string) error {
	if len(iupds) == 0 || len(iupds) > MaxBulk {
		return fmt.Errorf("gpd: delete positions: %w: 1..%d iupds per call", ErrInvalid, MaxBulk)
	}
	for _, id := range iupds {
		if err := checkIUPD(id); err != nil {
			return err
		}
	}
	body := struct {
		IUPDs []string `json:"paymentPositionIUPDs"`
	}{iupds}
	return c.call(ctx, "deleteMultipleDebtPositions", http.MethodDelete, c.orgPath(pathV2, "debtpositions"), nil, body, nil)
}

type bulkBody struct {
	Positions []Position `json:"paymentPositions"`
}

func (c *Client) bulkBody(ps []Position) (bulkBody, error) {
	if len(ps) == 0 || len(ps) > MaxBulk {
		return bulkBody{}, fmt.Errorf("gpd: bulk: %w: 1..%d positions per call", ErrInvalid, MaxBulk)
	}
	now := c.now()
	out := bulkBody{Positions: make([]Position, len(ps))}
	seen := map[string]bool{}
	for i, p := range ps {
		if err := ValidatePosition(p, now); err != nil {
			return bulkBody{}, fmt.Errorf("gpd: bulk: position %d: %w", i, err)
		}
		if seen[p.IUPD] {
			return bulkBody{}, fmt.Errorf("gpd: bulk: %w: iupd of position %d repeats", ErrInvalid, i)
		}
		seen[p.IUPD] = true
		out.Positions[i] = p.forRequest()
	}
	return out, nil
}
