// Package sqlstore implements the domain packages' Store interfaces on
// database/sql: embedded SQLite (modernc.org/sqlite, no cgo) by default,
// PostgreSQL (pgx through its database/sql driver) for several replicas.
// The SQL and the goose migrations are shared by both where the dialects
// agree.
package sqlstore
