-- Backfill partitions: one row per (published day, source) of a backfill window, so a backfill is resumable and
-- idempotent, and a backfill limited to some sources does not mark the day done for the others.
CREATE TABLE IF NOT EXISTS backfill_partitions (
    day               DATE NOT NULL,
    source            VARCHAR NOT NULL,
    status            VARCHAR NOT NULL CHECK (status IN ('pending', 'running', 'done', 'failed')),
    items             INTEGER NOT NULL DEFAULT 0,
    documents         INTEGER NOT NULL DEFAULT 0,
    deals             INTEGER NOT NULL DEFAULT 0,
    error             VARCHAR,
    extractor_version VARCHAR,
    flow_run_id       VARCHAR,
    updated_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (day, source)
);
COMMENT ON TABLE backfill_partitions IS '[ops] Backfill state per published day and source: pending, running, done or failed. A re-run of the same window skips done partitions and retries failed ones.';
COMMENT ON COLUMN backfill_partitions.day IS 'The published day (UTC) whose items this partition covers.';
COMMENT ON COLUMN backfill_partitions.source IS 'The source (name in the sources file) whose items of the day this partition covers.';
COMMENT ON COLUMN backfill_partitions.status IS 'pending | running | done | failed.';
COMMENT ON COLUMN backfill_partitions.items IS 'Items the source listed for the day (count).';
COMMENT ON COLUMN backfill_partitions.documents IS 'Documents of the day fetched with new or changed content, or re-extracted (count).';
COMMENT ON COLUMN backfill_partitions.deals IS 'Deal mentions extracted from those documents (count).';
COMMENT ON COLUMN backfill_partitions.error IS 'Why the partition failed, one line; NULL unless failed.';
COMMENT ON COLUMN backfill_partitions.extractor_version IS 'Extractor version that last extracted the partition; NULL when it held no new document.';
COMMENT ON COLUMN backfill_partitions.flow_run_id IS 'Prefect flow run that last touched the partition.';
COMMENT ON COLUMN backfill_partitions.updated_at IS 'When the status last changed (UTC).';
