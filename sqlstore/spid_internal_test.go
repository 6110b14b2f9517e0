package sqlstore

import (
	"log/slog"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/spid"
)

// testOrg is the fiscal code of the municipality the tests' records
// belong to.
const testOrg = "01199250158"

// openBoth runs f on a fresh SQLite database and, when SIOPI_TEST_POSTGRES
// is set, on a fresh PostgreSQL schema, each with a clock of its own that
// starts at start and that f sets (in microseconds since the Unix epoch).
func openBoth(t *testing.T, start time.Time, f func(t *testing.T, db *DB, clock *atomic.Int64)) {
	for _, d := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "siopi.db") }},
		{"Postgres", func(t *testing.T) string { return testpg.Schema(t) }},
	} {
		t.Run(d.name, func(t *testing.T) {
			t.Parallel()
			clock := new(atomic.Int64)
			clock.Store(start.UnixMicro())
			now := func() time.Time { return time.UnixMicro(clock.Load()).UTC() }
			db, err := Open(t.Context(), Config{DSN: d.dsn(t), Now: now, MaxConns: 4, Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			f(t, db, clock)
		})
	}
}

func count(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.write.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSPIDRegisterAppendOnly checks that the database itself refuses to
// change a recorded transaction.
func TestSPIDRegisterAppendOnly(t *testing.T) {
	t.Parallel()
	openBoth(t, time.Now(), func(t *testing.T, db *DB, _ *atomic.Int64) {
		if err := db.SPIDRegister(testOrg).Record(t.Context(), spid.Transaction{Provider: "spid", AuthnReqID: "_r", Outcome: "success",
			Received: time.Now()}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.write.ExecContext(t.Context(), `UPDATE spid_register SET outcome = 'forged'`); err == nil {
			t.Error("UPDATE of the register succeeded, want it refused")
		}
		got, err := db.SPIDRegister(testOrg).Transactions(t.Context(), time.Time{}, time.Time{})
		if err != nil || len(got) != 1 || got[0].Outcome != "success" {
			t.Errorf("register after UPDATE = %+v, %v; want the original entry", got, err)
		}
	})
}

// TestSPIDLazyPurge checks that expired requests and replay records are
// deleted by later writes, at most once per purgeEvery.
func TestSPIDLazyPurge(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	openBoth(t, start, func(t *testing.T, db *DB, clock *atomic.Int64) {
		now := func() time.Time { return time.UnixMicro(clock.Load()).UTC() }
		reqs, replay := db.SPIDRequests(), db.SPIDReplay()
		for i, id := range []string{"_a", "_b"} {
			exp := start.Add(time.Duration(i+1) * time.Minute)
			if err := reqs.Save(t.Context(), spid.Request{ID: id, Kind: spid.KindAuthn, Expires: exp}); err != nil {
				t.Fatal(err)
			}
			if err := replay.Use(t.Context(), "response:"+id, exp); err != nil {
				t.Fatal(err)
			}
		}
		if err := reqs.Save(t.Context(), spid.Request{ID: "_forever", Kind: spid.KindAuthn}); err != nil {
			t.Fatal(err)
		}
		if n, m := count(t, db, "spid_requests"), count(t, db, "spid_replay"); n != 3 || m != 2 {
			t.Fatalf("%d requests, %d replay records; want 3 and 2", n, m)
		}
		clock.Store(start.Add(10 * time.Minute).UnixMicro())
		if err := reqs.Save(t.Context(), spid.Request{ID: "_c", Kind: spid.KindAuthn, Expires: now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := replay.Use(t.Context(), "response:_c", now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n, m := count(t, db, "spid_requests"), count(t, db, "spid_replay"); n != 2 || m != 1 {
			t.Errorf("after the purge: %d requests, %d replay records; want 2 (_forever, _c) and 1", n, m)
		}
		if _, err := reqs.Take(t.Context(), "_forever"); err != nil {
			t.Errorf("Take of a request without expiry: %v", err)
		}
	})
}
