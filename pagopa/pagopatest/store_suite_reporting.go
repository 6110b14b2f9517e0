package pagopatest

import (
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
)

// testStoreReporting is the reporting (FdR) part of [TestStore].
func testStoreReporting(t *testing.T,
	run func(string, func(*testing.T, pagopa.Store)),
	create func(*testing.T, pagopa.Store, pagopa.Position) pagopa.Position,
	valid func(int64) pagopa.Position,
	nav func(int64) pagopa.NoticeNumber,
) {
	t.Helper()
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	pay := func(t *testing.T, s pagopa.Store, base int64, at time.Time) pagopa.Position {
		t.Helper()
		p := create(t, s, valid(base))
		iuv := nav(base).IUV()
		got, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
			return q.MarkPaid(iuv, "r"+string(iuv), at)
		})
		if err != nil {
			t.Fatalf("MarkPaid: %v", err)
		}
		return got
	}

	run("ReportedIn", func(t *testing.T, s pagopa.Store) {
		p := pay(t, s, 1, t0)
		iuv := nav(1).IUV()
		if _, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
			return q.MarkReportedIn(iuv, 1, "2026-03-04ABCDITMMXXX-S001")
		}); err != nil {
			t.Fatal(err)
		}
		got, err := s.PositionByIUV(t.Context(), Organization, iuv)
		if err != nil {
			t.Fatal(err)
		}
		tr := got.Options[0].Transfers
		if tr[0].ReportedIn != "2026-03-04ABCDITMMXXX-S001" || tr[0].Status != pagopa.TransferReported ||
			tr[1].ReportedIn != "" || tr[1].Status != pagopa.TransferUnreported {
			t.Errorf("transfers after MarkReportedIn: %+v", tr)
		}
	})

	run("UnreportedTransfers", func(t *testing.T, s pagopa.Store) {
		day := 24 * time.Hour
		cutoff := t0.Add(2 * day)
		p1 := pay(t, s, 1, t0)           // transfer 1 reported below: only 2 is due
		pay(t, s, 2, t0.Add(day))        // both due
		pay(t, s, 3, cutoff)             // paid at the cutoff: not before it
		create(t, s, valid(4))           // unpaid
		p5 := pay(t, s, 5, t0.Add(-day)) // fully reported below
		other := valid(6)                // another organisation
		other.OrganizationFiscalCode = secondEC
		create(t, s, other)
		if _, err := s.UpdatePosition(t.Context(), secondEC, other.IUPD, func(q *pagopa.Position) error {
			return q.MarkPaid(nav(6).IUV(), "r6", t0)
		}); err != nil {
			t.Fatal(err)
		}
		report := func(p pagopa.Position, base int64, ids ...int) {
			t.Helper()
			if _, err := s.UpdatePosition(t.Context(), Organization, p.IUPD, func(q *pagopa.Position) error {
				for _, id := range ids {
					if err := q.MarkReportedIn(nav(base).IUV(), id, "F1"); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}
		report(p1, 1, 1)
		report(p5, 5, 1, 2)
		got, err := s.UnreportedTransfers(t.Context(), Organization, cutoff)
		if err != nil {
			t.Fatal(err)
		}
		want := []pagopa.UnreportedTransfer{
			{IUPD: p1.IUPD, IUV: nav(1).IUV(), TransferID: 2, Amount: p1.Options[0].Transfers[1].Amount, ReceiptID: "r" + string(nav(1).IUV()), PaidAt: t0},
			{IUPD: valid(2).IUPD, IUV: nav(2).IUV(), TransferID: 1, Amount: p1.Options[0].Transfers[0].Amount, ReceiptID: "r" + string(nav(2).IUV()), PaidAt: t0.Add(day)},
			{IUPD: valid(2).IUPD, IUV: nav(2).IUV(), TransferID: 2, Amount: p1.Options[0].Transfers[1].Amount, ReceiptID: "r" + string(nav(2).IUV()), PaidAt: t0.Add(day)},
		}
		if len(got) != len(want) {
			t.Fatalf("UnreportedTransfers = %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i].IUPD != want[i].IUPD || got[i].IUV != want[i].IUV || got[i].TransferID != want[i].TransferID ||
				got[i].Amount != want[i].Amount || got[i].ReceiptID != want[i].ReceiptID || !got[i].PaidAt.Equal(want[i].PaidAt) {
				t.Errorf("UnreportedTransfers[%d] = %+v, want %+v", i, got[i], want[i])
			}
		}
		report(p1, 1, 2)
		if got, _ := s.UnreportedTransfers(t.Context(), Organization, cutoff); len(got) != 2 || got[0].IUV != nav(2).IUV() {
			t.Errorf("after reporting the rest of %s: %+v", nav(1).IUV(), got)
		}
		if got, _ := s.UnreportedTransfers(t.Context(), secondEC, cutoff); len(got) != 2 || got[0].IUV != nav(6).IUV() {
			t.Errorf("other organisation: %+v", got)
		}
		if got, err := s.UnreportedTransfers(t.Context(), "00000000000", cutoff); err != nil || len(got) != 0 {
			t.Errorf("unknown organisation: %+v, %v", got, err)
		}
	})
}
