package gpdtest_test

import (
	"errors"
	"testing"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/gpd"
	"github.com/siopi/siopi/pagopa/gpd/gpdtest"
)

const org = "01234567897"

var now = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func position(iupd, iuv string, due time.Time) gpd.Position {
	return gpd.Position{
		IUPD: iupd, Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi", CompanyName: "Comune di Prova",
		PaymentOptions: []gpd.Option{{
			IUV: iuv, Amount: 5000, Description: "Canone", DueDate: gpd.NewDateTime(due),
			Transfers: []gpd.Transfer{{ID: "1", Amount: 5000, RemittanceInformation: "Canone", Category: "9/0101100IM/", IBAN: "IT60X0542811101000000123456"}},
		}},
	}
}

func TestLifecycle(t *testing.T) {
	t.Parallel()
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	p := position("01234567897-a", "01000000000001861", now.AddDate(0, 1, 0))

	created, err := c.CreatePosition(ctx, p, gpd.Draft)
	if err != nil || created.Status != gpd.StatusDraft || created.PaymentOptions[0].NAV != "301000000000001861" {
		t.Fatalf("create = %+v, %v", created, err)
	}
	if _, err := c.CreatePosition(ctx, p, gpd.Draft); !errors.Is(err, gpd.ErrDuplicate) {
		t.Fatalf("duplicate create: %v", err)
	}
	pub, err := c.PublishPosition(ctx, p.IUPD)
	if err != nil || pub.Status != gpd.StatusValid {
		t.Fatalf("publish = %+v, %v", pub, err)
	}
	if _, err := c.PublishPosition(ctx, p.IUPD); !errors.Is(err, gpd.ErrNotPublishable) {
		t.Fatalf("second publish: %v", err)
	}
	if err := fake.Pay(ctx, org, "01000000000001861", "rcpt-1"); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetPosition(ctx, p.IUPD)
	if err != nil || got.Status != gpd.StatusPaid || got.PaymentOptions[0].Status != gpd.OptionPaid {
		t.Fatalf("after payment: %+v, %v", got, err)
	}
	if _, err := c.UpdatePosition(ctx, p, gpd.Draft); !errors.Is(err, gpd.ErrNotUpdatable) {
		t.Errorf("update of a paid position: %v", err)
	}
	if err := c.DeletePosition(ctx, p.IUPD); !errors.Is(err, gpd.ErrAlreadyPaid) {
		t.Errorf("delete of a paid position: %v", err)
	}
	if _, err := c.InvalidatePosition(ctx, p.IUPD); !errors.Is(err, gpd.ErrNotInvalidable) {
		t.Errorf("invalidate of a paid position: %v", err)
	}
	if err := fake.Report(ctx, org, "01000000000001861", 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetPosition(ctx, p.IUPD); got.Status != gpd.StatusReported {
		t.Errorf("after report: %s", got.Status)
	}
}

func TestInvalidateUpdateDelete(t *testing.T) {
	t.Parallel()
	_, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	p := position("b", "01000000000002972", now.AddDate(0, 1, 0))
	if _, err := c.CreatePosition(ctx, p, gpd.Publish); err != nil {
		t.Fatal(err)
	}
	p.PaymentOptions[0].Description = "Canone aggiornato"
	upd, err := c.UpdatePosition(ctx, p, gpd.Draft)
	if err != nil || upd.Status != gpd.StatusDraft || upd.PaymentOptions[0].Description != "Canone aggiornato" {
		t.Fatalf("update = %+v, %v", upd, err)
	}
	// Changing the IUV replaces the option.
	p.PaymentOptions[0].IUV = "01000000000003982"
	if _, err := c.UpdatePosition(ctx, p, gpd.Publish); err != nil {
		t.Fatal(err)
	}
	inv, err := c.InvalidatePosition(ctx, p.IUPD)
	if err != nil || inv.Status != gpd.StatusInvalid {
		t.Fatalf("invalidate = %+v, %v", inv, err)
	}
	if _, err := c.UpdatePosition(ctx, p, gpd.Draft); !errors.Is(err, gpd.ErrNotUpdatable) {
		t.Errorf("update of an invalid position: %v", err)
	}
	if err := c.DeletePosition(ctx, p.IUPD); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPosition(ctx, p.IUPD); !errors.Is(err, gpd.ErrNotFound) {
		t.Errorf("get after delete: %v", err)
	}
}

func TestPublishAfterDueDateAndExpiry(t *testing.T) {
	t.Parallel()
	current := now
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: func() time.Time { return current }}, org)
	ctx := t.Context()
	p := position("c", "01000000000004891", now.AddDate(0, 0, 10))
	p.SwitchToExpired = true
	if _, err := c.CreatePosition(ctx, p, gpd.Draft); err != nil {
		t.Fatal(err)
	}
	current = now.AddDate(0, 0, 11)
	if _, err := c.PublishPosition(ctx, p.IUPD); !errors.Is(err, gpd.ErrNotPublishable) {
		t.Fatalf("publish after the due date: %v", err)
	}
	q := position("d", "01000000000005808", now.AddDate(0, 0, 20))
	q.SwitchToExpired = true
	if _, err := c.CreatePosition(ctx, q, gpd.Publish); err != nil {
		t.Fatal(err)
	}
	current = now.AddDate(0, 0, 40)
	if got, _ := c.GetPosition(ctx, q.IUPD); got.Status != gpd.StatusExpired {
		t.Errorf("status after the due date = %s, want EXPIRED", got.Status)
	}
	if err := fake.Pay(ctx, org, "01000000000005808", "r"); !errors.Is(err, pagopa.ErrExpired) {
		t.Errorf("pay of an expired position: %v", err)
	}
}

