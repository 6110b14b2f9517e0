package fdr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/siopi/siopi/internal/retry"

	"github.com/siopi/siopi/pagopa"
)

// ProductionBaseURL is the host of the FdR 3 organisation API; the client appends pathPrefix.
const ProductionBaseURL = "https://api.platform.pagopa.it"

const pathPrefix = "/fdr-org/service/v1"

// ClientConfig configures a [Client]. Zero optional fields are defaults.
type ClientConfig struct {
	SubscriptionKey        string // Ocp-Apim-Subscription-Key; required
	OrganizationFiscalCode string // the EC whose flows are read; required
	BaseURL                string // scheme and host; empty means ProductionBaseURL
	HTTPClient             *http.Client
	MaxRetries             int           // 0 means 3; negative disables retries
	RetryWaitMin           time.Duration // 0 means 500 ms
	RetryWaitMax           time.Duration // 0 means 10 s
	Logger                 *slog.Logger  // receives debug records of retries; nil discards them
}

// Client reads published reporting flows from the FdR 3 REST API (fdr_organization.json). Every
// call is a GET, retried on transport errors, 429 and 5xx.
type Client struct {
	rest *resty.Client
	base string
	key  string
	org  string
}

// NewClient returns an FdR 3 client.
func NewClient(cfg ClientConfig) (*Client, error) {
	if strings.TrimSpace(cfg.SubscriptionKey) == "" || strings.TrimSpace(cfg.OrganizationFiscalCode) == "" {
		return nil, errors.New("fdr: config: subscription key and organization fiscal code are required")
	}
	base := cfg.BaseURL
	if base == "" {
		base = ProductionBaseURL
	}
	if u, err := url.Parse(base); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("fdr: config: base url %q", base)
	}
	inner := cfg.HTTPClient
	if inner == nil {
		inner = &http.Client{Timeout: 60 * time.Second}
	}
	rc := retry.New(retry.Config{
		HTTPClient: inner,
		Policy:     retry.Policy{Max: cfg.MaxRetries, WaitMin: cfg.RetryWaitMin, WaitMax: cfg.RetryWaitMax},
		Default:    retry.Policy{Max: 3, WaitMin: 500 * time.Millisecond, WaitMax: 10 * time.Second},
		CheckRetry: checkRetry,
		Logger:     cfg.Logger,
		Name:       "fdr",
	})
	rest := resty.NewWithClient(rc.StandardClient()).SetRetryCount(0).SetLogger(nopLogger{}).
		SetResponseBodyLimit(64<<20).SetHeader("Accept", "application/json")
	return &Client{rest: rest, base: strings.TrimRight(base, "/") + pathPrefix, key: cfg.SubscriptionKey, org: cfg.OrganizationFiscalCode}, nil
}

// checkRetry retries GETs (the only method used) on transport errors, 429 and 5xx but 501.
func checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if err != nil {
		return true, nil
	}
	if resp.Request != nil && resp.Request.Method != http.MethodGet {
		return resp.StatusCode == http.StatusTooManyRequests, nil
	}
	return resp.StatusCode == http.StatusTooManyRequests || (resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented), nil
}

type nopLogger struct{}

func (nopLogger) Errorf(string, ...any) {}
func (nopLogger) Warnf(string, ...any)  {}
func (nopLogger) Debugf(string, ...any) {}

// FlowRef identifies a published flow.
type FlowRef struct {
	ID        string    `json:"fdr"`
	PSP       string    `json:"pspId"`
	Revision  int64     `json:"revision"`
	Published time.Time `json:"published"`
	FlowDate  time.Time `json:"flowDate"`
}

// ListOptions filters [Client.Flows].
type ListOptions struct {
	PSP            string    // only flows of this PSP
	PublishedAfter time.Time // publishedGt
	FlowDate       time.Time // flowDate
	PageSize       int       // 1..1000; 0 means 1000
}

type pageMeta struct {
	PageNumber int `json:"pageNumber"`
	TotPage    int `json:"totPage"`
}

