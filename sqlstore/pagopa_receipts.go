package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// storedReceipt is what RecordReceipt reads of an IUV's earlier receipts.
type storedReceipt struct {
	id, recipient, outcome string
	double                 bool
	seq                    int64
}

// RecordReceipt implements [pagopa.Store] in one transaction. Its first
// statement upserts the IUV's activation-lock row, which locks it until the
// end: concurrent receipts of one IUV (on any replica) take turns, and the
// lock row is deleted (the activation lock released) in the same
// transaction when r is stored. Apart from that it follows the steps of
// [pagopa.Store.RecordReceipt] exactly.
func (s *PagopaStore) RecordReceipt(ctx context.Context, r pagopa.Receipt, apply func(*pagopa.Position) error) (pagopa.Position, error) {
	org, iuv := r.OrganizationFiscalCode, string(r.IUV)
	var out pagopa.Position
	var result error // returned after a commit: ErrDoublePayment
	err := s.db.inTx(ctx, func(tx *sql.Tx) error {
		out, result = pagopa.Position{}, nil
		if _, err := tx.ExecContext(ctx, `INSERT INTO pagopa_locks (org, iuv, until_us) VALUES ($1, $2, 0)
			ON CONFLICT (org, iuv) DO UPDATE SET until_us = 0`, org, iuv); err != nil {
			return fmt.Errorf("sqlstore: record receipt %s: %w", r.ReceiptID, err)
		}
		stored, err := s.storedReceipts(ctx, tx, org, iuv)
		if err != nil {
			return err
		}
		var paid *storedReceipt
		double := false
		next := int64(1)
		for i := range stored {
			x := &stored[i]
			if x.id == r.ReceiptID && x.recipient == r.Recipient() {
				return fmt.Errorf("sqlstore: record receipt %s for iuv %s: %w", r.ReceiptID, r.IUV, pagopa.ErrReceiptDuplicate)
			}
			if paid == nil && x.outcome == pagopa.OutcomeOK && !x.double {
				paid = x
			}
			double = double || (x.double && x.id == r.ReceiptID)
			next = max(next, x.seq+1)
		}
		switch {
		case paid != nil && paid.id == r.ReceiptID:
			return s.storeReceipt(ctx, tx, r, next, false)
		case double || (paid != nil && r.Outcome == pagopa.OutcomeOK):
			result = fmt.Errorf("sqlstore: record receipt %s for iuv %s: paid by %s: %w", r.ReceiptID, r.IUV, paid.id, pagopa.ErrDoublePayment)
			return s.storeReceipt(ctx, tx, r, next, true)
		}
		if apply != nil {
			p, err := scanPosition(tx.QueryRowContext(ctx, `SELECT p.doc FROM pagopa_options o
				JOIN pagopa_positions p ON p.org = o.org AND p.iupd = o.iupd
				WHERE o.org = $1 AND o.iuv = $2`+s.db.forUpdate(), org, iuv))
			if err != nil {
				return fmt.Errorf("sqlstore: record receipt: position with iuv %s: %w", r.IUV, err)
			}
			out, err = s.save(ctx, tx, &p, apply)
			if errors.Is(err, pagopa.ErrAlreadyPaid) && r.Outcome == pagopa.OutcomeOK {
				out = pagopa.Position{}
				result = fmt.Errorf("sqlstore: record receipt %s for iuv %s: %w: %w", r.ReceiptID, r.IUV, pagopa.ErrDoublePayment, err)
				return s.storeReceipt(ctx, tx, r, next, true)
			}
			if err != nil {
				return err
			}
		}
		return s.storeReceipt(ctx, tx, r, next, false)
	})
	if err != nil {
		return pagopa.Position{}, err
	}
	return out, result
}

