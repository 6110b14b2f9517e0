package fdr_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/fdr"
)

func TestCoreStore(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	core := pagopa.NewMemoryStore()
	created := time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)
	paidAt := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	p := pagopa.Position{
		OrganizationFiscalCode: org, IUPD: "tari-1", CompanyName: "Comune di Prova",
		Debtor: pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"},
		Options: []pagopa.PaymentOption{{
			IUV: "01000000001234519", Amount: 12050, Description: "TARI", DueDate: paidAt.AddDate(0, 1, 0),
			Transfers: []pagopa.Transfer{
				{ID: 1, Amount: 11000, RemittanceInformation: "TARI", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"},
				{ID: 2, Amount: 1050, RemittanceInformation: "TEFA", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000654321"},
			},
		}},
	}
	p.SetDefaults()
	if err := p.Publish(created); err != nil {
		t.Fatal(err)
	}
	if err := p.MarkPaid("01000000001234519", "rcpt-1", paidAt); err != nil {
		t.Fatal(err)
	}
	if _, err := core.CreatePosition(ctx, p); err != nil {
		t.Fatal(err)
	}
	r, err := fdr.New(fdr.Config{Store: fdr.CoreStore{Store: core}, Now: func() time.Time { return paidAt.AddDate(0, 0, 20) }})
	if err != nil {
		t.Fatal(err)
	}
	if od, _ := r.Overdue(ctx, org); len(od) != 2 {
		t.Fatalf("overdue before the flow: %v", od)
	}
	f := &fdr.Flow{ID: "F1", Receiver: org, TotalPayments: 2, TotalAmount: 12050, Lines: []fdr.Line{
		{IUV: "01000000001234519", IUR: "rcpt-1", Index: 1, Amount: 11000, Outcome: fdr.Executed},
		{IUV: "01000000001234519", IUR: "rcpt-1", Index: 2, Amount: 1050, Outcome: fdr.Executed},
	}}
	for run := range 2 {
		rep, err := r.Reconcile(ctx, f)
		if err != nil || rep.Matched != 2 || len(rep.Anomalies) != 0 {
			t.Fatalf("run %d: %+v, %v", run, rep, err)
		}
	}
	got, _ := core.Position(ctx, org, "tari-1")
	if got.Status != pagopa.StatusReported {
		t.Errorf("position %s, want REPORTED", got.Status)
	}
	if od, _ := r.Overdue(ctx, org); len(od) != 0 {
		t.Errorf("overdue after the flow: %v", od)
	}
	if tr := got.Options[0].Transfers; tr[0].ReportedIn != "F1" || tr[1].ReportedIn != "F1" {
		t.Errorf("ReportedIn = %q, %q, want F1", tr[0].ReportedIn, tr[1].ReportedIn)
	}
	g := &fdr.Flow{ID: "F2", Receiver: org, TotalPayments: 1, TotalAmount: 11000, Lines: []fdr.Line{
		{IUV: "01000000001234519", IUR: "rcpt-1", Index: 1, Amount: 11000, Outcome: fdr.Executed},
	}}
	rep, err := r.Reconcile(ctx, g)
	if err != nil || rep.Matched != 0 || len(rep.Anomalies) != 1 || rep.Anomalies[0].Kind != fdr.AlreadyReported ||
		rep.Anomalies[0].Detail != "reported in F1" {
		t.Errorf("a second flow reporting the same transfer: %+v, %v", rep, err)
	}
}

// noScan is a core store whose ListPositions fails: [fdr.CoreStore] must find
// overdue transfers with the store's UnreportedTransfers query instead.
type noScan struct{ pagopa.Store }

func (noScan) ListPositions(context.Context, string, string, int) ([]pagopa.Position, error) {
	return nil, errors.New("ListPositions called: CoreStore scanned every position")
}

func TestCoreStoreOverdueUsesIndex(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	core := pagopa.NewMemoryStore()
	paidAt := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i, cf := range []string{"RSSMRA80A01H501U", "VRDLGU80A01H501X"} {
		n, err := pagopa.NewNoticeNumber(1, int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		p := pagopa.Position{
			OrganizationFiscalCode: org, IUPD: "tari-" + string(n), CompanyName: "Comune di Prova",
			Debtor: pagopa.Debtor{Type: pagopa.NaturalPerson, FiscalCode: cf, FullName: "Mario Rossi"},
			Options: []pagopa.PaymentOption{{
				IUV: n.IUV(), Amount: 500, Description: "TARI", DueDate: paidAt.AddDate(0, 1, 0),
				Transfers: []pagopa.Transfer{{ID: 1, Amount: 500, RemittanceInformation: "TARI", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}},
			}},
		}
		p.SetDefaults()
		if err := p.Publish(paidAt.AddDate(0, -1, 0)); err != nil {
			t.Fatal(err)
		}
		if err := p.MarkPaid(n.IUV(), "rcpt-"+string(n), paidAt.AddDate(0, 0, -5*i)); err != nil {
			t.Fatal(err)
		}
		if _, err := core.CreatePosition(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	r, err := fdr.New(fdr.Config{Store: fdr.CoreStore{Store: noScan{core}}, GraceDays: 10, Now: func() time.Time { return paidAt.AddDate(0, 0, 8) }})
	if err != nil {
		t.Fatal(err)
	}
	od, err := r.Overdue(ctx, org)
	if err != nil || len(od) != 1 || od[0].Kind != fdr.MissingFlow || od[0].Key.IUV != "01000000000000245" || od[0].Expected != 500 {
		t.Fatalf("Overdue = %+v, %v", od, err)
	}
}
