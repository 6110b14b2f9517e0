package instance_test

import (
	"context"
	"testing"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/instance/instancetest"
	"github.com/siopi/siopi/workday"
)

// TestProtocolRegister runs the protocol conformance suite on the built-in
// register.
func TestProtocolRegister(t *testing.T) {
	t.Parallel()
	instancetest.TestProtocol(t, func(*testing.T) func(instance.RegisterConfig) (instancetest.Register, error) {
		return func(cfg instance.RegisterConfig) (instancetest.Register, error) {
			reg, err := instance.NewProtocolRegister(cfg)
			if err != nil {
				return instancetest.Register{}, err
			}
			return instancetest.Register{Protocol: reg, Entries: func(_ context.Context, year int) ([]instance.Entry, error) {
				return reg.Entries(year), nil
			}}, nil
		}
	})
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
