-- PostgreSQL compares text by the database's locale; IUPDs are listed and
-- paginated in byte order (as on SQLite and in memory), so the key columns
-- use the "C" collation and the primary key index serves ListPositions;
-- likewise receipt IDs, the second key of DoublePayments.

-- +goose Up
ALTER TABLE pagopa_positions ALTER COLUMN iupd TYPE TEXT COLLATE "C";
ALTER TABLE pagopa_options ALTER COLUMN iupd TYPE TEXT COLLATE "C";
ALTER TABLE pagopa_receipts ALTER COLUMN receipt_id TYPE TEXT COLLATE "C";

-- +goose Down
ALTER TABLE pagopa_receipts ALTER COLUMN receipt_id TYPE TEXT;
ALTER TABLE pagopa_options ALTER COLUMN iupd TYPE TEXT;
ALTER TABLE pagopa_positions ALTER COLUMN iupd TYPE TEXT;
