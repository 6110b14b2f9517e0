package instance_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/siopi/siopi/instance"
)

func TestRoadReportAttachmentsAndClosedWindow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	l1 := applicant()
	l1.Level = 1
	app := must(f.desk.Start(ctx, instance.ServiceRoadReport, l1))
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)
	if _, err := f.desk.Attach(ctx, app.ID, app.Version, citizen, "foto", "a.pdf", "application/pdf", pdf(1)); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("PDF as photo: %v", err)
	}
	if _, err := f.desk.Attach(ctx, app.ID, app.Version, citizen, "foto", "a.png", "image/png", pdf(1)); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("PDF content declared as PNG: %v", err)
	}
	if _, err := f.desk.Attach(ctx, app.ID, app.Version, citizen, "foto", "big.png", "image/png", bytes.NewReader(make([]byte, 10<<20+1))); !errors.Is(err, instance.ErrTooLarge) {
		t.Errorf("11 MB photo: %v", err)
	}
	for i := range 3 {
		app = must(f.desk.Attach(ctx, app.ID, app.Version, citizen, "foto", "buca.png", "image/png", bytes.NewReader(append(png, byte(i)))))
	}
	if _, err := f.desk.Attach(ctx, app.ID, app.Version, citizen, "foto", "d.png", "image/png", bytes.NewReader(png)); !errors.Is(err, instance.ErrInvalid) {
		t.Errorf("fourth photo: %v", err)
	}
	app = f.fill(t, app, map[string]map[string]string{instance.StepConditions: consent,
		"report": {"tipo": "altro", "altro_tipo": "Tombino", "luogo": "Via Appia 10", "descrizione": "Tombino sollevato"}})
	if got := f.desk.Summary(app).Text(); !strings.Contains(got, "Fotografie: buca.png (109 byte), buca.png") {
		t.Errorf("summary:\n%s", got)
	}
	app = must(f.desk.Submit(ctx, app.ID, app.Version, citizen))
	op := opOf("ufficio-tecnico")
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionTake, Actor: op}))
	app = must(f.desk.Do(ctx, app.ID, app.Version, instance.Command{Action: instance.ActionReject, Actor: op, Document: document, Reason: "Area privata"}))
	if app.State != instance.StateRejected {
		t.Fatalf("report closed as %s", app.State)
	}
	// A service outside its window refuses drafts.
	svc := instance.SchoolCanteen()
	svc.Window = instance.Window{From: t0.AddDate(0, 1, 0)}
	d, err := instance.New(instance.Config{Municipality: comune, Services: []*instance.Service{svc}, Store: instance.NewMemoryStore(nil), Now: f.now.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Start(ctx, svc.ID, applicant()); !errors.Is(err, instance.ErrClosed) {
		t.Errorf("closed window: %v", err)
	}
}

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	bad := instance.ResidenceCertificate()
	bad.TermDays = 200
	tests := []instance.Config{
		{Municipality: comune},
		{Municipality: "123", Store: instance.NewMemoryStore(nil)},
		{Municipality: comune, Store: instance.NewMemoryStore(nil), Services: []*instance.Service{bad}},
		{Municipality: comune, Store: instance.NewMemoryStore(nil), Services: []*instance.Service{instance.ChangeOfAddress(), instance.ChangeOfAddress()}},
	}
	for i, cfg := range tests {
		if _, err := instance.New(cfg); !errors.Is(err, instance.ErrConfig) {
			t.Errorf("config %d: got %v, want ErrConfig", i, err)
		}
	}
}
