package instance_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/workday"
)

func TestProtocolRegister(t *testing.T) {
	t.Parallel()
	now := &fakeNow{t: time.Date(2025, 12, 31, 22, 30, 0, 0, time.UTC)} // 23:30 in Rome
	reg, err := instance.NewProtocolRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA", Now: now.Now})
	if err != nil {
		t.Fatal(err)
	}
	req := instance.ProtocolRequest{Direction: instance.Incoming, Kind: instance.DocApplication, Subject: "RICHIESTA ISTANZA ONLINE", SHA256: hash}
	ctx := t.Context()
	r1 := must(reg.Register(ctx, req))
	r2 := must(reg.Register(ctx, req))
	now.Add(time.Hour) // 00:30 on 1 January in Rome, still 2025 in UTC
	r3 := must(reg.Register(ctx, req))
	if r1.String() != "0000001/2025" || r2.String() != "0000002/2025" || r3.String() != "0000001/2026" {
		t.Errorf("numbers %s %s %s", r1, r2, r3)
	}
	if r3.SHA256 != hash || r3.AOO != "AOO_ROMA" || r3.Register != "REG_PROT" {
		t.Errorf("registration %+v", r3)
	}
	for _, want := range []string{"<CodiceAmministrazione>c_h501</CodiceAmministrazione>", "<CodiceAOO>AOO_ROMA</CodiceAOO>",
		"<NumeroRegistrazione>0000001</NumeroRegistrazione>", "<DataRegistrazione>2026-01-01</DataRegistrazione>", "<Impronta>" + hash} {
		if !strings.Contains(r3.Segnatura, want) {
			t.Errorf("segnatura %s lacks %s", r3.Segnatura, want)
		}
	}
	if err := reg.Cancel(ctx, r2, ""); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("cancel without reason: %v", err)
	}
	if err := reg.Cancel(ctx, r2, "Registrato per errore"); err != nil {
		t.Fatal(err)
	}
	if e := reg.Entries(2025); len(e) != 2 || e[1].CancelReason == "" || e[0].CancelReason != "" {
		t.Errorf("entries %+v", e)
	}
	if err := reg.Cancel(ctx, r2, "di nuovo"); !errors.Is(err, instance.ErrConflict) {
		t.Errorf("second cancel: %v", err)
	}
	if err := reg.Cancel(ctx, instance.Registration{Year: 2024, Number: 1}, "mai registrato"); !errors.Is(err, instance.ErrNotFound) {
		t.Errorf("cancel of an unknown registration: %v", err)
	}
	bad := req
	bad.SHA256 = "nope"
	if _, err := reg.Register(ctx, bad); !errors.Is(err, instance.ErrRequirement) {
		t.Errorf("no hash: %v", err)
	}
	if _, err := instance.NewProtocolRegister(instance.RegisterConfig{AOO: "A"}); !errors.Is(err, instance.ErrConfig) {
		t.Errorf("no administration: %v", err)
	}
}

func TestProtocolRegisterConcurrent(t *testing.T) {
	t.Parallel()
	reg, _ := instance.NewProtocolRegister(instance.RegisterConfig{Administration: "c_h501", AOO: "A"})
	const n = 200
	var wg sync.WaitGroup
	nums := make([]int64, n)
	for i := range n {
		wg.Go(func() {
			r, err := reg.Register(context.Background(), instance.ProtocolRequest{Direction: instance.Outgoing, Subject: "x", SHA256: hash})
			if err != nil {
				t.Error(err)
			}
			nums[i] = r.Number
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for _, k := range nums {
		if seen[k] || k < 1 || k > n {
			t.Fatalf("number %d repeated or out of 1..%d", k, n)
		}
		seen[k] = true
	}
}

func TestArchive(t *testing.T) {
	t.Parallel()
	now := func() time.Time { return t0 }
	svc, other := instance.ChangeOfAddress(), instance.ResidenceCertificate() // both XI/2
	app := &instance.Application{ID: "a"}
	per := instance.NewArchive(instance.DossierPerApplication, now)
	d1, d2, d3 := must(per.File(t.Context(), app, svc)), must(per.File(t.Context(), app, svc)), must(per.File(t.Context(), app, other))
	if d1.ID != "2026-XI/2.1" || d2.ID != "2026-XI/2.2" || d3.ID != "2026-XI/2.3" || d1.Number != 1 {
		t.Errorf("per application: %s %s %s", d1.ID, d2.ID, d3.ID)
	}
	year := instance.NewArchive(instance.DossierPerServiceYear, now)
	e1, e2, e3 := must(year.File(t.Context(), app, svc)), must(year.File(t.Context(), app, svc)), must(year.File(t.Context(), app, other))
	if e1 != e2 || e3.ID != "2026-XI/2.2" || e1.Classification.Title.Roman() != "XI" || e1.Classification.Title.Name() != "Servizi demografici" {
		t.Errorf("per service and year: %+v %+v %+v", e1, e2, e3)
	}
	if workday.DateOf(e1.OpenedAt) != workday.DateOf(t0) || !e1.Open() {
		t.Errorf("opened %v", e1.OpenedAt)
	}
}

func TestPerApplicationDossierClosesWithTheDecision(t *testing.T) {
	t.Parallel()
	svc := serviceFor(instance.IfNoProtocol | instance.IfWithdraw | instance.IfReopen)
	app := appIn(instance.StateInCharge, t0)
	d := must(instance.NewArchive(instance.DossierPerApplication, nil).File(t.Context(), app, svc))
	app.Dossier = &d
	if _, err := app.Apply(svc, instance.Command{Action: instance.ActionWithdraw, Actor: instance.Citizen(applicant()), At: t0}, instance.Clock{}); err != nil {
		t.Fatal(err)
	}
	if app.Dossier.Open() {
		t.Error("dossier still open after the withdrawal")
	}
	if _, err := app.Apply(svc, instance.Command{Action: instance.ActionReopen, Actor: operator(), Reason: "errore", At: t0}, instance.Clock{}); err != nil {
		t.Fatal(err)
	}
	if !app.Dossier.Open() {
		t.Error("dossier closed after reopening")
	}
}
