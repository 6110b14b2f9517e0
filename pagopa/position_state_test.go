package pagopa_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
)

func TestPublish(t *testing.T) {
	t.Parallel()
	p := position()
	if err := p.Publish(t0); err != nil || p.Status != pagopa.StatusValid || !p.ValidityDate.Equal(t0) {
		t.Fatalf("Publish: %v, %s, %s", err, p.Status, p.ValidityDate)
	}
	if err := p.Publish(t0); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("second Publish: %v", err)
	}

	q := position()
	q.ValidityDate = t0.Add(24 * time.Hour)
	if err := q.Publish(t0); err != nil || q.Status != pagopa.StatusPublished {
		t.Fatalf("future validity: %v, %s", err, q.Status)
	}
	if _, err := q.Payable(q.Options[0].IUV, t0); !errors.Is(err, pagopa.ErrNotFound) {
		t.Errorf("PUBLISHED payable: %v", err)
	}
	if q.Refresh(t0.Add(time.Hour)) || !q.Refresh(t0.Add(25*time.Hour)) || q.Status != pagopa.StatusValid {
		t.Errorf("Refresh to VALID: %s", q.Status)
	}

	r := position()
	r.ValidityDate = t0.Add(time.Hour)
	if err := r.Publish(t0.Add(2 * time.Hour)); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("validity passed: %v", err)
	}
	s := position()
	if err := s.Publish(t0.AddDate(0, 1, 1)); !errors.Is(err, pagopa.ErrTransition) || !errors.Is(err, pagopa.ErrExpired) {
		t.Errorf("due date passed: %v", err)
	}
}

func TestPayFullOption(t *testing.T) {
	t.Parallel()
	p := position()
	_ = p.Publish(t0)
	iuv := p.Options[0].IUV
	if _, err := p.Payable(iuv, t0); err != nil {
		t.Fatal(err)
	}
	if err := p.MarkPaid(iuv, "r1", t0); err != nil || p.Status != pagopa.StatusPaid {
		t.Fatalf("MarkPaid: %v %s", err, p.Status)
	}
	for _, o := range p.Options {
		if _, err := p.Payable(o.IUV, t0); !errors.Is(err, pagopa.ErrAlreadyPaid) {
			t.Errorf("Payable(%s) after PAID: %v", o.IUV, err)
		}
	}
	if err := p.MarkPaid(iuv, "r2", t0); !errors.Is(err, pagopa.ErrAlreadyPaid) || !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("second MarkPaid: %v", err)
	}
	if err := p.CheckUpdate(); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("update PAID: %v", err)
	}
	if err := p.CheckDelete(); !errors.Is(err, pagopa.ErrAlreadyPaid) {
		t.Errorf("delete PAID: %v", err)
	}
	if err := p.Invalidate(); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("invalidate PAID: %v", err)
	}
	if err := p.MarkReported(iuv, 1); err != nil || p.Status != pagopa.StatusPaid || p.Options[0].Status != pagopa.OptionPartiallyReported {
		t.Fatalf("report 1: %v %s %s", err, p.Status, p.Options[0].Status)
	}
	if err := p.MarkReported(iuv, 2); err != nil || p.Status != pagopa.StatusReported || p.Options[0].Status != pagopa.OptionReported {
		t.Fatalf("report 2: %v %s %s", err, p.Status, p.Options[0].Status)
	}
	if err := p.MarkReported(iuv, 3); !errors.Is(err, pagopa.ErrNotFound) {
		t.Errorf("report missing transfer: %v", err)
	}
}

func TestPayInstalments(t *testing.T) {
	t.Parallel()
	p := position()
	_ = p.Publish(t0)
	if err := p.MarkPaid(p.Options[1].IUV, "r1", t0); err != nil || p.Status != pagopa.StatusPartiallyPaid {
		t.Fatalf("first instalment: %v %s", err, p.Status)
	}
	if _, err := p.Payable(p.Options[0].IUV, t0); !errors.Is(err, pagopa.ErrAlreadyPaid) {
		t.Errorf("full option after an instalment: %v", err)
	}
	if err := p.MarkPaid(p.Options[0].IUV, "r", t0); !errors.Is(err, pagopa.ErrAlreadyPaid) {
		t.Errorf("MarkPaid full after instalment: %v", err)
	}
	if _, err := p.Payable(p.Options[2].IUV, t0); err != nil {
		t.Errorf("second instalment: %v", err)
	}
	if err := p.Invalidate(); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("invalidate PARTIALLY_PAID: %v", err)
	}
	if err := p.MarkPaid(p.Options[2].IUV, "r2", t0); err != nil || p.Status != pagopa.StatusPaid {
		t.Fatalf("last instalment: %v %s", err, p.Status)
	}
}