func TestMarkPaidAndIBAN(t *testing.T) {
	t.Parallel()
	_, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	p := position("e", "01000000000006818", now.AddDate(0, 1, 0))
	if _, err := c.CreatePosition(ctx, p, gpd.Draft); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MarkPaid(ctx, "301000000000006818", now); !errors.Is(err, gpd.ErrNotPayable) {
		t.Fatalf("mark paid of a draft: %v", err)
	}
	n, err := c.UpdateIBANs(ctx, "IT60X0542811101000000123456", "IT60X0542811101000000999999", 0)
	if err != nil || n != 1 {
		t.Fatalf("UpdateIBANs = %d, %v", n, err)
	}
	if _, err := c.PublishPosition(ctx, p.IUPD); err != nil {
		t.Fatal(err)
	}
	o, err := c.MarkPaid(ctx, "301000000000006818", now)
	if err != nil || o.Status != gpd.OptionPaid {
		t.Fatalf("mark paid = %+v, %v", o, err)
	}
	if _, err := c.MarkPaid(ctx, "301000000000006818", now); !errors.Is(err, gpd.ErrAlreadyPaid) {
		t.Fatalf("second mark paid: %v", err)
	}
	got, _ := c.GetPosition(ctx, p.IUPD)
	if got.Status != gpd.StatusPaid || got.PaymentOptions[0].Transfers[0].IBAN != "IT60X0542811101000000999999" {
		t.Errorf("position %+v", got)
	}
}

