package gpd

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ListOptions filters and orders [Client.ListPositions]. Due-date and payment-date filters are
// mutually exclusive (GPD answers 400 otherwise, and caps the span of an interval).
type ListOptions struct {
	Status                         Status    // only positions in this status
	DueFrom, DueTo                 time.Time // civil dates (only the date part is sent)
	PaymentFrom, PaymentTo         time.Time // civil dates
	PaymentTimeFrom, PaymentTimeTo time.Time // instants (payment_date_time_from/to)
	OrderBy                        string    // INSERTED_DATE (default), IUPD, STATUS, COMPANY_NAME
	Descending                     *bool     // nil = GPD's default (DESC)
	PageSize                       int       // 1..50; 0 means 50
}

func (o ListOptions) query(page int) (url.Values, error) {
	dueSet := !o.DueFrom.IsZero() || !o.DueTo.IsZero()
	paySet := !o.PaymentFrom.IsZero() || !o.PaymentTo.IsZero() || !o.PaymentTimeFrom.IsZero() || !o.PaymentTimeTo.IsZero()
	if dueSet && paySet {
		return nil, fmt.Errorf("gpd: list positions: %w: due-date and payment-date filters are mutually exclusive", ErrInvalid)
	}
	size := o.PageSize
	if size <= 0 || size > 50 {
		size = 50
	}
	q := url.Values{"limit": {strconv.Itoa(size)}, "page": {strconv.Itoa(page)}}
	setDate := func(k string, t time.Time) {
		if !t.IsZero() {
			q.Set(k, t.Format(time.DateOnly))
		}
	}
	setDate("due_date_from", o.DueFrom)
	setDate("due_date_to", o.DueTo)
	setDate("payment_date_from", o.PaymentFrom)
	setDate("payment_date_to", o.PaymentTo)
	if !o.PaymentTimeFrom.IsZero() {
		q.Set("payment_date_time_from", o.PaymentTimeFrom.UTC().Format(time.RFC3339))
	}
	if !o.PaymentTimeTo.IsZero() {
		q.Set("payment_date_time_to", o.PaymentTimeTo.UTC().Format(time.RFC3339))
	}
	if o.Status != "" {
		q.Set("status", string(o.Status))
	}
	switch o.OrderBy {
	case "":
	case "INSERTED_DATE", "IUPD", "STATUS", "COMPANY_NAME":
		q.Set("orderby", o.OrderBy)
	default:
		return nil, fmt.Errorf("gpd: list positions: %w: orderby %q", ErrInvalid, o.OrderBy)
	}
	if o.Descending != nil {
		q.Set("ordering", map[bool]string{true: "DESC", false: "ASC"}[*o.Descending])
	}
	return q, nil
}

// ListPositionsPage returns one page (from 0) of the EC's positions (v1 getOrganizationDebtPositions).
func (c *Client) ListPositionsPage(ctx context.Context, opts ListOptions, page int) ([]Position, PageInfo, error) {
	q, err := opts.query(page)
	if err != nil {
		return nil, PageInfo{}, err
	}
	var out struct {
		List []Position `json:"payment_position_list"`
		Page PageInfo   `json:"page_info"`
	}
	if err := c.call(ctx, "getOrganizationDebtPositions", http.MethodGet, c.orgPath(pathV1, "debtpositions"), q, nil, &out); err != nil {
		return nil, PageInfo{}, err
	}
	return out.List, out.Page, nil
}

// ListPositions iterates over every position matching opts, fetching pages as it goes. It stops
// at the first error, which it yields once.
func (c *Client) ListPositions(ctx context.Context, opts ListOptions) iter.Seq2[Position, error] {
	return paginate(func(page int) ([]Position, PageInfo, error) {
		return c.ListPositionsPage(ctx, opts, page)
	})
}

// paginate turns a page fetcher into an iterator.
func paginate[T any](fetch func(page int) ([]T, PageInfo, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for page := 0; ; page++ {
			items, info, err := fetch(page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || page+1 >= info.TotalPages {
				return
			}
		}
	}
}
