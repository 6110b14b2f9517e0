-- The spid stores (PostgreSQL; sqlite/00030_spid.sql differs only in the binary
-- and identity column types and the trigger syntax): the requests the SP
-- sent, awaiting their answer; the replay cache of message IDs; and the
-- transaction register of AgID's rules (checklist E), append-only, kept 24
-- months. Register entries carry the municipality's fiscal code (org), so
-- one database serves several Comuni; request and message IDs are unique
-- across them. Instants are BIGINT microseconds since the Unix epoch (UTC);
-- NULL is the zero instant.

-- +goose Up
CREATE TABLE spid_requests (
    id            TEXT    NOT NULL PRIMARY KEY,
    kind          TEXT    NOT NULL,
    issue_us      BIGINT,
    idp           TEXT    NOT NULL,
    binding       TEXT    NOT NULL,
    level         INTEGER NOT NULL,
    comparison    TEXT    NOT NULL,
    acs_index     INTEGER NOT NULL,
    attribute_set INTEGER NOT NULL,
    relay_state   TEXT    NOT NULL,
    expires_us    BIGINT,
    xml           BYTEA,
    name_id       TEXT    NOT NULL,
    session_index TEXT    NOT NULL
);
CREATE INDEX spid_requests_expires ON spid_requests (expires_us);

CREATE TABLE spid_replay (
    id         TEXT   NOT NULL PRIMARY KEY,
    expires_us BIGINT NOT NULL
);
CREATE INDEX spid_replay_expires ON spid_replay (expires_us);

CREATE TABLE spid_register (
    seq                              BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org                              TEXT    NOT NULL,
    provider                         TEXT    NOT NULL,
    authn_req_id                     TEXT    NOT NULL,
    authn_req_issue_us               BIGINT,
    resp_id                          TEXT    NOT NULL,
    resp_issue_us                    BIGINT,
    resp_issuer                      TEXT    NOT NULL,
    assertion_id                     TEXT    NOT NULL,
    assertion_subject                TEXT    NOT NULL,
    assertion_subject_name_qualifier TEXT    NOT NULL,
    level                            INTEGER NOT NULL,
    outcome                          TEXT    NOT NULL,
    error_code                       INTEGER NOT NULL,
    authn_request_xml                BYTEA,
    response_xml                     BYTEA,
    received_us                      BIGINT
);
CREATE INDEX spid_register_org ON spid_register (org, received_us);

-- The register is append-only: rows are inserted, and deleted only when
-- they pass the retention period.
-- +goose StatementBegin
CREATE FUNCTION spid_register_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'spid_register is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER spid_register_append_only BEFORE UPDATE ON spid_register
    FOR EACH ROW EXECUTE FUNCTION spid_register_append_only();

-- +goose Down
DROP TRIGGER spid_register_append_only ON spid_register;
DROP FUNCTION spid_register_append_only();
DROP TABLE spid_register;
DROP TABLE spid_replay;
DROP TABLE spid_requests;
