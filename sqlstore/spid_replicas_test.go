package sqlstore_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/appio"
	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/spid"
	"github.com/siopi/siopi/sqlstore"
)

// replicas opens two DBs on one database, as two portal replicas (or two
// processes on one SQLite file) would.
var replicas = []struct {
	name string
	open func(t *testing.T) (a, b *sqlstore.DB)
}{
	{"SQLite", func(t *testing.T) (*sqlstore.DB, *sqlstore.DB) {
		dsn := "file:" + filepath.Join(t.TempDir(), "siopi.db")
		return open(t, dsn), open(t, dsn)
	}},
	{"Postgres", func(t *testing.T) (*sqlstore.DB, *sqlstore.DB) {
		dsn := testpg.Schema(t)
		return open(t, dsn), open(t, dsn)
	}},
}

// TestSPIDAcrossReplicas checks that a request saved by one replica is
// answered on another, once, and that the replay cache and the App IO keys
// are shared: of concurrent attempts on both replicas exactly one wins.
func TestSPIDAcrossReplicas(t *testing.T) {
	t.Parallel()
	for _, r := range replicas {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			a, b := r.open(t)
			later := time.Now().Add(10 * time.Minute)
			for i := range 10 {
				id := fmt.Sprintf("_req%d", i)
				if err := a.SPIDRequests().Save(t.Context(), spid.Request{ID: id, Kind: spid.KindAuthn, Expires: later}); err != nil {
					t.Fatal(err)
				}
				wins := race(t, a, b, func(db *sqlstore.DB) error {
					_, err := db.SPIDRequests().Take(t.Context(), id)
					return err
				}, spid.ErrUnknownRequest)
				if wins != 1 {
					t.Errorf("Take %s: %d winners, want 1", id, wins)
				}
				if wins := race(t, a, b, func(db *sqlstore.DB) error {
					return db.SPIDReplay().Use(t.Context(), "assertion:"+id, later)
				}, spid.ErrReplay); wins != 1 {
					t.Errorf("Use %s: %d winners, want 1", id, wins)
				}
				if wins := race(t, a, b, func(db *sqlstore.DB) error {
					_, err := db.AppIOSent(testOrg).Reserve(t.Context(), "key"+id)
					return err
				}, appio.ErrPending); wins != 1 {
					t.Errorf("Reserve %s: %d winners, want 1", id, wins)
				}
			}
		})
	}
}

// race runs f 8 times on each of a and b at once and returns how many
// calls succeeded; every other must fail with lost.
func race(t *testing.T, a, b *sqlstore.DB, f func(*sqlstore.DB) error, lost error) int {
	t.Helper()
	var (
		wins  atomic.Int32
		wg    sync.WaitGroup
		start = make(chan struct{})
	)
	for i := range 16 {
		db := a
		if i%2 == 1 {
			db = b
		}
		wg.Go(func() {
			<-start
			switch err := f(db); {
			case err == nil:
				wins.Add(1)
			case !errors.Is(err, lost):
				t.Errorf("losing call: %v, want %v", err, lost)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(wins.Load())
}
