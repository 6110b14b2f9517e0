package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/sqlstore"
)

// An App IO message is submitted once per idempotency key: the key is
// reserved before the call and completed with IO's message id after it.
func ExampleDB_AppIOSent() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "siopi")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	db, err := sqlstore.Open(ctx, sqlstore.Config{DSN: filepath.Join(dir, "siopi.db"), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	sent := db.AppIOSent("01199250158") // the municipality's fiscal code
	if _, err := sent.Reserve(ctx, "tari-2026:42"); err != nil {
		log.Fatal(err)
	}
	if err := sent.Complete(ctx, "tari-2026:42", "01ARZ3NDEKTSV4RRFFQ69G5FAV"); err != nil {
		log.Fatal(err)
	}
	rec, err := sent.Reserve(ctx, "tari-2026:42")
	fmt.Println(rec.MessageID, errors.Is(err, appio.ErrAlreadySent))
	// Output:
	// 01ARZ3NDEKTSV4RRFFQ69G5FAV true
}
