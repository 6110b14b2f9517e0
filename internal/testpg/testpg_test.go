package testpg_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/siopi/siopi/internal/testpg"
)

// TestPostgres proves the configured PostgreSQL answers and that Schema
// isolates a test's tables. Under CI=true it fails when the database is
// unreachable, which is what .ci/run relies on.
func TestPostgres(t *testing.T) {
	dsn := testpg.Schema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var version string
	if err := db.QueryRowContext(t.Context(), "SELECT version()").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(version, "PostgreSQL") {
		t.Fatalf("version() = %q", version)
	}
	if _, err := db.ExecContext(t.Context(), "CREATE TABLE probe (id int PRIMARY KEY)"); err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := db.QueryRowContext(t.Context(), "SELECT table_schema FROM information_schema.tables WHERE table_name = 'probe'").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(schema, "t_") {
		t.Fatalf("probe table created in schema %q, want the test's own", schema)
	}
}
