package fdr

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// Transfer is a paid transfer as the reconciler sees it: one transfer of an option for which a
// receipt was stored.
type Transfer struct {
	Key
	ReceiptID  string        // the receipt's id, compared with the flow line's IUR
	Amount     pagopa.Amount // the transfer amount in the receipt
	PaidAt     time.Time
	ReportedIn string // ID of the flow that reported it; empty while unreported
}

// Store is what reconciliation needs from the receipt store. It is a consumer-side interface: the
// core pagopa store, a SQL store or [MemoryStore] can back it. Implementations must be safe for
// concurrent use; a SQL store implements each method as one statement or transaction.
type Store interface {
	// Transfers returns the stored paid transfers of org among keys; absent keys are missing
	// from the map. It is called once per flow with every key of the flow.
	Transfers(ctx context.Context, org string, keys []Key) (map[Key]Transfer, error)
	// MarkReported records atomically that the transfers keys of org were reported in flowID.
	MarkReported(ctx context.Context, org, flowID string, keys []Key, at time.Time) error
	// Unreported returns the paid transfers of org that no flow reported and that were paid
	// before paidBefore.
	Unreported(ctx context.Context, org string, paidBefore time.Time) ([]Transfer, error)
}

// Kind is the kind of an [Anomaly].
type Kind string

// Anomaly kinds.
const (
	MissingFlow     Kind = "missing_flow"     // a receipt no flow reported after the grace period
	MissingReceipt  Kind = "missing_receipt"  // a flow line with no stored receipt
	AmountMismatch  Kind = "amount_mismatch"  // line amount ≠ receipt transfer amount (not marked reported)
	DuplicateLine   Kind = "duplicate_line"   // the same IUV and index twice in one flow
	AlreadyReported Kind = "already_reported" // the transfer was reported by another flow
	IURMismatch     Kind = "iur_mismatch"     // the line's IUR differs from the receipt id (still marked)
	TotalsMismatch  Kind = "totals_mismatch"  // header totals differ from the lines
	RevokedLine     Kind = "revoked"          // a line with outcome REVOKED (not marked)
)

// Anomaly is one problem found while reconciling, for an operator to look at.
type Anomaly struct {
	Kind     Kind
	FlowID   string
	Key      Key           // the transfer concerned (zero for TotalsMismatch)
	IUR      string        // the flow line's IUR, if any
	Expected pagopa.Amount // receipt amount, or declared total
	Got      pagopa.Amount // flow line amount, or computed total
	Detail   string
}

// Report is the outcome of reconciling one flow.
type Report struct {
	FlowID        string
	Lines         int           // lines in the flow
	Matched       int           // lines matched to a receipt and marked reported (re-runs included)
	MatchedAmount pagopa.Amount // sum of the matched lines
	Anomalies     []Anomaly
}

// Config configures a [Reconciler].
type Config struct {
	Store Store // required
	// GraceDays is how many calendar days a paid transfer may wait for its flow before
	// [Reconciler.Overdue] reports it; 0 means 10 (PSPs publish flows by D+2 working days).
	GraceDays int
	Now       func() time.Time // nil means time.Now
	Logger    *slog.Logger     // nil discards
}

// Reconciler matches flows to stored receipts.
type Reconciler struct {
	store Store
	grace int
	now   func() time.Time
	log   *slog.Logger
}

