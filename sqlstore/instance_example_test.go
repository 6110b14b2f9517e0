package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/siopi/siopi/instance"
	"github.com/siopi/siopi/sqlstore"
	"github.com/siopi/siopi/workday"
)

// A desk runs on the database: applications, their events and the outbox
// in the instance store, protocol numbers in the durable register. The
// citizen's change of address is submitted, protocolled, and appears in
// the office's worklist; its events wait in the outbox for the worker.
func ExampleDB_Instance() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "siopi")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlstore.Open(ctx, sqlstore.Config{
		DSN:    "file:" + filepath.Join(dir, "siopi.db"),
		Logger: slog.New(slog.DiscardHandler),
	})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	now := func() time.Time { return time.Date(2026, 3, 4, 10, 0, 0, 0, workday.Rome()) }
	register, err := db.Protocol(instance.RegisterConfig{Administration: "c_h501", AOO: "AOO_ROMA", Now: now})
	if err != nil {
		log.Fatal(err)
	}
	desk, err := instance.New(instance.Config{
		Municipality: "02438750586",
		Services:     instance.ExampleServices(),
		Store:        db.Instance(),
		Protocol:     register,
		Now:          now,
		NewID:        func() string { return "pratica-1" },
		Logger:       slog.New(slog.DiscardHandler),
	})
	if err != nil {
		log.Fatal(err)
	}
	mario := instance.Applicant{FiscalCode: "RSSMRA85T10A562S", GivenName: "Mario", FamilyName: "Rossi",
		Email: "mario.rossi@example.it", Method: instance.MethodSPID, Level: 2}
	me := instance.Citizen(mario)
	app, err := desk.Start(ctx, instance.ServiceChangeOfAddress, mario)
	if err != nil {
		log.Fatal(err)
	}
	if app, err = desk.Attach(ctx, app.ID, app.Version, me, "titolo_occupazione", "contratto.pdf", "application/pdf",
		bytes.NewReader([]byte("%PDF-1.7 contratto"))); err != nil {
		log.Fatal(err)
	}
	steps := map[string]map[string]string{
		instance.StepConditions: {instance.FieldPrivacy: "true", instance.FieldTruthfulness: "true"},
		instance.StepDocuments:  {"indirizzo": "Via dei Fori Imperiali 1", "data_trasferimento": "2026-03-01", "componenti": "2"},
	}
	svc, _ := desk.Service(app.ServiceID)
	for _, st := range svc.Form() {
		if app, err = desk.Advance(ctx, app.ID, app.Version, me, st.ID, steps[st.ID]); err != nil {
			log.Fatal(err)
		}
	}
	if _, err = desk.Submit(ctx, app.ID, app.Version, me); err != nil {
		log.Fatal(err)
	}

	stored, err := db.Instance().Get(ctx, "pratica-1")
	if err != nil {
		log.Fatal(err)
	}
	p, _ := stored.Protocol()
	fmt.Println(stored.Status(), "protocollo:", p, "fascicolo:", stored.Dossier.ID, "scadenza:", stored.Deadline)
	work, err := db.Instance().Worklist(ctx, instance.WorklistQuery{Office: svc.Office, Bucket: instance.BucketToTake,
		Today: workday.DateOf(now())})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("da prendere in carico:", len(work.Rows), work.Rows[0].Protocol)
	pending, err := db.Instance().Pending(ctx, 100)
	if err != nil {
		log.Fatal(err)
	}
	last := pending[len(pending)-1]
	fmt.Println("events in the outbox:", len(pending), "last:", last.Kind, last.To)
	// The worker hands them to the host (App IO, e-mail), then acknowledges.
	seqs := make([]int64, len(pending))
	for i, e := range pending {
		seqs[i] = e.Seq
	}
	if err := db.Instance().Ack(ctx, seqs...); err != nil {
		log.Fatal(err)
	}
	pending, _ = db.Instance().Pending(ctx, 100)
	fmt.Println("after Ack:", len(pending))
	// Output:
	// INVIATA protocollo: 0000001/2026 fascicolo: 2026-XI/2.1 scadenza: 2026-04-20
	// da prendere in carico: 1 0000001/2026
	// events in the outbox: 8 last: transition registered
	// after Ack: 0
}
