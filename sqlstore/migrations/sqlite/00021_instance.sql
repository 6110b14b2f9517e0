-- SQLite compares text byte by byte (BINARY) already: nothing to do. The
-- version exists so both dialects share one numbering.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
