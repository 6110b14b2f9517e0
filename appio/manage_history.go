package appio

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
)

const (
	opCmsHistory    = "cmsGetServiceHistory"
	historyPageSize = 100
)

// ServiceHistory iterates over a service's history, newest first unless
// ascending (IO operation cmsGetServiceHistory, GET
// /manage/services/{serviceId}/history), following continuation tokens in
// pages of 100. Each item's Status has Kind "lifecycle" or "publication".
// It stops after the first error, which it yields.
func (c *Client) ServiceHistory(ctx context.Context, id string, ascending bool) iter.Seq2[Service, error] {
	return func(yield func(Service, error) bool) {
		order := "DESC"
		if ascending {
			order = "ASC"
		}
		token := ""
		for {
			q := url.Values{"order": {order}, "limit": {strconv.Itoa(historyPageSize)}}
			if token != "" {
				q.Set("continuationToken", token)
			}
			var page struct {
				ContinuationToken string        `json:"continuationToken"`
				Items             []wireService `json:"items"`
			}
			err := c.manage(ctx, call{op: opCmsHistory, method: http.MethodGet, path: servicePath(id, "/history"), query: q, out: &page})
			if err != nil {
				yield(Service{}, err)
				return
			}
			for _, s := range page.Items {
				if !yield(s.service(), nil) {
					return
				}
			}
			if page.ContinuationToken == "" || len(page.Items) == 0 {
				return
			}
			token = page.ContinuationToken
		}
	}
}