func TestListFiltersAndPages(t *testing.T) {
	t.Parallel()
	_, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	for i := range 7 {
		nav, _ := pagopa.NewNoticeNumber(1, int64(1000+i))
		p := position("p-"+string(rune('a'+i)), string(nav.IUV()), now.AddDate(0, 0, 10+i))
		mode := gpd.Draft
		if i%2 == 0 {
			mode = gpd.Publish
		}
		if _, err := c.CreatePosition(ctx, p, mode); err != nil {
			t.Fatal(err)
		}
	}
	count := func(o gpd.ListOptions) int {
		n := 0
		for _, err := range c.ListPositions(ctx, o) {
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
		return n
	}
	if n := count(gpd.ListOptions{PageSize: 2}); n != 7 {
		t.Errorf("all = %d", n)
	}
	if n := count(gpd.ListOptions{Status: gpd.StatusValid, PageSize: 3}); n != 4 {
		t.Errorf("valid = %d", n)
	}
	if n := count(gpd.ListOptions{DueFrom: now.AddDate(0, 0, 12), DueTo: now.AddDate(0, 0, 13)}); n != 2 {
		t.Errorf("due in range = %d", n)
	}
	asc := false
	var first string
	for p, err := range c.ListPositions(ctx, gpd.ListOptions{OrderBy: "IUPD", Descending: &asc}) {
		if err != nil {
			t.Fatal(err)
		}
		first = p.IUPD
		break
	}
	if first != "p-a" {
		t.Errorf("first by IUPD ascending = %s", first)
	}
}

func TestV3Plan(t *testing.T) {
	t.Parallel()
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	tr := func(a int64) []gpd.Transfer {
		return []gpd.Transfer{{ID: "1", Amount: a, RemittanceInformation: "TARI", Category: "9/0101101IM/", IBAN: "IT60X0542811101000000123456"}}
	}
	debtor := gpd.DebtorV3{Type: gpd.NaturalPerson, FiscalCode: "RSSMRA80A01H501U", FullName: "Mario Rossi"}
	p := gpd.PositionV3{IUPD: "plan-1", CompanyName: "Comune di Prova", PaymentOptions: []gpd.OptionV3{
		{Debtor: debtor, Installments: []gpd.InstallmentV3{{IUV: "01000000000007727", Amount: 10000, Description: "Unica", DueDate: gpd.NewDateTime(now.AddDate(0, 1, 0)), Transfers: tr(10000)}}},
		{Debtor: debtor, Installments: []gpd.InstallmentV3{
			{IUV: "01000000000008737", Amount: 5000, Description: "Rata 1", DueDate: gpd.NewDateTime(now.AddDate(0, 1, 0)), Transfers: tr(5000)},
			{IUV: "01000000000009747", Amount: 5000, Description: "Rata 2", DueDate: gpd.NewDateTime(now.AddDate(0, 2, 0)), Transfers: tr(5000)},
		}},
	}}
	got, err := c.CreatePositionV3(ctx, p, gpd.Publish)
	if err != nil || got.Status != gpd.StatusValid || len(got.PaymentOptions) != 2 || len(got.PaymentOptions[1].Installments) != 2 {
		t.Fatalf("create v3 = %+v, %v", got, err)
	}
	if err := fake.Pay(ctx, org, "01000000000008737", "r1"); err != nil {
		t.Fatal(err)
	}
	got, err = c.GetPositionV3(ctx, "plan-1")
	if err != nil || got.Status != gpd.StatusPartiallyPaid || got.PaymentOptions[1].Installments[0].Status != gpd.InstallmentPaid {
		t.Fatalf("after instalment 1: %+v, %v", got, err)
	}
	if err := fake.Pay(ctx, org, "01000000000007727", "r2"); !errors.Is(err, pagopa.ErrAlreadyPaid) {
		t.Errorf("paying the single option after an instalment: %v", err)
	}
	n := 0
	for _, err := range c.ListPositionsV3(ctx, gpd.ListOptions{Status: gpd.StatusPartiallyPaid}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("v3 list = %d", n)
	}
}

func TestAuthAndInjectedFailures(t *testing.T) {
	t.Parallel()
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock, SubscriptionKey: "secret"}, org)
	if _, err := c.Health(t.Context()); err != nil {
		t.Fatal(err)
	}
	fake.InjectStatus(503, 429)
	if _, err := c.Health(t.Context()); err != nil {
		t.Fatalf("GET not retried over 503 and 429: %v", err)
	}
	other, err := gpd.New(gpd.Config{SubscriptionKey: "wrong", OrganizationFiscalCode: org, BaseURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Health(t.Context()); !errors.Is(err, gpd.ErrUnauthorized) {
		t.Fatalf("wrong key: %v", err)
	}
	fake.InjectStatus(500)
	if _, err := c.CreatePosition(t.Context(), position("x", "01000000000010656", now.AddDate(0, 1, 0)), gpd.Draft); !errors.Is(err, gpd.ErrServer) {
		t.Fatalf("create over an injected 500: %v", err)
	}
	if _, err := c.GetPosition(t.Context(), "x"); !errors.Is(err, gpd.ErrNotFound) {
		t.Fatalf("create was retried blindly: %v", err)
	}
}

func TestBulk(t *testing.T) {
	t.Parallel()
	fake, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	ctx := t.Context()
	a := position("bulk-a", "01000000000001861", now.AddDate(0, 1, 0))
	b := position("bulk-b", "01000000000002972", now.AddDate(0, 1, 0))
	if err := c.CreatePositions(ctx, []gpd.Position{a, b}, gpd.Publish); err != nil {
		t.Fatal(err)
	}
	// A batch with a duplicate IUV stores nothing.
	d := position("bulk-d", "01000000000003982", now.AddDate(0, 1, 0))
	dup := position("bulk-e", "01000000000001861", now.AddDate(0, 1, 0))
	if err := c.CreatePositions(ctx, []gpd.Position{d, dup}, gpd.Draft); !errors.Is(err, gpd.ErrDuplicate) {
		t.Fatalf("bulk create with a duplicate IUV: %v", err)
	}
	if _, err := c.GetPosition(ctx, "bulk-d"); !errors.Is(err, gpd.ErrNotFound) {
		t.Fatalf("bulk create was not rolled back: %v", err)
	}
	a.PaymentOptions[0].Description = "Nuova descrizione"
	if err := c.UpdatePositions(ctx, []gpd.Position{a, b}, gpd.Draft); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.GetPosition(ctx, "bulk-a"); got.Status != gpd.StatusDraft || got.PaymentOptions[0].Description != "Nuova descrizione" {
		t.Errorf("after bulk update: %+v", got)
	}
	if _, err := c.PublishPosition(ctx, "bulk-b"); err != nil {
		t.Fatal(err)
	}
	if err := fake.Pay(ctx, org, "01000000000002972", "r"); err != nil {
		t.Fatal(err)
	}
	if err := c.DeletePositions(ctx, []string{"bulk-a", "bulk-b"}); !errors.Is(err, gpd.ErrAlreadyPaid) {
		t.Fatalf("bulk delete with a paid position: %v", err)
	}
	if _, err := c.GetPosition(ctx, "bulk-a"); err != nil {
		t.Fatalf("bulk delete was not all-or-none: %v", err)
	}
	if err := c.DeletePositions(ctx, []string{"bulk-a"}); err != nil {
		t.Fatal(err)
	}
}

func TestPutPositionIsIdempotent(t *testing.T) {
	t.Parallel()
	_, c := gpdtest.NewServer(t, gpdtest.Config{Now: clock}, org)
	p := position("put-1", "01000000000005808", now.AddDate(0, 1, 0))
	for i := range 3 {
		got, err := c.PutPosition(t.Context(), p, gpd.Publish)
		if err != nil || got.Status != gpd.StatusValid {
			t.Fatalf("put %d: %+v, %v", i, got, err)
		}
	}
}
