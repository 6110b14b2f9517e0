package fdr

import (
	"cmp"
	"context"
	"errors"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// UnknownFlow is the ReportedIn of a transfer whose store records that it was reported but not by
// which flow (a core transfer marked by [pagopa.Position.MarkReported], e.g. by GPD, with an empty
// [pagopa.Transfer.ReportedIn]). [Reconciler.Reconcile] counts such a line as matched, so
// re-running a flow stays harmless, but cannot tell an [AlreadyReported] duplicate from a re-run.
const UnknownFlow = "?"

// CoreStore adapts a core [pagopa.Store] to [Store]: paid options are the receipts, their
// transfers' status and [pagopa.Transfer.ReportedIn] are the reported mark. Each position is updated in its own atomic operation;
// marking is idempotent, so a failed [Reconciler.Reconcile] can simply be run again. Unreported
// is the core store's indexed [pagopa.Store.UnreportedTransfers] query.
type CoreStore struct {
	Store pagopa.Store
}

var _ Store = CoreStore{}

// Transfers implements [Store].
func (s CoreStore) Transfers(ctx context.Context, org string, keys []Key) (map[Key]Transfer, error) {
	out := make(map[Key]Transfer, len(keys))
	byIUV := groupByIUV(keys)
	for iuv, idxs := range byIUV {
		p, err := s.Store.PositionByIUV(ctx, org, pagopa.IUV(iuv))
		if errors.Is(err, pagopa.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		o, ok := p.Option(pagopa.IUV(iuv))
		if !ok || o.Status == pagopa.OptionUnpaid || o.Status == "" {
			continue
		}
		for _, t := range o.Transfers {
			if !containsInt(idxs, t.ID) {
				continue
			}
			tr := Transfer{Key: Key{IUV: iuv, Index: t.ID}, ReceiptID: o.ReceiptID, Amount: t.Amount, PaidAt: o.PaymentDate}
			if t.Status == pagopa.TransferReported {
				tr.ReportedIn = cmp.Or(t.ReportedIn, UnknownFlow)
			}
			out[tr.Key] = tr
		}
	}
	return out, nil
}

// MarkReported implements [Store] with [pagopa.Position.MarkReportedIn], one position at a time.
func (s CoreStore) MarkReported(ctx context.Context, org, flowID string, keys []Key, _ time.Time) error {
	for iuv, idxs := range groupByIUV(keys) {
		p, err := s.Store.PositionByIUV(ctx, org, pagopa.IUV(iuv))
		if err != nil {
			return err
		}
		_, err = s.Store.UpdatePosition(ctx, org, p.IUPD, func(p *pagopa.Position) error {
			for _, i := range idxs {
				if err := p.MarkReportedIn(pagopa.IUV(iuv), i, flowID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// Unreported implements [Store] with [pagopa.Store.UnreportedTransfers], which reads an index of
// the transfers awaiting a flow instead of every position of the EC.
func (s CoreStore) Unreported(ctx context.Context, org string, paidBefore time.Time) ([]Transfer, error) {
	ts, err := s.Store.UnreportedTransfers(ctx, org, paidBefore)
	if err != nil {
		return nil, err
	}
	out := make([]Transfer, len(ts))
	for i, t := range ts {
		out[i] = Transfer{Key: Key{IUV: string(t.IUV), Index: t.TransferID}, ReceiptID: t.ReceiptID, Amount: t.Amount, PaidAt: t.PaidAt}
	}
	return out, nil
}

func groupByIUV(keys []Key) map[string][]int {
	m := make(map[string][]int, len(keys))
	for _, k := range keys {
		m[k.IUV] = append(m[k.IUV], k.Index)
	}
	return m
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
