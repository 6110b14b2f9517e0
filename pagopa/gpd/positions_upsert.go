package gpd

import (
	"context"
	"errors"
)

// PutPosition makes GPD hold p, whatever happened before: it updates p.IUPD and, if GPD does not
// know it, creates it (updating again if a concurrent or earlier create won the race). It is the
// idempotent call a transactional-outbox worker needs: repeating it after a crash or a lost answer
// converges on the same position instead of failing with [ErrDuplicate].
func (c *Client) PutPosition(ctx context.Context, p Position, mode PublishMode) (*Position, error) {
	got, err := c.UpdatePosition(ctx, p, mode)
	if !errors.Is(err, ErrNotFound) {
		return got, err
	}
	got, err = c.CreatePosition(ctx, p, mode)
	if errors.Is(err, ErrDuplicate) {
		return c.UpdatePosition(ctx, p, mode)
	}
	return got, err
}
