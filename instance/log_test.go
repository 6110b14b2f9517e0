package instance_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/siopi/siopi/instance"
)

// TestLogsRedactFiscalCodes: applicants, actors and applications log a
// masked fiscal code, and errors never carry a full one.
func TestLogsRedactFiscalCodes(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	app := appIn(instance.StateInCharge, t0)
	log.Info("x", "applicant", applicant(), "actor", instance.Citizen(applicant()), "application", app,
		"beneficiary", instance.Person{FiscalCode: gianni})
	_, err := app.Apply(serviceFor(instance.IfWithdraw), instance.Command{Action: instance.ActionWithdraw,
		Actor: instance.Citizen(instance.Applicant{FiscalCode: gianni}), At: t0}, instance.Clock{})
	out := buf.String() + err.Error()
	if strings.Contains(out, mario) || strings.Contains(out, gianni) {
		t.Errorf("full fiscal code in logs or errors: %s", out)
	}
	if !strings.Contains(buf.String(), "service=prova") {
		t.Errorf("application not identified: %s", buf.String())
	}
}
