package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// unreportedRows lists the transfers of p's paid options (PO_PAID or
// PO_PARTIALLY_REPORTED) that no flow reported yet: the rows of the
// pagopa_unreported index.
func unreportedRows(p *pagopa.Position) []pagopa.UnreportedTransfer {
	if p == nil {
		return nil
	}
	var out []pagopa.UnreportedTransfer
	for _, o := range p.Options {
		if o.Status != pagopa.OptionPaid && o.Status != pagopa.OptionPartiallyReported {
			continue
		}
		for _, t := range o.Transfers {
			if t.Status != pagopa.TransferReported {
				out = append(out, pagopa.UnreportedTransfer{IUPD: p.IUPD, IUV: o.IUV, TransferID: t.ID,
					Amount: t.Amount, ReceiptID: o.ReceiptID, PaidAt: o.PaymentDate})
			}
		}
	}
	return out
}

// reindex moves a position's rows in the index of unreported transfers from
// its version before a change to the version after it; either may be nil
// (create, delete). Nothing is written when the rows do not change, the
// common case.
func (s *PagopaStore) reindex(ctx context.Context, tx *sql.Tx, before, after *pagopa.Position) error {
	was, now := unreportedRows(before), unreportedRows(after)
	if slices.EqualFunc(was, now, func(a, b pagopa.UnreportedTransfer) bool {
		return a.IUV == b.IUV && a.TransferID == b.TransferID && a.Amount == b.Amount && a.ReceiptID == b.ReceiptID && a.PaidAt.Equal(b.PaidAt)
	}) {
		return nil
	}
	var iuvs []pagopa.IUV
	for _, r := range was {
		if !slices.Contains(iuvs, r.IUV) {
			iuvs = append(iuvs, r.IUV)
		}
	}
	org := before
	if org == nil {
		org = after
	}
	for _, iuv := range iuvs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM pagopa_unreported WHERE org = $1 AND iuv = $2`,
			org.OrganizationFiscalCode, string(iuv)); err != nil {
			return fmt.Errorf("sqlstore: index unreported transfers of %s: %w", org.IUPD, err)
		}
	}
	for _, r := range now {
		if _, err := tx.ExecContext(ctx, `INSERT INTO pagopa_unreported (org, iuv, transfer_id, iupd, amount, receipt_id, paid_us)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			org.OrganizationFiscalCode, string(r.IUV), r.TransferID, r.IUPD, int64(r.Amount), r.ReceiptID, micros(r.PaidAt)); err != nil {
			return fmt.Errorf("sqlstore: index unreported transfers of %s: %w", org.IUPD, err)
		}
	}
	return nil
}

// UnreportedTransfers implements [pagopa.Store] from the index of
// unreported transfers (org, paid_us, iuv, transfer_id): its cost follows
// the transfers awaiting a flow, not the number of positions. PaidAt has
// microsecond precision.
func (s *PagopaStore) UnreportedTransfers(ctx context.Context, org string, paidBefore time.Time) ([]pagopa.UnreportedTransfer, error) {
	rows, err := s.db.read.QueryContext(ctx, `SELECT iupd, iuv, transfer_id, amount, receipt_id, paid_us
		FROM pagopa_unreported WHERE org = $1 AND paid_us < $2 ORDER BY paid_us, iuv, transfer_id`,
		org, micros(paidBefore))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: unreported transfers: %w", err)
	}
	defer rows.Close()
	var out []pagopa.UnreportedTransfer
	for rows.Next() {
		var u pagopa.UnreportedTransfer
		var iuv string
		var amount, paid int64
		if err := rows.Scan(&u.IUPD, &iuv, &u.TransferID, &amount, &u.ReceiptID, &paid); err != nil {
			return nil, fmt.Errorf("sqlstore: unreported transfers: %w", err)
		}
		u.IUV, u.Amount, u.PaidAt = pagopa.IUV(iuv), pagopa.Amount(amount), time.UnixMicro(paid).UTC()
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: unreported transfers: %w", err)
	}
	return out, nil
}
