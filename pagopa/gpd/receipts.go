package gpd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"net/url"
	"strconv"
	"strings"

	"github.com/siopi/siopi/fiscalcode"
	"github.com/siopi/siopi/pagopa"
)

// ReceiptQuery filters [Client.ListReceipts] (GET /payments/{org}/receipts).
type ReceiptQuery struct {
	Debtor           string   // debtor fiscal code
	Service          string   // service (taxonomy) filter
	From, To         string   // dates as GPD expects them (yyyy-MM-dd)
	SegregationCodes []string // two-digit codes
	DebtorOrIUV      string
	PageSize         int // 1..100; 0 means 100
}

// ReceiptSummary is one entry of the receipts list (GPD payments' ReceiptModelResponse). The
// OpenAPI document leaves its schema open, so the known fields are decoded and the whole object is
// kept in Raw.
type ReceiptSummary struct {
	OrganizationFiscalCode string          `json:"organizationFiscalCode"`
	IUV                    string          `json:"iuv"`
	Debtor                 string          `json:"debtor"`          // the debtor's fiscal code
	PaymentDateTime        string          `json:"paymentDateTime"` // as GPD formats it (LocalDateTime)
	Status                 string          `json:"status"`          // e.g. PAID, PARTIALLY_PAID
	Raw                    json.RawMessage `json:"-"`
}

// LogValue masks the debtor's fiscal code and omits Raw.
func (r ReceiptSummary) LogValue() slog.Value {
	return slog.GroupValue(slog.String("iuv", r.IUV), slog.String("debtor", fiscalcode.Mask(r.Debtor)), slog.String("status", r.Status))
}

// ListReceipts iterates over the EC's receipts (receipts API getOrganizationReceipts).
func (c *Client) ListReceipts(ctx context.Context, q ReceiptQuery) iter.Seq2[ReceiptSummary, error] {
	size := q.PageSize
	if size <= 0 || size > 100 {
		size = 100
	}
	return paginate(func(page int) ([]ReceiptSummary, PageInfo, error) {
		v := url.Values{"pageNum": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(size)}}
		for k, s := range map[string]string{"debtor": q.Debtor, "service": q.Service, "from": q.From, "to": q.To, "debtorOrIuv": q.DebtorOrIUV} {
			if s != "" {
				v.Set(k, s)
			}
		}
		if sc, err := segregation(q.SegregationCodes); err != nil {
			return nil, PageInfo{}, err
		} else if sc != "" {
			v.Set("segregationCodes", sc)
		}
		var out struct {
			Page       int               `json:"currentPageNumber"`
			TotalPages int               `json:"totalPages"`
			Results    []json.RawMessage `json:"results"`
		}
		r := c.request(ctx, c.rcptKey).SetQueryParamsFromValues(v)
		resp, err := r.Get(c.base + pathReceipts + "/payments/" + url.PathEscape(c.org) + "/receipts")
		if err != nil {
			return nil, PageInfo{}, &APIError{Op: "getOrganizationReceipts", Err: err, kind: ErrTransport}
		}
		if err := checkResponse("getOrganizationReceipts", resp.RawResponse, resp.Body()); err != nil {
			return nil, PageInfo{}, err
		}
		if err := json.Unmarshal(resp.Body(), &out); err != nil {
			return nil, PageInfo{}, decodeError("getOrganizationReceipts", err)
		}
		items := make([]ReceiptSummary, len(out.Results))
		for i, raw := range out.Results {
			if err := json.Unmarshal(raw, &items[i]); err != nil {
				return nil, PageInfo{}, decodeError("getOrganizationReceipts", err)
			}
			items[i].Raw = raw
		}
		return items, PageInfo{Page: out.Page, TotalPages: out.TotalPages}, nil
	})
}

// GetReceipt returns the XML of the receipt (paSendRT's ctReceipt as stored by GPD) of iuv
// (receipts API getReceiptByIUV).
func (c *Client) GetReceipt(ctx context.Context, iuv string, segregationCodes ...string) ([]byte, error) {
	if !iuvRe.MatchString(iuv) {
		return nil, fmt.Errorf("gpd: get receipt: %w: iuv must be 1..35 letters or digits", ErrInvalid)
	}
	r := c.request(ctx, c.rcptKey).SetHeader("Accept", "application/xml")
	if sc, err := segregation(segregationCodes); err != nil {
		return nil, err
	} else if sc != "" {
		r.SetQueryParam("segregationCodes", sc)
	}
	resp, err := r.Get(c.base + pathReceipts + "/payments/" + url.PathEscape(c.org) + "/receipts/" + url.PathEscape(iuv))
	if err != nil {
		return nil, &APIError{Op: "getReceiptByIUV", Err: err, kind: ErrTransport}
	}
	if err := checkResponse("getReceiptByIUV", resp.RawResponse, resp.Body()); err != nil {
		return nil, err
	}
	return resp.Body(), nil
}

// GetCoreReceipt returns the receipt of iuv (receipts API getReceiptByIUV) parsed by
// [ParseReceipt] into the core type. A body that does not parse is an [*APIError] of kind
// [ErrUnexpected] that also matches [ErrReceiptXML].
func (c *Client) GetCoreReceipt(ctx context.Context, iuv string, segregationCodes ...string) (pagopa.Receipt, error) {
	raw, err := c.GetReceipt(ctx, iuv, segregationCodes...)
	if err != nil {
		return pagopa.Receipt{}, err
	}
	r, err := ParseReceipt(bytes.NewReader(raw))
	if err != nil {
		return pagopa.Receipt{}, decodeError("getReceiptByIUV", err)
	}
	return r, nil
}

func segregation(codes []string) (string, error) {
	for _, c := range codes {
		if !digits(c, 2) {
			return "", fmt.Errorf("gpd: %w: segregation code %q must be 2 digits", ErrInvalid, c)
		}
	}
	return strings.Join(codes, ","), nil
}
