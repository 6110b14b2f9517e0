// Package testpg gives tests a PostgreSQL database when one is configured.
//
// Tests that need PostgreSQL call [DSN] or [Schema]. When SIOPI_TEST_POSTGRES
// is empty they are skipped, so `go test ./...` passes on a machine with
// nothing but Go; under CI=true an empty variable or an unreachable server
// fails the test instead, so CI never reports green without having run them.
package testpg

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

// EnvDSN is the environment variable that holds the test database's DSN.
const EnvDSN = "SIOPI_TEST_POSTGRES"

// inCI reports whether the tests run under CI, where skipping is not allowed.
func inCI() bool { return os.Getenv("CI") == "true" }

// DSN returns the test database's DSN after checking that it answers. It skips
// the test when none is configured outside CI and fails it under CI or when
// the configured database cannot be reached.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn == "" {
		if inCI() {
			t.Fatalf("testpg: %s is empty under CI=true; PostgreSQL tests must run in CI", EnvDSN)
		}
		t.Skipf("testpg: set %s to run PostgreSQL tests", EnvDSN)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("testpg: open %s: %v", redact(dsn), err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("testpg: PostgreSQL at %s is unreachable: %v", redact(dsn), err)
	}
	return dsn
}

// Schema creates a fresh schema for the calling test, returns a DSN whose
// search_path selects it, and drops it when the test ends. Tests that use it
// can run in parallel on one database without seeing each other's tables.
func Schema(t testing.TB) string {
	t.Helper()
	dsn := DSN(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("testpg: %v", err)
	}
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+name); err != nil {
		db.Close()
		t.Fatalf("testpg: create schema: %v", err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("testpg: drop schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("testpg: %s is not a URL DSN: %v", EnvDSN, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// redact hides a password in a DSN for messages.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return fmt.Sprintf("%q", dsn)
	}
	return u.Redacted()
}
