package pagopa

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// awaitsReport reports whether o is paid and has a transfer no flow reported.
func awaitsReport(o *PaymentOption) bool {
	if o.Status != OptionPaid && o.Status != OptionPartiallyReported {
		return false
	}
	for _, t := range o.Transfers {
		if t.Status != TransferReported {
			return true
		}
	}
	return false
}

// reindex moves the options of a position from its version before a change
// to its version after it in the index of options awaiting a report; either
// may be nil (create, delete). s.mu must be held.
func (s *MemoryStore) reindex(before, after *Position) {
	if before != nil {
		m := s.unreported[before.OrganizationFiscalCode]
		for _, o := range before.Options {
			delete(m, o.IUV)
		}
	}
	if after == nil {
		return
	}
	for i := range after.Options {
		if !awaitsReport(&after.Options[i]) {
			continue
		}
		m := s.unreported[after.OrganizationFiscalCode]
		if m == nil {
			m = make(map[IUV]string)
			s.unreported[after.OrganizationFiscalCode] = m
		}
		m[after.Options[i].IUV] = after.IUPD
	}
}

// UnreportedTransfers implements [Store]. It reads only the options in the
// store's index of paid options awaiting a report, not every position.
func (s *MemoryStore) UnreportedTransfers(ctx context.Context, org string, paidBefore time.Time) ([]UnreportedTransfer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	var out []UnreportedTransfer
	for iuv, iupd := range s.unreported[org] {
		o, ok := s.positions[posKey{org, iupd}].Option(iuv)
		if !ok || !o.PaymentDate.Before(paidBefore) {
			continue
		}
		for _, t := range o.Transfers {
			if t.Status != TransferReported {
				out = append(out, UnreportedTransfer{IUPD: iupd, IUV: iuv, TransferID: t.ID, Amount: t.Amount,
					ReceiptID: o.ReceiptID, PaidAt: o.PaymentDate})
			}
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b UnreportedTransfer) int {
		return cmp.Or(a.PaidAt.Compare(b.PaidAt), cmp.Compare(a.IUV, b.IUV), cmp.Compare(a.TransferID, b.TransferID))
	})
	return out, nil
}
