package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // registers the "sqlite" database/sql driver (no cgo)
)

// Config configures [Open].
type Config struct {
	// DSN selects the database. "postgres://…" or "postgresql://…" opens
	// PostgreSQL through pgx; anything else is SQLite: a file name
	// ("siopi.db"), a SQLite URI ("file:siopi.db?…") or either prefixed with
	// "sqlite:" ("sqlite:siopi.db"). Required. SQLite's in-memory databases
	// are not supported: the store keeps separate reader and writer
	// connections, which must see one file.
	DSN string
	// Logger receives migration and retry messages. Nil means
	// [slog.Default].
	Logger *slog.Logger
	// Now is the clock for CreatedAt and UpdatedAt. Nil means [time.Now].
	Now func() time.Time
	// MaxConns bounds the open connections: to PostgreSQL, shared by
	// everything; to SQLite, the readers (there is always one writer).
	// Zero means 4 × GOMAXPROCS, at least 8.
	MaxConns int
}

// dialect is the SQL flavour of a [DB].
type dialect int

const (
	sqlite dialect = iota
	postgres
)

// DB is an open siopi database: SQLite or PostgreSQL, migrated. It is safe
// for concurrent use; open one per process and share it.
type DB struct {
	dialect dialect
	// write runs transactions and writes. On SQLite it holds one
	// connection whose transactions begin IMMEDIATE: writers queue in the
	// pool instead of failing with SQLITE_BUSY. On PostgreSQL it is the
	// pool.
	write *sql.DB
	// read runs single-statement reads: on SQLite a pool of query-only
	// connections that WAL lets read while the writer writes; on
	// PostgreSQL the same pool as write.
	read *sql.DB
	log  *slog.Logger
	now  func() time.Time
}

// Open opens the database cfg.DSN names and applies the embedded migrations
// that it lacks. Several processes may open one PostgreSQL database at once:
// migrations run under an advisory lock.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	if cfg.DSN == "" {
		return nil, errors.New("sqlstore: open: empty DSN")
	}
	db := &DB{log: cfg.Logger, now: cfg.Now}
	if db.log == nil {
		db.log = slog.Default()
	}
	if db.now == nil {
		db.now = time.Now
	}
	var err error
	if strings.HasPrefix(cfg.DSN, "postgres://") || strings.HasPrefix(cfg.DSN, "postgresql://") {
		db.dialect = postgres
		db.write, err = sql.Open("pgx", cfg.DSN)
		db.read = db.write
		if err == nil {
			db.write.SetMaxOpenConns(maxConns(cfg.MaxConns))
			db.write.SetMaxIdleConns(maxConns(cfg.MaxConns))
		}
	} else {
		err = db.openSQLite(cfg.DSN, maxConns(cfg.MaxConns))
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// openSQLite opens the writer and reader pools of a SQLite file with WAL,
// a busy timeout and foreign keys on.
func (db *DB) openSQLite(dsn string, readers int) error {
	dsn = strings.TrimPrefix(dsn, "sqlite:")
	if strings.Contains(dsn, ":memory:") || strings.Contains(dsn, "mode=memory") {
		return errors.New("in-memory SQLite is not supported: use a file (e.g. in t.TempDir())")
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	common := dsn + sep + "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	var err error
	if db.write, err = sql.Open("sqlite", common+"&_pragma=journal_mode(WAL)&_txlock=immediate"); err != nil {
		return err
	}
	db.write.SetMaxOpenConns(1)
	// journal_mode=WAL persists in the file; set it before readers connect.
	if err := db.write.Ping(); err != nil {
		return err
	}
	if db.read, err = sql.Open("sqlite", common+"&_pragma=query_only(1)"); err != nil {
		return err
	}
	db.read.SetMaxOpenConns(readers)
	db.read.SetMaxIdleConns(readers)
	return nil
}

// maxConns applies the default of [Config.MaxConns].
func maxConns(n int) int {
	if n > 0 {
		return n
	}
	return max(8, 4*runtime.GOMAXPROCS(0))
}

// Close closes the database's connections.
func (db *DB) Close() error {
	var errs []error
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// forUpdate is the row-lock suffix of a SELECT in a transaction: PostgreSQL
// locks the rows; SQLite's BEGIN IMMEDIATE has already locked the database.
func (db *DB) forUpdate() string {
	if db.dialect == postgres {
		return " FOR UPDATE"
	}
	return ""
}

// inTx runs fn in one transaction on the writer and commits it if fn
// returns nil. fn's error is returned unchanged. On PostgreSQL a
// serialization failure or deadlock reruns fn, up to a few times.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	for attempt := 0; ; attempt++ {
		err := db.tx(ctx, fn)
		if err == nil || attempt >= 4 || !retryable(err) {
			return err
		}
		db.log.DebugContext(ctx, "sqlstore: retrying transaction", "attempt", attempt+1, "err", err)
	}
}

func (db *DB) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// retryable reports a PostgreSQL serialization failure or deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// micros is the column value of an instant: microseconds since the Unix
// epoch, UTC.
func micros(t time.Time) int64 { return t.UnixMicro() }
