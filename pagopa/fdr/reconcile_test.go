package fdr_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/fdr"
)

const org = "01234567897"

var now = time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC)

func newReconciler(t testing.TB, s fdr.Store) *fdr.Reconciler {
	t.Helper()
	r, err := fdr.New(fdr.Config{Store: s, GraceDays: 10, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func paid(iuv string, idx int, amount pagopa.Amount, receipt string, at time.Time) fdr.Transfer {
	return fdr.Transfer{Key: fdr.Key{IUV: iuv, Index: idx}, Amount: amount, ReceiptID: receipt, PaidAt: at}
}

func kinds(rep []fdr.Anomaly) map[fdr.Kind]int {
	m := map[fdr.Kind]int{}
	for _, a := range rep {
		m[a.Kind]++
	}
	return m
}

func TestReconcileClean(t *testing.T) {
	t.Parallel()
	s := fdr.NewMemoryStore()
	day := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Add(org, paid("01000000001234519", 1, 11000, "rcpt-1", day), paid("01000000001234519", 2, 1050, "rcpt-1", day),
		paid("01000000000000188", 1, 1000, "rcpt-2", day))
	f, err := fdr.ParseXML(bytes.NewReader(readFlow(t)))
	if err != nil {
		t.Fatal(err)
	}
	r := newReconciler(t, s)
	for run := range 2 { // a second run on the same flow is harmless
		rep, err := r.Reconcile(t.Context(), f)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Matched != 3 || rep.MatchedAmount != 13050 || len(rep.Anomalies) != 0 {
			t.Fatalf("run %d: report %+v", run, rep)
		}
	}
	if od, _ := r.Overdue(t.Context(), org); len(od) != 0 {
		t.Errorf("overdue after reconciliation: %v", od)
	}
}

// TestAnomalies builds one flow with one line per anomaly kind.
func TestAnomalies(t *testing.T) {
	t.Parallel()
	s := fdr.NewMemoryStore()
	old := now.AddDate(0, 0, -15)
	recent := now.AddDate(0, 0, -2)
	s.Add(org,
		paid("IUVOK", 1, 1000, "R1", old),
		paid("IUVAMOUNT", 1, 2000, "R2", old),
		paid("IUVDUP", 1, 500, "R3", old),
		paid("IUVIUR", 1, 700, "R4", old),
		paid("IUVREVOKED", 1, 900, "R5", old),
		paid("IUVLATE", 1, 300, "R6", old),      // no flow after 15 days: missing_flow
		paid("IUVRECENT", 1, 400, "R7", recent), // within the grace period: not overdue
	)
	earlier := fdr.Transfer{Key: fdr.Key{IUV: "IUVOTHER", Index: 1}, Amount: 800, ReceiptID: "R8", PaidAt: old, ReportedIn: "FLOW-0"}
	s.Add(org, earlier)
	f := &fdr.Flow{ID: "FLOW-1", Receiver: org, TotalPayments: 99, TotalAmount: 1, Lines: []fdr.Line{
		{IUV: "IUVOK", IUR: "R1", Index: 1, Amount: 1000, Outcome: fdr.Executed},
		{IUV: "IUVAMOUNT", IUR: "R2", Index: 1, Amount: 2100, Outcome: fdr.Executed},
		{IUV: "IUVDUP", IUR: "R3", Index: 1, Amount: 500, Outcome: fdr.Executed},
		{IUV: "IUVDUP", IUR: "R3", Index: 1, Amount: 500, Outcome: fdr.Executed},
		{IUV: "IUVNORECEIPT", IUR: "RX", Index: 1, Amount: 100, Outcome: fdr.Executed},
		{IUV: "IUVIUR", IUR: "WRONG", Index: 1, Amount: 700, Outcome: fdr.Executed},
		{IUV: "IUVOTHER", IUR: "R8", Index: 1, Amount: 800, Outcome: fdr.Executed},
		{IUV: "IUVREVOKED", IUR: "R5", Index: 1, Amount: 900, Outcome: fdr.Revoked},
	}}
	r := newReconciler(t, s)
	rep, err := r.Reconcile(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	got := kinds(rep.Anomalies)
	want := map[fdr.Kind]int{fdr.TotalsMismatch: 1, fdr.AmountMismatch: 1, fdr.DuplicateLine: 1, fdr.MissingReceipt: 1,
		fdr.IURMismatch: 1, fdr.AlreadyReported: 1, fdr.RevokedLine: 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("anomalies %v, want %v", got, want)
	}
	if rep.Matched != 3 { // IUVOK, IUVDUP once, IUVIUR
		t.Errorf("matched %d, want 3", rep.Matched)
	}
	for _, a := range rep.Anomalies {
		if a.Kind == fdr.AmountMismatch && (a.Expected != 2000 || a.Got != 2100) {
			t.Errorf("amount mismatch %+v", a)
		}
	}
	// What was marked: matched lines only.
	st, _ := s.Transfers(t.Context(), org, []fdr.Key{{"IUVOK", 1}, {"IUVAMOUNT", 1}, {"IUVIUR", 1}, {"IUVOTHER", 1}, {"IUVREVOKED", 1}})
	for k, wantFlow := range map[string]string{"IUVOK": "FLOW-1", "IUVAMOUNT": "", "IUVIUR": "FLOW-1", "IUVOTHER": "FLOW-0", "IUVREVOKED": ""} {
		if st[fdr.Key{IUV: k, Index: 1}].ReportedIn != wantFlow {
			t.Errorf("%s reported in %q, want %q", k, st[fdr.Key{IUV: k, Index: 1}].ReportedIn, wantFlow)
		}
	}
	od, err := r.Overdue(t.Context(), org)
	if err != nil {
		t.Fatal(err)
	}
	var late []string
	for _, a := range od {
		if a.Kind != fdr.MissingFlow {
			t.Errorf("overdue kind %s", a.Kind)
		}
		late = append(late, a.Key.IUV)
	}
	// IUVAMOUNT and IUVREVOKED stay unreported too, so they are overdue as well.
	if fmt.Sprint(late) != "[IUVAMOUNT IUVLATE IUVREVOKED]" {
		t.Errorf("overdue %v", late)
	}
}

type failingStore struct{ fdr.Store }

func (failingStore) Transfers(context.Context, string, []fdr.Key) (map[fdr.Key]fdr.Transfer, error) {
	return nil, errors.New("db down")
}

func TestReconcileStoreError(t *testing.T) {
	t.Parallel()
	r := newReconciler(t, failingStore{fdr.NewMemoryStore()})
	if _, err := r.Reconcile(t.Context(), &fdr.Flow{ID: "F", Lines: []fdr.Line{{IUV: "X", Index: 1, Amount: 1}}}); err == nil {
		t.Fatal("no error from a failing store")
	}
}

func TestCredit(t *testing.T) {
	t.Parallel()
	f := &fdr.Flow{ID: "2026-03-02PSPITMMXXX-0001", TotalAmount: 13050}
	cases := []struct {
		causale string
		amount  pagopa.Amount
		ok      bool
	}{
		{"/PUR/LGPE-RIVERSAMENTO/URI/2026-03-02PSPITMMXXX-0001", 13050, true},
		{"BONIFICO /pur/lgpe-riversamento/uri/2026-03-02PSPITMMXXX-0001 DEL 02/03", 13050, true},
		{"/PUR/LGPE-RIVERSAMENTO/URI/2026-03-02PSPITMMXXX-0001", 13000, false},
		{"/PUR/LGPE-RIVERSAMENTO/URI/2026-03-02PSPITMMXXX-0002", 13050, false},
		{"RIVERSAMENTO PAGOPA", 13050, false},
	}
	for _, tc := range cases {
		err := fdr.MatchCredit(fdr.Credit{Causale: tc.causale, Amount: tc.amount}, f)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, fdr.ErrCreditMismatch)) {
			t.Errorf("MatchCredit(%q, %d) = %v", tc.causale, tc.amount, err)
		}
	}
	if id, ok := fdr.FlowIDFromCausale("/PUR/LGPE-RIVERSAMENTO/URI/ABC_1-2 rest"); !ok || id != "ABC_1-2" {
		t.Errorf("FlowIDFromCausale = %q, %v", id, ok)
	}
}

// BenchmarkReconcile reconciles a 10,000-line flow against 1,000,000 stored receipt transfers.
func BenchmarkReconcile(b *testing.B) {
	const stored, lines = 1_000_000, 10_000
	ts := make([]fdr.Transfer, stored)
	for i := range ts {
		ts[i] = paid(fmt.Sprintf("01%015d", i), 1, 1000, fmt.Sprintf("R%d", i), now.AddDate(0, 0, -1))
	}
	fresh := func() *fdr.MemoryStore { s := fdr.NewMemoryStore(); s.Add(org, ts...); return s }
	s := fresh()
	mk := func(n int) *fdr.Flow {
		f := &fdr.Flow{ID: fmt.Sprintf("FLOW-%d", n), Receiver: org, TotalPayments: lines, TotalAmount: lines * 1000}
		for i := range lines {
			j := (n*lines + i) % stored
			f.Lines = append(f.Lines, fdr.Line{IUV: fmt.Sprintf("01%015d", j), IUR: fmt.Sprintf("R%d", j), Index: 1, Amount: 1000, Outcome: fdr.Executed})
		}
		return f
	}
	r := newReconciler(b, s)
	n := 0
	for b.Loop() {
		b.StopTimer()
		if n > 0 && n*lines%stored == 0 { // every receipt is reported: start again on fresh ones
			s = fresh()
			r = newReconciler(b, s)
		}
		f := mk(n) // a fresh flow each time so every line is marked
		n++
		b.StartTimer()
		rep, err := r.Reconcile(b.Context(), f)
		if err != nil || rep.Matched != lines {
			b.Fatalf("matched %d, %v; report %+v", rep.Matched, err, rep.Anomalies[:min(3, len(rep.Anomalies))])
		}
	}
}
