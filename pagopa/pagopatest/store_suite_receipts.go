package pagopatest

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// secondEC is a second creditor body (a co-beneficiary of a transfer) in the
// store suite.
const secondEC = "02438750586"

// testStoreReceipts is the receipts part of [TestStore].
func testStoreReceipts(t *testing.T,
	run func(string, func(*testing.T, pagopa.Store)),
	create func(*testing.T, pagopa.Store, pagopa.Position) pagopa.Position,
	valid func(int64) pagopa.Position,
	nav func(int64) pagopa.NoticeNumber,
) {
	t.Helper()
	t0 := time.Now().UTC().Truncate(time.Second)
	receipt := func(n pagopa.NoticeNumber, id string) pagopa.Receipt {
		return pagopa.Receipt{ReceiptID: id, NoticeNumber: n, OrganizationFiscalCode: Organization, Outcome: pagopa.OutcomeOK,
			IUV: n.IUV(), Amount: 1000, PSP: DefaultPSP, Transfers: []pagopa.ReceiptTransfer{{ID: 1, Amount: 1000, MBDAttachment: []byte("x")}},
			ReceivedAt: t0}
	}
	markPaid := func(r pagopa.Receipt) func(*pagopa.Position) error {
		return func(p *pagopa.Position) error { return p.MarkPaid(r.IUV, r.ReceiptID, r.ReceivedAt) }
	}
	ids := func(rs []pagopa.Receipt) string {
		var s string
		for _, r := range rs {
			s += fmt.Sprintf("[%s %s %s double=%t]", r.ReceiptID, r.Recipient(), r.Outcome, r.DoublePayment)
		}
		return s
	}

	run("RecordReceipt", func(t *testing.T, s pagopa.Store) {
		p := create(t, s, valid(1))
		r := receipt(nav(1), "r1")
		now := time.Now()
		if err := s.LockOption(t.Context(), Organization, r.IUV, now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, err := s.RecordReceipt(t.Context(), r, markPaid(r))
		if err != nil || got.Status != pagopa.StatusPaid || got.Version != p.Version+1 {
			t.Fatalf("RecordReceipt: %v %s v%d", err, got.Status, got.Version)
		}
		if u, _ := s.LockedUntil(t.Context(), Organization, r.IUV, now); !u.IsZero() {
			t.Error("the activation lock survived the receipt")
		}
		stored, err := s.Receipt(t.Context(), Organization, r.IUV)
		if err != nil || stored.ReceiptID != "r1" || stored.Amount != 1000 || string(stored.Transfers[0].MBDAttachment) != "x" || stored.DoublePayment {
			t.Errorf("Receipt: %v %+v", err, stored)
		}
		called := false
		if _, err := s.RecordReceipt(t.Context(), r, func(*pagopa.Position) error { called = true; return nil }); !errors.Is(err, pagopa.ErrReceiptDuplicate) {
			t.Errorf("the same receipt again: %v, want ErrReceiptDuplicate", err)
		}
		if called {
			t.Error("apply ran for a duplicate")
		}
		if all, _ := s.Receipts(t.Context(), Organization, r.IUV); len(all) != 1 {
			t.Errorf("a duplicate was stored: %s", ids(all))
		}
	})

	run("DoublePayment", func(t *testing.T, s pagopa.Store) {
		create(t, s, valid(1))
		r1 := receipt(nav(1), "r1")
		paid, err := s.RecordReceipt(t.Context(), r1, markPaid(r1))
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		if err := s.LockOption(t.Context(), Organization, r1.IUV, now, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		r2 := receipt(nav(1), "r2")
		r2.PSP.ID = "OTHERPSP"
		r2.ReceivedAt = t0.Add(time.Minute)
		called := false
		got, err := s.RecordReceipt(t.Context(), r2, func(*pagopa.Position) error { called = true; return nil })
		if !errors.Is(err, pagopa.ErrDoublePayment) || errors.Is(err, pagopa.ErrReceiptDuplicate) {
			t.Fatalf("second payment: %v, want ErrDoublePayment", err)
		}
		if called || got.Version != 0 {
			t.Error("apply ran for a double payment")
		}
		if p, _ := s.PositionByIUV(t.Context(), Organization, r1.IUV); p.Version != paid.Version || p.Options[0].ReceiptID != "r1" {
			t.Errorf("a double payment changed the position: v%d %s", p.Version, p.Options[0].ReceiptID)
		}
		if u, _ := s.LockedUntil(t.Context(), Organization, r1.IUV, now); !u.IsZero() {
			t.Error("the activation lock survived the double payment")
		}
		if stored, _ := s.Receipt(t.Context(), Organization, r1.IUV); stored.ReceiptID != "r1" || stored.DoublePayment {
			t.Errorf("Receipt = %s double=%t, want the payment r1", stored.ReceiptID, stored.DoublePayment)
		}
		all, err := s.Receipts(t.Context(), Organization, r1.IUV)
		if err != nil || len(all) != 2 || all[0].ReceiptID != "r1" || all[0].DoublePayment ||
			all[1].ReceiptID != "r2" || !all[1].DoublePayment || all[1].PSP.ID != "OTHERPSP" || string(all[1].Transfers[0].MBDAttachment) != "x" {
			t.Fatalf("Receipts: %v %s", err, ids(all))
		}
		for _, r := range []pagopa.Receipt{r1, r2} {
			if _, err := s.RecordReceipt(t.Context(), r, markPaid(r)); !errors.Is(err, pagopa.ErrReceiptDuplicate) {
				t.Errorf("%s again: %v, want ErrReceiptDuplicate", r.ReceiptID, err)
			}
		}
		r3 := receipt(nav(1), "r3")
		r3.ReceivedAt = t0.Add(2 * time.Minute)
		if _, err := s.RecordReceipt(t.Context(), r3, nil); !errors.Is(err, pagopa.ErrDoublePayment) {
			t.Errorf("third payment without apply: %v, want ErrDoublePayment", err)
		}
		ko := receipt(nav(1), "ko")
		ko.Outcome = pagopa.OutcomeKO
		if _, err := s.RecordReceipt(t.Context(), ko, nil); err != nil {
			t.Errorf("KO receipt after the payment: %v", err)
		}
		dp, err := s.DoublePayments(t.Context(), Organization, time.Time{})
		if err != nil || ids(dp) != ids([]pagopa.Receipt{all[1], {ReceiptID: "r3", OrganizationFiscalCode: Organization, Outcome: "OK", DoublePayment: true}}) {
			t.Errorf("DoublePayments: %v %s", err, ids(dp))
		}
		if dp, _ := s.DoublePayments(t.Context(), Organization, r3.ReceivedAt); len(dp) != 1 || dp[0].ReceiptID != "r3" {
			t.Errorf("DoublePayments since r3: %s", ids(dp))
		}
		if dp, _ := s.DoublePayments(t.Context(), secondEC, time.Time{}); len(dp) != 0 {
			t.Errorf("DoublePayments of another EC: %s", ids(dp))
		}
		if all, _ := s.Receipts(t.Context(), Organization, nav(2).IUV()); all == nil || len(all) != 0 {
			t.Errorf("Receipts of an IUV without receipts = %#v, want empty", all)
		}
	})

	run("DoublePaymentOfOptionPaidElsewhere", func(t *testing.T, s pagopa.Store) {
		p := create(t, s, valid(1))
		// Paid outside this store's receipts (e.g. marked from GPD).
		p, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
			return q.MarkPaid(nav(1).IUV(), "elsewhere", t0)
		})
		if err != nil {
			t.Fatal(err)
		}
		r := receipt(nav(1), "r1")
		if _, err := s.RecordReceipt(t.Context(), r, markPaid(r)); !errors.Is(err, pagopa.ErrDoublePayment) {
			t.Fatalf("receipt for an option paid elsewhere: %v, want ErrDoublePayment", err)
		}
		if q, _ := s.PositionByIUV(t.Context(), Organization, r.IUV); q.Version != p.Version {
			t.Errorf("position changed: v%d, want v%d", q.Version, p.Version)
		}
		if dp, _ := s.DoublePayments(t.Context(), Organization, t0); len(dp) != 1 || dp[0].ReceiptID != "r1" {
			t.Errorf("DoublePayments: %s", ids(dp))
		}
		ko := receipt(nav(1), "ko")
		ko.Outcome = pagopa.OutcomeKO
		if _, err := s.RecordReceipt(t.Context(), ko, markPaid(ko)); errors.Is(err, pagopa.ErrDoublePayment) || !errors.Is(err, pagopa.ErrAlreadyPaid) {
			t.Errorf("KO receipt whose apply fails: %v, want the apply error", err)
		}
	})

	run("DeliveriesToBeneficiaries", func(t *testing.T, s pagopa.Store) {
		p := create(t, s, valid(1))
		// A multi-beneficiary payment: the node sends the receipt to each EC
		// named in its transfers; this store serves both.
		r := receipt(nav(1), "r1")
		r.ReceivedBy = secondEC
		got, err := s.RecordReceipt(t.Context(), r, markPaid(r))
		if err != nil || got.Status != pagopa.StatusPaid {
			t.Fatalf("first delivery (to the co-beneficiary): %v %s", err, got.Status)
		}
		r.ReceivedBy = Organization
		called := false
		if _, err := s.RecordReceipt(t.Context(), r, func(*pagopa.Position) error { called = true; return nil }); err != nil || called {
			t.Errorf("second delivery (to the payee): %v, apply called %t; want nil and not called", err, called)
		}
		if _, err := s.RecordReceipt(t.Context(), r, nil); !errors.Is(err, pagopa.ErrReceiptDuplicate) {
			t.Errorf("the payee's delivery again: %v", err)
		}
		if q, _ := s.PositionByIUV(t.Context(), Organization, r.IUV); q.Version != p.Version+1 {
			t.Errorf("position v%d, want v%d", q.Version, p.Version+1)
		}
		r2 := receipt(nav(1), "r2")
		for i, to := range []string{Organization, secondEC} {
			r2.ReceivedBy = to
			if _, err := s.RecordReceipt(t.Context(), r2, markPaid(r2)); !errors.Is(err, pagopa.ErrDoublePayment) {
				t.Errorf("delivery %d of a double payment: %v", i, err)
			}
		}
		all, _ := s.Receipts(t.Context(), Organization, r.IUV)
		if len(all) != 4 || all[0].Recipient() != secondEC || all[1].Recipient() != Organization || all[1].DoublePayment || !all[3].DoublePayment {
			t.Errorf("Receipts: %s", ids(all))
		}
		for _, org := range []string{Organization, secondEC} {
			if dp, _ := s.DoublePayments(t.Context(), org, time.Time{}); len(dp) != 1 || dp[0].ReceiptID != "r2" || dp[0].Recipient() != org {
				t.Errorf("DoublePayments(%s): %s", org, ids(dp))
			}
		}
	})

	run("KOReceiptDoesNotBlockPayment", func(t *testing.T, s pagopa.Store) {
		create(t, s, valid(1))
		ko := receipt(nav(1), "ko1")
		ko.Outcome = pagopa.OutcomeKO
		if _, err := s.RecordReceipt(t.Context(), ko, nil); err != nil {
			t.Fatalf("KO receipt: %v", err)
		}
		if stored, err := s.Receipt(t.Context(), Organization, ko.IUV); err != nil || stored.ReceiptID != "ko1" {
			t.Errorf("Receipt with only a KO: %v %s", err, stored.ReceiptID)
		}
		if _, err := s.RecordReceipt(t.Context(), ko, nil); !errors.Is(err, pagopa.ErrReceiptDuplicate) {
			t.Errorf("the same KO receipt again: %v, want ErrReceiptDuplicate", err)
		}
		r := receipt(nav(1), "r1")
		got, err := s.RecordReceipt(t.Context(), r, markPaid(r))
		if err != nil || got.Status != pagopa.StatusPaid {
			t.Fatalf("OK receipt after a KO one: %v %s", err, got.Status)
		}
		if stored, _ := s.Receipt(t.Context(), Organization, r.IUV); stored.ReceiptID != "r1" || stored.Outcome != pagopa.OutcomeOK {
			t.Errorf("stored receipt %s %s, want r1 OK", stored.ReceiptID, stored.Outcome)
		}
	})

	run("RecordReceiptFailures", func(t *testing.T, s pagopa.Store) {
		create(t, s, valid(1))
		r := receipt(nav(1), "r1")
		boom := errors.New("boom")
		if _, err := s.RecordReceipt(t.Context(), r, func(p *pagopa.Position) error { p.Status = pagopa.StatusPaid; return boom }); !errors.Is(err, boom) {
			t.Errorf("apply error: %v", err)
		}
		if _, err := s.Receipt(t.Context(), Organization, r.IUV); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("receipt stored despite apply error: %v", err)
		}
		if p, _ := s.PositionByIUV(t.Context(), Organization, r.IUV); p.Status != pagopa.StatusValid {
			t.Errorf("position changed despite apply error: %s", p.Status)
		}
		unknown := receipt(nav(2), "r2")
		if _, err := s.RecordReceipt(t.Context(), unknown, markPaid(unknown)); !errors.Is(err, pagopa.ErrNotFound) {
			t.Errorf("unknown IUV: %v", err)
		}
		if _, err := s.RecordReceipt(t.Context(), unknown, nil); err != nil {
			t.Errorf("nil apply stores without a position: %v", err)
		}
		if _, err := s.Receipt(t.Context(), Organization, unknown.IUV); err != nil {
			t.Errorf("receipt without position: %v", err)
		}
	})

	// Several PSPs' payments of one notice race, each delivered twice at
	// once: exactly one pays, the others are double payments, the copies are
	// duplicates, and every payment is stored once.
	run("ConcurrentReceipts", func(t *testing.T, s pagopa.Store) {
		const payments = 16
		create(t, s, valid(1))
		var ok, dup, double atomic.Int32
		var wg sync.WaitGroup
		for i := range 2 * payments {
			wg.Go(func() {
				r := receipt(nav(1), fmt.Sprint("r", i/2))
				_, err := s.RecordReceipt(t.Context(), r, markPaid(r))
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, pagopa.ErrReceiptDuplicate):
					dup.Add(1)
				case errors.Is(err, pagopa.ErrDoublePayment):
					double.Add(1)
				default:
					t.Errorf("RecordReceipt: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 || double.Load() != payments-1 || dup.Load() != payments {
			t.Errorf("%d recorded, %d double payments, %d duplicates; want 1, %d, %d", ok.Load(), double.Load(), dup.Load(), payments-1, payments)
		}
		all, _ := s.Receipts(t.Context(), Organization, nav(1).IUV())
		p, _ := s.PositionByIUV(t.Context(), Organization, nav(1).IUV())
		if len(all) != payments || p.Version != 2 || all[0].ReceiptID != p.Options[0].ReceiptID {
			t.Errorf("stored %s; position v%d paid by %s", ids(all), p.Version, p.Options[0].ReceiptID)
		}
		if dp, _ := s.DoublePayments(t.Context(), Organization, time.Time{}); len(dp) != payments-1 {
			t.Errorf("%d double payments listed, want %d", len(dp), payments-1)
		}
	})
}
