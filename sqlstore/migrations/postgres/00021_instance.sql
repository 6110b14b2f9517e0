-- PostgreSQL compares text by the database's locale; lists break ties by
-- application ID in byte order (as on SQLite and in memory), so the ID
-- columns use the "C" collation.

-- +goose Up
ALTER TABLE instance_applications ALTER COLUMN id TYPE TEXT COLLATE "C";
ALTER TABLE instance_events ALTER COLUMN application_id TYPE TEXT COLLATE "C";

-- +goose Down
ALTER TABLE instance_events ALTER COLUMN application_id TYPE TEXT;
ALTER TABLE instance_applications ALTER COLUMN id TYPE TEXT;
