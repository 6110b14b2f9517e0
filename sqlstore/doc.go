// Package sqlstore implements the domain packages' Store interfaces on
// database/sql: embedded SQLite (modernc.org/sqlite, pure Go, no cgo) by
// default, PostgreSQL (pgx through its database/sql driver) when several
// portal replicas share one database. Both dialects run the same SQL and,
// where they agree, the same migrations.
//
// # Opening the database
//
// A portal opens one [DB] at start-up and shares it:
//
//	db, err := sqlstore.Open(ctx, sqlstore.Config{
//		DSN:    "file:siopi.db", // or "postgres://user@host/siopi?sslmode=verify-full"
//		Logger: logger,
//	})
//	if err != nil {
//		return err
//	}
//	defer db.Close()
//
// [Open] applies the embedded goose migrations the database lacks
// (migrations/*.sql for both dialects, migrations/sqlite and
// migrations/postgres for the versions whose SQL differs). On PostgreSQL it
// takes an advisory lock first, per database and schema, so replicas that
// start together migrate one at a time.
//
// # Wiring the pagopa store
//
// [DB.Pagopa] is the [pagopa.Store] of positions, activation locks and
// receipts; [DB.IUVSequence] is the durable [pagopa.IUVSequence] that hands
// out notice numbers:
//
//	store := db.Pagopa()
//	st, err := station.New(station.Config{
//		Organizations: []string{"01199250158"},
//		BrokerID:      "15376371009",
//		StationID:     "15376371009_01",
//		Store:         store,
//	})
//	nav, err := pagopa.NextNoticeNumber(ctx, db.IUVSequence(), "01199250158", 1)
//
// Every method is one transaction. A position is a row holding the
// position as a JSON document plus the columns queries select on (status,
// version), and one row per payment option (IUV, notice number, status, due
// date) whose primary key makes IUVs unique per creditor body. Paid
// transfers awaiting a reporting flow are kept in an index table updated in
// the same transaction as the position, so UnreportedTransfers reads only
// them. RecordReceipt serialises the receipts of one IUV on its activation
// lock row, which it deletes (releasing the lock) when it stores the
// receipt.
//
// # SQLite
//
// The file runs in WAL mode with a busy timeout, foreign keys on and
// synchronous=NORMAL. The store holds one writer connection whose
// transactions begin IMMEDIATE, so writers queue in Go instead of failing
// with SQLITE_BUSY, and a pool of query-only reader connections that WAL
// lets read while the writer writes. In-memory databases are refused: the
// two pools must see one file (use a file in t.TempDir() in tests).
//
// # PostgreSQL
//
// Read-modify-write operations lock the rows they change (SELECT … FOR
// UPDATE, upserts); creation relies on primary keys with ON CONFLICT DO
// NOTHING; IUV sequences are one row per (creditor body, segregation code)
// advanced by UPDATE … RETURNING under its row lock. Serialisation failures
// and deadlocks rerun the transaction. Identifiers that are listed in order
// (IUPD, receipt ID) use the "C" collation, so pages are in byte order as on
// SQLite.
//
// # Several municipalities
//
// Every table carries the creditor body's (EC's) fiscal code in its primary
// key, so one database serves several Comuni without a schema change.
// Instants are stored as microseconds since the Unix epoch (UTC) in the
// columns queries compare; the JSON documents keep the exact values.
//
// # The other stores
//
// Each domain's store passes that domain's exported conformance suite on
// both databases:
//
//   - [DB.Instance] is the [instance.Store]: applications as JSON plus the
//     columns the worklists filter and sort on; Update writes the
//     application, its event and the outbox row in one transaction, with
//     commit-ordered event numbers. [DB.Protocol] is a durable
//     [instance.Protocol]: one counter row per administration, AOO, register
//     and year (Europe/Rome), advanced in the registering transaction.
//   - [DB.Booking] is the [booking.Store]: a slot lock row is taken (FOR
//     UPDATE on PostgreSQL) before the occupying bookings are counted, each
//     citizen's limits under pg_advisory_xact_lock, the waitlist offered in
//     order in the same transaction, outbox numbers in commit order.
//   - [DB.SPIDRequests], [DB.SPIDReplay] and [DB.SPIDRegister] are spid's
//     stores: a request is taken once with DELETE … RETURNING and the replay
//     cache is an insert that takes over only expired IDs, so any replica can
//     answer any Response; the register is append-only (a trigger refuses
//     updates) and PurgeRegister keeps 24 months.
//   - [DB.AppIOSent] is appio's [appio.SentStore] (reserve, then complete or
//     release, per municipality).
//
// Not here yet: the worker that drains the outboxes with retries, and the
// portal's session store.
package sqlstore
