-- The instance store: applications (a JSON document plus the columns the
-- citizen's list and the office's worklist select and sort on), their
-- append-only event log, the transactional outbox of events not yet handed
-- to the host, and named sequences (the events' global Seq). Civil dates
-- (deadline, waiting_until, near_notified) are INTEGER yyyymmdd, 0 for
-- none; instants are BIGINT microseconds since the Unix epoch (UTC). Fiscal
-- codes are stored normalised (trimmed, upper case) for the citizen's list.
-- The protocol register keeps one counter row per administration, AOO,
-- register and year (numbers restart each calendar year in Europe/Rome),
-- advanced in the transaction that writes the entry; entries are never
-- deleted, only cancelled with a reason.

-- +goose Up
CREATE TABLE instance_applications (
    id                TEXT     NOT NULL PRIMARY KEY,
    municipality      TEXT     NOT NULL,
    service_id        TEXT     NOT NULL,
    office            TEXT     NOT NULL,
    protocol_required SMALLINT NOT NULL,
    state             TEXT     NOT NULL,
    status            TEXT     NOT NULL,
    applicant_code    TEXT     NOT NULL,
    beneficiary_code  TEXT     NOT NULL,
    assignee          TEXT     NOT NULL,
    created_us        BIGINT   NOT NULL,
    submitted_us      BIGINT   NOT NULL,
    updated_us        BIGINT   NOT NULL,
    deadline          INTEGER  NOT NULL,
    waiting_until     INTEGER  NOT NULL,
    near_notified     INTEGER  NOT NULL,
    version           BIGINT   NOT NULL,
    row_doc           TEXT     NOT NULL,
    doc               TEXT     NOT NULL
);
CREATE INDEX instance_applications_applicant ON instance_applications (applicant_code, updated_us);
CREATE INDEX instance_applications_beneficiary ON instance_applications (beneficiary_code, updated_us)
    WHERE beneficiary_code <> '';
CREATE INDEX instance_applications_office ON instance_applications (office, state, updated_us);
CREATE INDEX instance_applications_deadline ON instance_applications (office, deadline);

CREATE TABLE instance_events (
    seq            BIGINT NOT NULL PRIMARY KEY,
    application_id TEXT   NOT NULL,
    version        BIGINT NOT NULL,
    doc            TEXT   NOT NULL,
    UNIQUE (application_id, version)
);

CREATE TABLE instance_outbox (
    seq BIGINT NOT NULL PRIMARY KEY
);

CREATE TABLE instance_sequences (
    name  TEXT   NOT NULL PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO instance_sequences (name, value) VALUES ('events', 0);

CREATE TABLE instance_protocol_counters (
    administration TEXT    NOT NULL,
    aoo            TEXT    NOT NULL,
    register       TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    last           BIGINT  NOT NULL,
    PRIMARY KEY (administration, aoo, register, year)
);

CREATE TABLE instance_protocol_entries (
    administration TEXT    NOT NULL,
    aoo            TEXT    NOT NULL,
    register       TEXT    NOT NULL,
    year           INTEGER NOT NULL,
    number         BIGINT  NOT NULL,
    registered_us  BIGINT  NOT NULL,
    sha256         TEXT    NOT NULL,
    application_id TEXT    NOT NULL,
    cancelled_us   BIGINT  NOT NULL,
    cancel_reason  TEXT    NOT NULL,
    doc            TEXT    NOT NULL,
    PRIMARY KEY (administration, aoo, register, year, number)
);
CREATE INDEX instance_protocol_entries_application ON instance_protocol_entries (application_id)
    WHERE application_id <> '';

-- +goose Down
DROP TABLE instance_protocol_entries;
DROP TABLE instance_protocol_counters;
DROP TABLE instance_sequences;
DROP TABLE instance_outbox;
DROP TABLE instance_events;
DROP TABLE instance_applications;
