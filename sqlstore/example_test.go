package sqlstore_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/sqlstore"
)

// A portal opens the database once, takes the pagopa store and the IUV
// sequence from it, and creates a debt position for a new notice number.
func Example() {
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

	nav, err := pagopa.NextNoticeNumber(ctx, db.IUVSequence(), pagopatest.Organization, 1)
	if err != nil {
		log.Fatal(err)
	}
	p := pagopatest.NewPosition(pagopatest.Organization, nav, 12050, time.Now().AddDate(0, 1, 0))
	if err := p.Publish(time.Now()); err != nil {
		log.Fatal(err)
	}
	store := db.Pagopa()
	if _, err := store.CreatePosition(ctx, p); err != nil {
		log.Fatal(err)
	}
	got, err := store.PositionByIUV(ctx, pagopatest.Organization, nav.IUV())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(nav, got.Status, got.Version, got.Options[0].Amount)
	// Output: 301000000000000144 VALID 1 120.50
}
