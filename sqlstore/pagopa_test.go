package sqlstore_test

import (
	"log/slog"
	"path/filepath"
	"testing"

	"github.com/siopi/siopi/internal/testpg"
	"github.com/siopi/siopi/pagopa"
	"github.com/siopi/siopi/pagopa/pagopatest"
	"github.com/siopi/siopi/sqlstore"
)

// openSQLite opens a migrated SQLite database in a file of the test's
// temporary directory.
func openSQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, "file:"+filepath.Join(t.TempDir(), "siopi.db"))
}

// openPostgres opens a migrated PostgreSQL schema of its own, or skips the
// test when SIOPI_TEST_POSTGRES is empty (outside CI).
func openPostgres(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, testpg.Schema(t))
}

func open(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), sqlstore.Config{DSN: dsn, MaxConns: 4, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db
}

func TestPagopaStoreSQLite(t *testing.T) {
	t.Parallel()
	pagopatest.TestStore(t, func(t *testing.T) pagopa.Store { return openSQLite(t).Pagopa() })
}

func TestPagopaStorePostgres(t *testing.T) {
	t.Parallel()
	testpg.DSN(t) // skip before the suite when PostgreSQL is not configured
	pagopatest.TestStore(t, func(t *testing.T) pagopa.Store { return openPostgres(t).Pagopa() })
}
