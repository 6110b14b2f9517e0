-- The pagopa store: debt positions (a JSON document plus the columns queries
-- select on), their payment options, activation locks, receipts, the index of
-- paid transfers awaiting a reporting flow, and IUV sequences. Every table
-- carries the creditor body's (EC) fiscal code, so one database can serve
-- several municipalities. Instants are BIGINT microseconds since the Unix
-- epoch (UTC), the same on SQLite and PostgreSQL; the documents keep the
-- exact values.

-- +goose Up
CREATE TABLE pagopa_positions (
    org        TEXT    NOT NULL,
    iupd       TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    version    BIGINT  NOT NULL,
    updated_us BIGINT  NOT NULL,
    doc        TEXT    NOT NULL,
    PRIMARY KEY (org, iupd)
);

CREATE TABLE pagopa_options (
    org    TEXT   NOT NULL,
    iuv    TEXT   NOT NULL,
    iupd   TEXT   NOT NULL,
    nav    TEXT   NOT NULL,
    status TEXT   NOT NULL,
    due_us BIGINT NOT NULL,
    PRIMARY KEY (org, iuv),
    FOREIGN KEY (org, iupd) REFERENCES pagopa_positions (org, iupd)
);
CREATE INDEX pagopa_options_position ON pagopa_options (org, iupd);
CREATE INDEX pagopa_options_nav ON pagopa_options (org, nav);
CREATE INDEX pagopa_options_due ON pagopa_options (org, status, due_us);

CREATE TABLE pagopa_locks (
    org      TEXT   NOT NULL,
    iuv      TEXT   NOT NULL,
    until_us BIGINT NOT NULL,
    PRIMARY KEY (org, iuv)
);

CREATE TABLE pagopa_receipts (
    org            TEXT     NOT NULL,
    iuv            TEXT     NOT NULL,
    seq            BIGINT   NOT NULL,
    receipt_id     TEXT     NOT NULL,
    recipient      TEXT     NOT NULL,
    outcome        TEXT     NOT NULL,
    double_payment SMALLINT NOT NULL,
    received_us    BIGINT   NOT NULL,
    doc            TEXT     NOT NULL,
    PRIMARY KEY (org, iuv, seq),
    UNIQUE (org, iuv, receipt_id, recipient)
);
CREATE INDEX pagopa_receipts_double ON pagopa_receipts (recipient, received_us, receipt_id)
    WHERE double_payment = 1;

CREATE TABLE pagopa_unreported (
    org         TEXT   NOT NULL,
    iuv         TEXT   NOT NULL,
    transfer_id INTEGER NOT NULL,
    iupd        TEXT   NOT NULL,
    amount      BIGINT NOT NULL,
    receipt_id  TEXT   NOT NULL,
    paid_us     BIGINT NOT NULL,
    PRIMARY KEY (org, iuv, transfer_id)
);
CREATE INDEX pagopa_unreported_paid ON pagopa_unreported (org, paid_us, iuv, transfer_id);

CREATE TABLE pagopa_iuv_sequences (
    org              TEXT    NOT NULL,
    segregation_code INTEGER NOT NULL,
    next_base        BIGINT  NOT NULL,
    PRIMARY KEY (org, segregation_code)
);

-- +goose Down
DROP TABLE pagopa_iuv_sequences;
DROP TABLE pagopa_unreported;
DROP TABLE pagopa_receipts;
DROP TABLE pagopa_locks;
DROP TABLE pagopa_options;
DROP TABLE pagopa_positions;
