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
}