func TestExpiryAndInvalidation(t *testing.T) {
	t.Parallel()
	p := position()
	_ = p.Publish(t0)
	// The first instalment is past due, the plan is not.
	mid := t0.AddDate(0, 1, 1)
	if _, err := p.Payable(p.Options[1].IUV, mid); !errors.Is(err, pagopa.ErrExpired) {
		t.Errorf("past-due instalment: %v", err)
	}
	if _, err := p.Payable(p.Options[2].IUV, mid); err != nil {
		t.Errorf("later instalment: %v", err)
	}
	late := t0.AddDate(0, 3, 0)
	if _, err := p.Payable(p.Options[2].IUV, late); !errors.Is(err, pagopa.ErrExpired) {
		t.Errorf("after every due date: %v", err)
	}
	if !p.Refresh(late) || p.Status != pagopa.StatusExpired {
		t.Errorf("Refresh: %s", p.Status)
	}
	if err := p.CheckUpdate(); err != nil {
		t.Errorf("EXPIRED must be updatable: %v", err)
	}
	if err := p.Invalidate(); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("invalidate EXPIRED: %v", err)
	}

	q := position()
	q.SwitchToExpired = false
	_ = q.Publish(t0)
	if _, err := q.Payable(q.Options[0].IUV, late); err != nil {
		t.Errorf("switchToExpired=false stays payable: %v", err)
	}
	if err := q.Invalidate(); err != nil || q.Status != pagopa.StatusInvalid {
		t.Fatalf("Invalidate: %v", err)
	}
	if _, err := q.Payable(q.Options[0].IUV, t0); !errors.Is(err, pagopa.ErrCancelled) {
		t.Errorf("INVALID: %v", err)
	}
	if err := q.MarkPaid(q.Options[0].IUV, "r", t0); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("MarkPaid INVALID: %v", err)
	}

	d := position()
	if _, err := d.Payable(d.Options[0].IUV, t0); !errors.Is(err, pagopa.ErrNotFound) {
		t.Errorf("DRAFT: %v", err)
	}
	if _, err := d.Payable("nope", t0); !errors.Is(err, pagopa.ErrNotFound) {
		t.Errorf("unknown iuv: %v", err)
	}
	if err := d.Invalidate(); !errors.Is(err, pagopa.ErrTransition) {
		t.Errorf("invalidate DRAFT: %v", err)
	}
}

func TestMarkReportedIn(t *testing.T) {
	t.Parallel()
	p := position()
	_ = p.Publish(t0)
	iuv := p.Options[0].IUV
	if err := p.MarkReportedIn(iuv, 1, "F1"); err == nil {
		t.Error("reported an unpaid option")
	}
	if err := p.MarkPaid(iuv, "r1", t0); err != nil {
		t.Fatal(err)
	}
	if err := p.MarkReportedIn(iuv, 1, "F1"); err != nil || p.Options[0].Transfers[0].ReportedIn != "F1" {
		t.Fatalf("report in F1: %v %q", err, p.Options[0].Transfers[0].ReportedIn)
	}
	if err := p.MarkReportedIn(iuv, 1, "F1"); err != nil {
		t.Errorf("re-run of the same flow: %v", err)
	}
	if err := p.MarkReportedIn(iuv, 1, "F2"); !errors.Is(err, pagopa.ErrConflict) || p.Options[0].Transfers[0].ReportedIn != "F1" {
		t.Errorf("second flow: %v, kept %q", err, p.Options[0].Transfers[0].ReportedIn)
	}
	if err := p.MarkReported(iuv, 1); err != nil || p.Options[0].Transfers[0].ReportedIn != "F1" {
		t.Errorf("MarkReported after MarkReportedIn: %v, kept %q", err, p.Options[0].Transfers[0].ReportedIn)
	}
	if err := p.MarkReported(iuv, 2); err != nil || p.Options[0].Transfers[1].ReportedIn != "" || p.Options[0].Transfers[1].Status != pagopa.TransferReported {
		t.Errorf("MarkReported without a flow: %v %+v", err, p.Options[0].Transfers[1])
	}
}
