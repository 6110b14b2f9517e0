package gpdtest

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
)

// all returns every position of org, refreshed at now.
func (f *Fake) all(ctx context.Context, org string) ([]pagopa.Position, error) {
	var out []pagopa.Position
	after := ""
	for {
		page, err := f.store.ListPositions(ctx, org, after, 500)
		if err != nil {
			return nil, err
		}
		for _, p := range page {
			p.Refresh(f.now())
			out = append(out, p)
		}
		if len(page) < 500 {
			return out, nil
		}
		after = page[len(page)-1].IUPD
	}
}

// list filters, orders and pages the positions of org as GPD's list endpoints do.
func (f *Fake) list(w http.ResponseWriter, r *http.Request, status func(pagopa.Position) string) ([]pagopa.Position, gpd.PageInfo, bool) {
	q, org := r.URL.Query(), r.PathValue("org")
	limit, err1 := strconv.Atoi(cmp.Or(q.Get("limit"), "10"))
	page, err2 := strconv.Atoi(cmp.Or(q.Get("page"), "0"))
	if err1 != nil || err2 != nil || limit < 1 || limit > 50 || page < 0 {
		writeProblem(w, http.StatusBadRequest, titleRequestData, "limit must be 1..50 and page ≥ 0")
		return nil, gpd.PageInfo{}, false
	}
	dueFrom, dueTo := dateParam(q.Get("due_date_from")), dateParam(q.Get("due_date_to"))
	payFrom, payTo := dateParam(q.Get("payment_date_from")), dateParam(q.Get("payment_date_to"))
	if (!dueFrom.IsZero() || !dueTo.IsZero()) && (!payFrom.IsZero() || !payTo.IsZero()) {
		writeProblem(w, http.StatusBadRequest, "The debt positions cannot be recovered", "due date and payment date filters are mutually exclusive")
		return nil, gpd.PageInfo{}, false
	}
	all, err := f.all(r.Context(), org)
	if err != nil {
		storeError(w, err, org, "")
		return nil, gpd.PageInfo{}, false
	}
	var sel []pagopa.Position
	for _, p := range all {
		if s := q.Get("status"); s != "" && status(p) != s {
			continue
		}
		if !inRange(p, dueFrom, dueTo, func(o pagopa.PaymentOption) time.Time { return o.DueDate }) ||
			!inRange(p, payFrom, payTo, func(o pagopa.PaymentOption) time.Time { return o.PaymentDate }) {
			continue
		}
		sel = append(sel, p)
	}
	key := func(p pagopa.Position) string {
		switch q.Get("orderby") {
		case "IUPD":
			return p.IUPD
		case "STATUS":
			return status(p)
		case "COMPANY_NAME":
			return p.CompanyName
		}
		return p.CreatedAt.UTC().Format(time.RFC3339Nano) + p.IUPD
	}
	slices.SortStableFunc(sel, func(a, b pagopa.Position) int { return cmp.Compare(key(a), key(b)) })
	if q.Get("ordering") != "ASC" {
		slices.Reverse(sel)
	}
	info := gpd.PageInfo{Page: page, Limit: limit, TotalPages: (len(sel) + limit - 1) / limit}
	lo, hi := min(page*limit, len(sel)), min((page+1)*limit, len(sel))
	info.ItemsFound = hi - lo
	return sel[lo:hi], info, true
}

func dateParam(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// inRange tells whether some option's date (civil date in Europe/Rome) is within [from, to].
func inRange(p pagopa.Position, from, to time.Time, date func(pagopa.PaymentOption) time.Time) bool {
	if from.IsZero() && to.IsZero() {
		return true
	}
	for _, o := range p.Options {
		d := date(o)
		if d.IsZero() {
			continue
		}
		civil, _ := time.Parse(time.DateOnly, pagopa.FormatDate(d))
		if (from.IsZero() || !civil.Before(from)) && (to.IsZero() || !civil.After(to)) {
			return true
		}
	}
	return false
}

func (f *Fake) listV1(w http.ResponseWriter, r *http.Request) {
	ps, info, ok := f.list(w, r, func(p pagopa.Position) string { return string(p.Status) })
	if !ok {
		return
	}
	out := make([]gpd.Position, len(ps))
	for i, p := range ps {
		out[i] = gpd.FromCore(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"payment_position_list": out, "page_info": info})
}
