package gpd

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// PublishMode tells create and update calls whether to publish the position at once.
type PublishMode bool

// Publish modes: a draft stays invisible to the node until [Client.PublishPosition].
const (
	Draft   PublishMode = false
	Publish PublishMode = true
)

func publishQuery(m PublishMode) url.Values {
	return url.Values{"toPublish": {strconv.FormatBool(bool(m))}}
}

// CreatePosition creates the debt position p (v1 createPosition, POST /debtpositions) after
// validating it with [ValidatePosition]; a bad position is refused with a [*ValidationError]
// before anything is sent.
//
// A create is never retried blindly: if it fails with a 5xx or a transport error the client reads
// the position back by IUPD, and returns it when it exists (the create took effect before the
// failure); otherwise it returns the original error.
func (c *Client) CreatePosition(ctx context.Context, p Position, mode PublishMode) (*Position, error) {
	if err := ValidatePosition(p, c.now()); err != nil {
		return nil, err
	}
	var out Position
	err := c.call(ctx, "createPosition", http.MethodPost, c.orgPath(pathV1, "debtpositions"),
		publishQuery(mode), p.forRequest(), &out)
	if err == nil {
		return &out, nil
	}
	if !errors.Is(err, ErrServer) && !errors.Is(err, ErrTransport) {
		return nil, err
	}
	got, gerr := c.GetPosition(ctx, p.IUPD)
	if gerr != nil || !sameOptions(p, *got) {
		return nil, err
	}
	return got, nil
}

// sameOptions tells whether a position read back after a failed create is the one we sent.
func sameOptions(sent, got Position) bool {
	if len(sent.PaymentOptions) != len(got.PaymentOptions) {
		return false
	}
	for i := range sent.PaymentOptions {
		if sent.PaymentOptions[i].IUV != got.PaymentOptions[i].IUV ||
			sent.PaymentOptions[i].Amount != got.PaymentOptions[i].Amount {
			return false
		}
	}
	return true
}

// GetPosition returns the position iupd (v1 getOrganizationDebtPositionByIUPD). A missing
// position gives an error matching [ErrNotFound].
func (c *Client) GetPosition(ctx context.Context, iupd string) (*Position, error) {
	if err := checkIUPD(iupd); err != nil {
		return nil, err
	}
	var out Position
	if err := c.call(ctx, "getOrganizationDebtPositionByIUPD", http.MethodGet,
		c.orgPath(pathV1, "debtpositions", iupd), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePosition replaces the position p.IUPD (v1 updatePosition, PUT). GPD refuses with
// [ErrNotUpdatable] once the position is INVALID, PARTIALLY_PAID, PAID or REPORTED; the update puts
// it back to DRAFT unless mode is [Publish].
func (c *Client) UpdatePosition(ctx context.Context, p Position, mode PublishMode) (*Position, error) {
	if err := ValidatePosition(p, c.now()); err != nil {
		return nil, err
	}
	var out Position
	if err := c.call(ctx, "updatePosition", http.MethodPut, c.orgPath(pathV1, "debtpositions", p.IUPD),
		publishQuery(mode), p.forRequest(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePosition deletes the position iupd (v1 deletePosition); refused with [ErrAlreadyPaid]
// once a payment exists. DELETE is retried on 5xx and transport errors, so a retry after a lost
// answer may meet [ErrNotFound]: a caller deleting a position it knows existed can take that as
// done.
func (c *Client) DeletePosition(ctx context.Context, iupd string) error {
	if err := checkIUPD(iupd); err != nil {
		return err
	}
	return c.call(ctx, "deletePosition", http.MethodDelete, c.orgPath(pathV1, "debtpositions", iupd), nil, nil, nil)
}

// PublishPosition publishes the draft iupd (v1 publishPosition): it becomes VALID, or PUBLISHED
// until its validity date. Refused with [ErrNotPublishable] when not DRAFT or a date has passed.
func (c *Client) PublishPosition(ctx context.Context, iupd string) (*Position, error) {
	return c.transition(ctx, "publishPosition", iupd, "publish")
}

// InvalidatePosition cancels the position iupd (v1 invalidatePosition): PUBLISHED or VALID → INVALID.
func (c *Client) InvalidatePosition(ctx context.Context, iupd string) (*Position, error) {
	return c.transition(ctx, "invalidatePosition", iupd, "invalidate")
}

func (c *Client) transition(ctx context.Context, op, iupd, verb string) (*Position, error) {
	if err := checkIUPD(iupd); err != nil {
		return nil, err
	}
	var out Position
	if err := c.call(ctx, op, http.MethodPost, c.orgPath(pathV1, "debtpositions", iupd, verb), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// MarkPaid records that the option nav was paid outside pagoPA on paymentDate (v1
// setPaymentOptionAsAlreadyPaid). It returns the updated option.
func (c *Client) MarkPaid(ctx context.Context, nav string, paymentDate time.Time) (*Option, error) {
	if !digits(nav, 18) {
		return nil, fmt.Errorf("gpd: mark paid: %w: notice number must be 18 digits", ErrInvalid)
	}
	body := struct {
		PaymentDate DateTime `json:"paymentDate,omitzero"`
	}{NewDateTime(paymentDate)}
	var out Option
	if err := c.call(ctx, "setPaymentOptionAsAlreadyPaid", http.MethodPost,
		c.orgPath(pathV1, "paymentoptions", "paids", nav), nil, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdateIBANs replaces oldIBAN with newIBAN on up to limit (1..1000, 0 = 1000) transfers of the EC's
// positions that can still change (v1 updateTransferIbanMassive). It returns the number of
// transfers updated; call it again until it returns 0. It is never retried (not idempotent).
func (c *Client) UpdateIBANs(ctx context.Context, oldIBAN, newIBAN string, limit int) (int, error) {
	if !ibanRe.MatchString(oldIBAN) || !ibanRe.MatchString(newIBAN) {
		return 0, fmt.Errorf("gpd: update ibans: %w: iban must match ^[A-Za-z0-9]{1,35}$", ErrInvalid)
	}
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	q := url.Values{"oldIban": {oldIBAN}, "limit": {strconv.Itoa(limit)}}
	body := struct {
		NewIBAN string `json:"newIban"`
	}{newIBAN}
	var out struct {
		Description      string `json:"description"`
		UpdatedTransfers int    `json:"updatedTransfers"`
	}
	if err := c.call(ctx, "updateTransferIbanMassive", http.MethodPatch,
		c.orgPath(pathV1, "debtpositions", "transfers"), q, body, &out); err != nil {
		return 0, err
	}
	return out.UpdatedTransfers, nil
}

// Info is GPD's health-check answer.
type Info struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	Environment string `json:"environment"`
}

// Health calls GET /info of the v1 API; a nil error means GPD answered and the key is valid.
func (c *Client) Health(ctx context.Context) (*Info, error) {
	var out Info
	if err := c.call(ctx, "healthCheck", http.MethodGet, pathV1+"/info", nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
