-- The booking store: resources, bookings, the slot lock rows that serialise
-- the writers of one slot, waitlists and the event outbox. Resources,
-- bookings, waitlist entries and events are JSON documents plus the columns
-- queries select on; every booking and resource carries its municipality's
-- fiscal code. Instants are BIGINT microseconds since the Unix epoch (UTC);
-- the documents keep the exact values. Sequence numbers come from counter
-- rows advanced under their row lock (outbox) or from the slot lock
-- (waitlist), so the SQL is the same on SQLite and PostgreSQL.

-- +goose Up
CREATE TABLE booking_resources (
    id           TEXT NOT NULL PRIMARY KEY,
    municipality TEXT NOT NULL,
    doc          TEXT NOT NULL
);
CREATE INDEX booking_resources_municipality ON booking_resources (municipality);

CREATE TABLE booking_bookings (
    id            TEXT   NOT NULL PRIMARY KEY,
    municipality  TEXT   NOT NULL,
    resource_id   TEXT   NOT NULL,
    service_id    TEXT   NOT NULL,
    citizen       TEXT   NOT NULL,
    start_us      BIGINT NOT NULL,
    end_us        BIGINT NOT NULL,
    seat          TEXT   NOT NULL,
    status        TEXT   NOT NULL,
    hold_until_us BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    doc           TEXT   NOT NULL
);
CREATE INDEX booking_bookings_slot ON booking_bookings (resource_id, start_us);
CREATE INDEX booking_bookings_citizen ON booking_bookings (citizen, start_us);
CREATE INDEX booking_bookings_status ON booking_bookings (status, hold_until_us);
CREATE INDEX booking_bookings_municipality ON booking_bookings (municipality, start_us);

-- One row per slot ever booked or waited for: the lock target of the
-- writers of that slot (FOR UPDATE on PostgreSQL).
CREATE TABLE booking_slot_locks (
    resource_id TEXT   NOT NULL,
    start_us    BIGINT NOT NULL,
    PRIMARY KEY (resource_id, start_us)
);

CREATE TABLE booking_waitlist (
    id          TEXT   NOT NULL PRIMARY KEY,
    resource_id TEXT   NOT NULL,
    start_us    BIGINT NOT NULL,
    seq         BIGINT NOT NULL,
    state       TEXT   NOT NULL,
    citizen     TEXT   NOT NULL,
    doc         TEXT   NOT NULL
);
CREATE UNIQUE INDEX booking_waitlist_order ON booking_waitlist (resource_id, start_us, seq);
CREATE UNIQUE INDEX booking_waitlist_citizen ON booking_waitlist (resource_id, start_us, citizen)
    WHERE state = 'waiting' AND citizen <> '';

CREATE TABLE booking_outbox (
    seq        BIGINT NOT NULL PRIMARY KEY,
    type       TEXT   NOT NULL,
    created_us BIGINT NOT NULL,
    doc        TEXT   NOT NULL
);

-- The outbox's next Seq. Writers advance it under its row lock as the last
-- step of their transaction, so Seqs are handed out in commit order.
CREATE TABLE booking_counters (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO booking_counters (name, value) VALUES ('outbox', 0);

-- +goose Down
DROP TABLE booking_counters;
DROP TABLE booking_outbox;
DROP TABLE booking_waitlist;
DROP TABLE booking_slot_locks;
DROP TABLE booking_bookings;
DROP TABLE booking_resources;
