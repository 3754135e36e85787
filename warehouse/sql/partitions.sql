-- Statements of warehouse/partitions.py: the backfill partition table (migration 0005).

-- name: states
-- The stored status of each (day, source) of a window, for the sources asked about.
SELECT day, source, status
FROM backfill_partitions
WHERE day BETWEEN $first AND $last AND list_contains($sources, source);

-- name: upsert
-- One partition's state; a later state of the same (day, source) replaces the earlier one.
INSERT INTO backfill_partitions
    (day, source, status, items, documents, deals, error, extractor_version, flow_run_id, updated_at)
VALUES ($day, $source, $status, $items, $documents, $deals, $error, $extractor_version, $flow_run_id, $updated_at)
ON CONFLICT (day, source) DO UPDATE SET
    status = excluded.status, items = excluded.items, documents = excluded.documents, deals = excluded.deals,
    error = excluded.error, extractor_version = excluded.extractor_version, flow_run_id = excluded.flow_run_id,
    updated_at = excluded.updated_at;

-- name: reextracted
-- A done partition whose stored documents were extracted again: new counts and version; items stay.
UPDATE backfill_partitions
SET documents = $documents, deals = $deals, extractor_version = $extractor_version, flow_run_id = $flow_run_id,
    updated_at = $updated_at
WHERE day = $day AND source = $source AND status = 'done';
