-- appio's SentStore: one row per municipality (org, its fiscal code) and
-- idempotency key, pending (1) while a submission is in flight or its
-- outcome unknown, done (2) with IO's message id once IO accepted it. Instants are BIGINT microseconds since the Unix
-- epoch (UTC); sent_us is NULL while pending.

-- +goose Up
CREATE TABLE appio_sent (
    org         TEXT     NOT NULL,
    idem_key    TEXT     NOT NULL,
    state       SMALLINT NOT NULL,
    message_id  TEXT     NOT NULL,
    reserved_us BIGINT   NOT NULL,
    sent_us     BIGINT,
    PRIMARY KEY (org, idem_key)
);

-- +goose Down
DROP TABLE appio_sent;