// New returns a reconciler.
func New(cfg Config) (*Reconciler, error) {
	if cfg.Store == nil {
		return nil, errors.New("fdr: config: store is required")
	}
	r := &Reconciler{store: cfg.Store, grace: cfg.GraceDays, now: cfg.Now, log: cfg.Logger}
	if r.grace <= 0 {
		r.grace = 10
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

// Reconcile matches each line of f, by IUV and transfer index, to the stored receipts of the EC
// f.Receiver, marks the matched transfers reported in f (one Store call), and reports the
// anomalies. Running it twice on the same flow is harmless: lines already reported in f count as
// matched again.
func (r *Reconciler) Reconcile(ctx context.Context, f *Flow) (*Report, error) {
	rep := &Report{FlowID: f.ID, Lines: len(f.Lines)}
	if f.TotalPayments != len(f.Lines) || f.TotalAmount != f.Sum() {
		rep.add(Anomaly{Kind: TotalsMismatch, FlowID: f.ID, Expected: f.TotalAmount, Got: f.Sum(),
			Detail: fmt.Sprintf("declared %d lines, found %d", f.TotalPayments, len(f.Lines))})
	}
	keys := make([]Key, 0, len(f.Lines))
	first := make(map[Key]int, len(f.Lines))
	for i, l := range f.Lines {
		if _, dup := first[l.Key()]; dup {
			rep.add(Anomaly{Kind: DuplicateLine, FlowID: f.ID, Key: l.Key(), IUR: l.IUR, Got: l.Amount})
			continue
		}
		first[l.Key()] = i
		keys = append(keys, l.Key())
	}
	stored, err := r.store.Transfers(ctx, f.Receiver, keys)
	if err != nil {
		return nil, fmt.Errorf("fdr: reconcile %s: %w", f.ID, err)
	}
	mark := make([]Key, 0, len(keys))
	for _, k := range keys {
		l := f.Lines[first[k]]
		a := Anomaly{FlowID: f.ID, Key: k, IUR: l.IUR, Got: l.Amount}
		t, ok := stored[k]
		switch {
		case l.Outcome == Revoked:
			a.Kind = RevokedLine
			rep.add(a)
			continue
		case !ok:
			a.Kind = MissingReceipt
			rep.add(a)
			continue
		case t.Amount != l.Amount:
			a.Kind, a.Expected = AmountMismatch, t.Amount
			rep.add(a)
			continue
		case t.ReportedIn != "" && t.ReportedIn != f.ID && t.ReportedIn != UnknownFlow:
			a.Kind, a.Expected, a.Detail = AlreadyReported, t.Amount, "reported in "+t.ReportedIn
			rep.add(a)
			continue
		}
		if t.ReceiptID != "" && t.ReceiptID != l.IUR {
			a.Kind, a.Expected, a.Detail = IURMismatch, t.Amount, "receipt "+t.ReceiptID
			rep.add(a)
		}
		rep.Matched++
		rep.MatchedAmount += l.Amount
		if t.ReportedIn == "" {
			mark = append(mark, k)
		}
	}
	if len(mark) > 0 {
		if err := r.store.MarkReported(ctx, f.Receiver, f.ID, mark, r.now()); err != nil {
			return nil, fmt.Errorf("fdr: reconcile %s: mark reported: %w", f.ID, err)
		}
	}
	r.log.InfoContext(ctx, "fdr: flow reconciled", "flow", f.ID, "lines", rep.Lines, "matched", rep.Matched, "anomalies", len(rep.Anomalies))
	return rep, nil
}

func (rep *Report) add(a Anomaly) { rep.Anomalies = append(rep.Anomalies, a) }

// Overdue reports, as [MissingFlow] anomalies, the paid transfers of org that no flow has reported
// although they were paid more than the grace period ago, oldest first.
func (r *Reconciler) Overdue(ctx context.Context, org string) ([]Anomaly, error) {
	cutoff := r.now().AddDate(0, 0, -r.grace)
	ts, err := r.store.Unreported(ctx, org, cutoff)
	if err != nil {
		return nil, fmt.Errorf("fdr: overdue: %w", err)
	}
	slices.SortFunc(ts, func(a, b Transfer) int {
		return cmp.Or(a.PaidAt.Compare(b.PaidAt), cmp.Compare(a.IUV, b.IUV), cmp.Compare(a.Index, b.Index))
	})
	out := make([]Anomaly, len(ts))
	for i, t := range ts {
		out[i] = Anomaly{Kind: MissingFlow, Key: t.Key, Expected: t.Amount,
			Detail: "paid " + t.PaidAt.UTC().Format(time.DateOnly)}
	}
	return out, nil
}
