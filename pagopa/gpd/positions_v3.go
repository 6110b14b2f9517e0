package gpd

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"strings"
	"time"
)

// ValidatePositionV3 checks a v3 position with the rules of [ValidatePosition] applied per plan and
// per instalment, plus the v3 limits (1..100 plans, 1..100 instalments each, a debtor per plan).
func ValidatePositionV3(p PositionV3, now time.Time) error {
	var pr problems
	if err := checkIUPD(p.IUPD); err != nil {
		pr.addf("iupd must match [\\w*\\h-]+")
	}
	if strings.TrimSpace(p.CompanyName) == "" {
		pr.addf("companyName is required")
	}
	maxLen(&pr, "companyName", p.CompanyName, 140)
	maxLen(&pr, "officeName", p.OfficeName, 140)
	if len(p.PaymentOptions) < 1 || len(p.PaymentOptions) > 100 {
		pr.addf("paymentOption must hold 1 to 100 plans")
	}
	seen := map[string]bool{}
	for i, o := range p.PaymentOptions {
		path := fmt.Sprintf("paymentOption[%d]", i)
		d := o.Debtor
		if d.Type != NaturalPerson && d.Type != LegalPerson {
			pr.addf("%s.debtor.type must be F or G", path)
		}
		if strings.TrimSpace(d.FiscalCode) == "" || strings.TrimSpace(d.FullName) == "" {
			pr.addf("%s.debtor: fiscalCode and fullName are required", path)
		}
		if d.Country != "" && !countryRe.MatchString(d.Country) {
			pr.addf("%s.debtor.country must be two upper-case letters", path)
		}
		maxLen(&pr, path+".description", o.Description, 140)
		start := now
		if !o.ValidityDate.IsZero() {
			if o.ValidityDate.Before(now) {
				pr.addf("%s.validityDate must not be in the past", path)
			}
			start = o.ValidityDate.Time
		}
		if len(o.Installments) < 1 || len(o.Installments) > 100 {
			pr.addf("%s.installments must hold 1 to 100 instalments", path)
		}
		var maxDue time.Time
		for j, in := range o.Installments {
			ip := fmt.Sprintf("%s.installments[%d]", path, j)
			validateOption(&pr, ip, Option{IUV: in.IUV, Amount: in.Amount, Description: in.Description,
				DueDate: in.DueDate, Transfers: in.Transfers, Metadata: in.Metadata}, start)
			if seen[in.IUV] {
				pr.addf("%s.iuv duplicates another instalment", ip)
			}
			seen[in.IUV] = true
			if in.DueDate.After(maxDue) {
				maxDue = in.DueDate.Time
			}
		}
		if !o.RetentionDate.IsZero() && o.RetentionDate.Before(maxDue) {
			pr.addf("%s.retentionDate must not be before the last dueDate", path)
		}
	}
	return pr.err()
}

// CreatePositionV3 creates a v3 position with instalment plans (v3 createPosition). Like
// [Client.CreatePosition] it validates first and reads back instead of retrying after a 5xx.
func (c *Client) CreatePositionV3(ctx context.Context, p PositionV3, mode PublishMode) (*PositionV3, error) {
	if err := ValidatePositionV3(p, c.now()); err != nil {
		return nil, err
	}
	var out PositionV3
	err := c.call(ctx, "createPosition", http.MethodPost, c.orgPath(pathV3, "debtpositions"),
		publishQuery(mode), p.forRequest(), &out)
	if err == nil {
		return &out, nil
	}
	if !errors.Is(err, ErrServer) && !errors.Is(err, ErrTransport) {
		return nil, err
	}
	if got, gerr := c.GetPositionV3(ctx, p.IUPD); gerr == nil && len(got.PaymentOptions) == len(p.PaymentOptions) {
		return got, nil
	}
	return nil, err
}

// GetPositionV3 returns the v3 view of position iupd (v3 getOrganizationDebtPositionByIUPD).
func (c *Client) GetPositionV3(ctx context.Context, iupd string) (*PositionV3, error) {
	if err := checkIUPD(iupd); err != nil {
		return nil, err
	}
	var out PositionV3
	if err := c.call(ctx, "getOrganizationDebtPositionByIUPD", http.MethodGet,
		c.orgPath(pathV3, "debtpositions", iupd), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePositionV3 replaces a v3 position (v3 updatePosition).
func (c *Client) UpdatePositionV3(ctx context.Context, p PositionV3, mode PublishMode) (*PositionV3, error) {
	if err := ValidatePositionV3(p, c.now()); err != nil {
		return nil, err
	}
	var out PositionV3
	if err := c.call(ctx, "updatePosition", http.MethodPut, c.orgPath(pathV3, "debtpositions", p.IUPD),
		publishQuery(mode), p.forRequest(), &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePositionV3 deletes a position through the v3 API (v3 deletePosition).
func (c *Client) DeletePositionV3(ctx context.Context, iupd string) error {
	if err := checkIUPD(iupd); err != nil {
		return err
	}
	return c.call(ctx, "deletePosition", http.MethodDelete, c.orgPath(pathV3, "debtpositions", iupd), nil, nil, nil)
}

// PublishPositionV3 publishes a v3 draft (v3 publishPosition). v3 has no invalidate.
func (c *Client) PublishPositionV3(ctx context.Context, iupd string) (*PositionV3, error) {
	if err := checkIUPD(iupd); err != nil {
		return nil, err
	}
	var out PositionV3
	if err := c.call(ctx, "publishPosition", http.MethodPost, c.orgPath(pathV3, "debtpositions", iupd, "publish"), nil, nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// ListPositionsV3 iterates over the EC's positions in the v3 shape (v3 getOrganizationDebtPositions).
// opts.Status may be [StatusUnpayable] here; INVALID, EXPIRED and REPORTED do not exist in v3.
func (c *Client) ListPositionsV3(ctx context.Context, opts ListOptions) iter.Seq2[PositionV3, error] {
	return paginate(func(page int) ([]PositionV3, PageInfo, error) {
		q, err := opts.query(page)
		if err != nil {
			return nil, PageInfo{}, err
		}
		var out struct {
			List []PositionV3 `json:"payment_position_list"`
			Page PageInfo     `json:"page_info"`
		}
		if err := c.call(ctx, "getOrganizationDebtPositions", http.MethodGet, c.orgPath(pathV3, "debtpositions"), q, nil, &out); err != nil {
			return nil, PageInfo{}, err
		}
		return out.List, out.Page, nil
	})
}
