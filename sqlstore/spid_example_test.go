package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/sqlstore"
)

// The SAML stores live in the database, so the replica that receives an
// IdP's Response need not be the one that sent the AuthnRequest: each
// request is answered once, and each Response or Assertion ID is accepted
// once, whichever replica sees it.
func ExampleDB_SPIDRequests() {
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

	requests, replay := db.SPIDRequests(), db.SPIDReplay()
	expires := time.Now().Add(15 * time.Minute)
	if err := requests.Save(ctx, spid.Request{ID: "_a1", Kind: spid.KindAuthn, Level: spid.L2, Expires: expires}); err != nil {
		log.Fatal(err)
	}
	req, err := requests.Take(ctx, "_a1")
	fmt.Println(req.ID, req.Level, err)
	_, err = requests.Take(ctx, "_a1")
	fmt.Println(errors.Is(err, spid.ErrUnknownRequest))

	fmt.Println(replay.Use(ctx, "assertion:_x9", expires))
	fmt.Println(errors.Is(replay.Use(ctx, "assertion:_x9", expires), spid.ErrReplay))
	// Output:
	// _a1 SpidL2 <nil>
	// true
	// <nil>
	// true
}
