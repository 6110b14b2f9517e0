package appio

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"iter"
	"net/http"
	"strings"

	"github.com/siopi/siopi/workday"
)

// Feed is one day of IO's subscriptions feed: the hashed fiscal codes (see
// [HashFiscalCode]) of the citizens who subscribed to or unsubscribed from
// this service on that UTC date.
type Feed struct {
	Date            string   `json:"dateUTC"`
	Subscriptions   []string `json:"subscriptions"`
	Unsubscriptions []string `json:"unsubscriptions"`
}

// HashFiscalCode is the feed's hash of a fiscal code:
// lower(hex(sha256(upper(code)))).
func HashFiscalCode(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(code))))
	return hex.EncodeToString(sum[:])
}

// SubscriptionsFeed returns the feed of one UTC date (IO operation
// getSubscriptionsFeedForDate, GET /subscriptions-feed/{date}). Access is
// granted by PagoPA case by case to large senders. A day not ready yet gives
// [ErrNotFound].
func (c *Client) SubscriptionsFeed(ctx context.Context, date workday.Date) (Feed, error) {
	if date.IsZero() {
		return Feed{}, fmt.Errorf("appio: subscriptions feed: %w", &FieldError{Field: "date", Reason: "required"})
	}
	var f Feed
	_, err := c.do(ctx, call{
		op: opFeed, method: http.MethodGet, path: "/subscriptions-feed/" + date.String(),
		class: retrySafe, out: &f, ok: []int{http.StatusOK},
	})
	if err != nil {
		return Feed{}, err
	}
	if f.Subscriptions == nil {
		f.Subscriptions = []string{}
	}
	if f.Unsubscriptions == nil {
		f.Unsubscriptions = []string{}
	}
	return f, nil
}

// SubscriptionsFeedRange iterates over the feed from one date to another,
// both included, one day at a time. It stops after the first error, which
// it yields (a day not ready yet matches [ErrNotFound]).
func (c *Client) SubscriptionsFeedRange(ctx context.Context, from, to workday.Date) iter.Seq2[Feed, error] {
	return func(yield func(Feed, error) bool) {
		for d := from; !d.After(to); d = d.AddDays(1) {
			f, err := c.SubscriptionsFeed(ctx, d)
			if err != nil {
				yield(Feed{}, fmt.Errorf("appio: subscriptions feed %s: %w", d, err))
				return
			}
			if !yield(f, nil) {
				return
			}
		}
	}
}