// storedReceipts reads the keys of the receipts of (org, iuv) in the order
// they were stored.
func (s *PagopaStore) storedReceipts(ctx context.Context, tx *sql.Tx, org, iuv string) ([]storedReceipt, error) {
	rows, err := tx.QueryContext(ctx, `SELECT receipt_id, recipient, outcome, double_payment, seq
		FROM pagopa_receipts WHERE org = $1 AND iuv = $2 ORDER BY seq`, org, iuv)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: receipts of iuv %s: %w", iuv, err)
	}
	defer rows.Close()
	var out []storedReceipt
	for rows.Next() {
		var x storedReceipt
		var double int
		if err := rows.Scan(&x.id, &x.recipient, &x.outcome, &double, &x.seq); err != nil {
			return nil, fmt.Errorf("sqlstore: receipts of iuv %s: %w", iuv, err)
		}
		x.double = double != 0
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: receipts of iuv %s: %w", iuv, err)
	}
	return out, nil
}

// storeReceipt inserts r as the seq-th receipt of its IUV and releases the
// IUV's activation lock.
func (s *PagopaStore) storeReceipt(ctx context.Context, tx *sql.Tx, r pagopa.Receipt, seq int64, double bool) error {
	r.DoublePayment = double
	doc, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("sqlstore: record receipt %s: %w", r.ReceiptID, err)
	}
	d := 0
	if double {
		d = 1
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pagopa_receipts
		(org, iuv, seq, receipt_id, recipient, outcome, double_payment, received_us, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		r.OrganizationFiscalCode, string(r.IUV), seq, r.ReceiptID, r.Recipient(), r.Outcome, d, micros(r.ReceivedAt), string(doc)); err != nil {
		return fmt.Errorf("sqlstore: record receipt %s: %w", r.ReceiptID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pagopa_locks WHERE org = $1 AND iuv = $2`,
		r.OrganizationFiscalCode, string(r.IUV)); err != nil {
		return fmt.Errorf("sqlstore: record receipt %s: %w", r.ReceiptID, err)
	}
	return nil
}

// Receipt implements [pagopa.Store].
func (s *PagopaStore) Receipt(ctx context.Context, org string, iuv pagopa.IUV) (pagopa.Receipt, error) {
	all, err := s.Receipts(ctx, org, iuv)
	if err != nil {
		return pagopa.Receipt{}, err
	}
	var ko *pagopa.Receipt
	for i, r := range all {
		switch {
		case r.Outcome == pagopa.OutcomeOK && !r.DoublePayment:
			return r, nil
		case r.Outcome == pagopa.OutcomeKO:
			ko = &all[i]
		}
	}
	if ko == nil {
		return pagopa.Receipt{}, fmt.Errorf("sqlstore: receipt for iuv %s: %w", iuv, pagopa.ErrNotFound)
	}
	return *ko, nil
}

// Receipts implements [pagopa.Store].
func (s *PagopaStore) Receipts(ctx context.Context, org string, iuv pagopa.IUV) ([]pagopa.Receipt, error) {
	out, err := s.queryReceipts(ctx, `SELECT doc FROM pagopa_receipts WHERE org = $1 AND iuv = $2 ORDER BY seq`, org, string(iuv))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: receipts of iuv %s: %w", iuv, err)
	}
	return out, nil
}

// DoublePayments implements [pagopa.Store] from a partial index on the
// double payments. since has microsecond precision.
func (s *PagopaStore) DoublePayments(ctx context.Context, org string, since time.Time) ([]pagopa.Receipt, error) {
	out, err := s.queryReceipts(ctx, `SELECT doc FROM pagopa_receipts
		WHERE recipient = $1 AND double_payment = 1 AND received_us >= $2
		ORDER BY received_us, receipt_id`, org, micros(since))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: double payments: %w", err)
	}
	return out, nil
}

// queryReceipts decodes the receipt documents q selects.
func (s *PagopaStore) queryReceipts(ctx context.Context, q string, args ...any) ([]pagopa.Receipt, error) {
	rows, err := s.db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []pagopa.Receipt{}
	for rows.Next() {
		var doc []byte
		if err := rows.Scan(&doc); err != nil {
			return nil, err
		}
		var r pagopa.Receipt
		if err := json.Unmarshal(doc, &r); err != nil {
			return nil, fmt.Errorf("decode receipt: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