// Flows iterates over the EC's published flows (IOrganizationsController_getAllPublishedFlows).
func (c *Client) Flows(ctx context.Context, o ListOptions) iter.Seq2[FlowRef, error] {
	size := o.PageSize
	if size <= 0 || size > 1000 {
		size = 1000
	}
	return func(yield func(FlowRef, error) bool) {
		for page := 1; ; page++ {
			q := url.Values{"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(size)}}
			if o.PSP != "" {
				q.Set("pspId", o.PSP)
			}
			if !o.PublishedAfter.IsZero() {
				q.Set("publishedGt", o.PublishedAfter.UTC().Format(time.RFC3339))
			}
			if !o.FlowDate.IsZero() {
				q.Set("flowDate", o.FlowDate.UTC().Format(time.RFC3339))
			}
			var out struct {
				Metadata pageMeta  `json:"metadata"`
				Data     []FlowRef `json:"data"`
			}
			if err := c.get(ctx, "getAllPublishedFlows", "/organizations/"+url.PathEscape(c.org)+"/fdrs", q, &out); err != nil {
				yield(FlowRef{}, err)
				return
			}
			for _, f := range out.Data {
				if !yield(f, nil) {
					return
				}
			}
			if len(out.Data) == 0 || page >= out.Metadata.TotPage {
				return
			}
		}
	}
}

func (c *Client) flowPath(ref FlowRef) string {
	return fmt.Sprintf("/organizations/%s/fdrs/%s/revisions/%d/psps/%s",
		url.PathEscape(c.org), url.PathEscape(ref.ID), ref.Revision, url.PathEscape(ref.PSP))
}

// Flow returns the flow ref with every line (IOrganizationsController_getSinglePublishedFlow, then
// getPaymentsFromPublishedFlow page by page).
func (c *Client) Flow(ctx context.Context, ref FlowRef) (*Flow, error) {
	if ref.ID == "" || ref.PSP == "" || ref.Revision < 1 {
		return nil, errors.New("fdr: flow: id, psp and revision ≥ 1 are required")
	}
	var h struct {
		Revision       int64     `json:"revision"`
		FdR            string    `json:"fdr"`
		FdRDate        time.Time `json:"fdrDate"`
		Regulation     string    `json:"regulation"`
		RegulationDate string    `json:"regulationDate"`
		BIC            string    `json:"bicCodePouringBank"`
		Sender         struct {
			PSPID   string `json:"pspId"`
			PSPName string `json:"pspName"`
		} `json:"sender"`
		Receiver struct {
			OrganizationID   string `json:"organizationId"`
			OrganizationName string `json:"organizationName"`
		} `json:"receiver"`
		TotPayments int64       `json:"totPayments"`
		SumPayments json.Number `json:"sumPayments"`
	}
	if err := c.get(ctx, "getSinglePublishedFlow", c.flowPath(ref), nil, &h); err != nil {
		return nil, err
	}
	f := &Flow{ID: h.FdR, Revision: h.Revision, Date: h.FdRDate.UTC(), Regulation: h.Regulation, BIC: h.BIC,
		PSP: h.Sender.PSPID, PSPName: h.Sender.PSPName, Receiver: h.Receiver.OrganizationID,
		ReceiverName: h.Receiver.OrganizationName, TotalPayments: int(h.TotPayments)}
	var err error
	if f.RegulationDate, err = time.Parse(time.DateOnly, h.RegulationDate); err != nil && h.RegulationDate != "" {
		return nil, fmt.Errorf("fdr: flow %s: regulationDate %q", ref.ID, h.RegulationDate)
	}
	if f.TotalAmount, err = amountOf(h.SumPayments); err != nil {
		return nil, fmt.Errorf("fdr: flow %s: sumPayments: %w", ref.ID, err)
	}
	for l, err := range c.Lines(ctx, ref) {
		if err != nil {
			return nil, err
		}
		f.Lines = append(f.Lines, l)
	}
	return f, nil
}

// Lines iterates over the lines of flow ref (IOrganizationsController_getPaymentsFromPublishedFlow).
func (c *Client) Lines(ctx context.Context, ref FlowRef) iter.Seq2[Line, error] {
	return func(yield func(Line, error) bool) {
		for page := 1; ; page++ {
			var out struct {
				Metadata pageMeta `json:"metadata"`
				Data     []struct {
					IUV        string      `json:"iuv"`
					IUR        string      `json:"iur"`
					IDTransfer int         `json:"idTransfer"`
					Pay        json.Number `json:"pay"`
					PayStatus  string      `json:"payStatus"`
					PayDate    time.Time   `json:"payDate"`
				} `json:"data"`
			}
			q := url.Values{"page": {strconv.Itoa(page)}, "size": {"1000"}}
			if err := c.get(ctx, "getPaymentsFromPublishedFlow", c.flowPath(ref)+"/payments", q, &out); err != nil {
				yield(Line{}, err)
				return
			}
			for _, p := range out.Data {
				a, err := amountOf(p.Pay)
				if err != nil || p.IDTransfer < 1 || p.IDTransfer > 5 {
					yield(Line{}, &APIError{Op: "getPaymentsFromPublishedFlow", Err: fmt.Errorf("bad payment %s/%d", p.IUV, p.IDTransfer), kind: ErrUnexpected})
					return
				}
				if !yield(Line{IUV: p.IUV, IUR: p.IUR, Index: p.IDTransfer, Amount: a, Outcome: Outcome(p.PayStatus), Date: p.PayDate.UTC()}, nil) {
					return
				}
			}
			if len(out.Data) == 0 || page >= out.Metadata.TotPage {
				return
			}
		}
	}
}

// amountOf converts a JSON decimal number of euros (10, 10.5, 10.50) to cents exactly.
func amountOf(n json.Number) (pagopa.Amount, error) {
	s := n.String()
	if s == "" {
		return 0, nil
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("amount %q", s)
		}
		return pagopa.Amount(math.Round(f * 100)), nil
	}
	units, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 {
		return 0, fmt.Errorf("amount %q has more than 2 decimals", s)
	}
	return pagopa.ParseAmount(units + "." + (frac + "00")[:2])
}
