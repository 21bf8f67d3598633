-- Undo and encodings for imports (issue 20). import_log gains:
--   encoding  the text encoding a CSV file was read in ('UTF-8', 'UTF-8 with BOM', 'UTF-16',
--             'Windows-1252'; NULL for Excel files and older rows);
--   snapshot  file name (in the database's snapshot folder) of the database as it was just before
--             this change, kept for `undo` while it is among the newest `undo_snapshots`;
--   undoes    for an undo, the import_id it took back.
-- and two status values: 'undo' (a row recording an undo) and 'undone' (a change since taken back).
-- DuckDB cannot alter a CHECK constraint, so the table is rebuilt with its rows.
CREATE TABLE import_log_006 (
    import_id     BIGINT PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    source_name   VARCHAR NOT NULL,
    sha256        VARCHAR,
    started_at    TIMESTAMP NOT NULL,
    finished_at   TIMESTAMP,
    status        VARCHAR NOT NULL CHECK (status IN ('loaded', 'rejected', 'unchanged', 'undo', 'undone')),
    rows_in       BIGINT NOT NULL DEFAULT 0,
    rows_inserted BIGINT NOT NULL DEFAULT 0,
    rows_updated  BIGINT NOT NULL DEFAULT 0,
    error_count   BIGINT NOT NULL DEFAULT 0,
    encoding      VARCHAR,
    snapshot      VARCHAR,
    undoes        BIGINT
);
INSERT INTO import_log_006 BY NAME SELECT * FROM import_log;
DROP TABLE import_log;
ALTER TABLE import_log_006 RENAME TO import_log;
