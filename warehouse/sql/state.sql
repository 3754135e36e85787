-- Reads of warehouse/state.py.

-- name: fetch_states
-- Per URL: the validators and hash of the latest response with a body, with validators a later 304 sent instead.
WITH body AS (
    SELECT url,
           max(fetched_at) AS body_at,
           arg_max_null(etag, fetched_at) AS etag,
           arg_max_null(last_modified, fetched_at) AS last_modified,
           arg_max_null(content_hash, fetched_at) AS content_hash
    FROM fetch_log
    WHERE outcome = 'fetched'
    GROUP BY url
),
refreshed AS (
    SELECT l.url,
           arg_max(l.etag, l.fetched_at) FILTER (WHERE l.etag IS NOT NULL) AS etag,
           arg_max(l.last_modified, l.fetched_at) FILTER (WHERE l.last_modified IS NOT NULL) AS last_modified
    FROM fetch_log l
    JOIN body b ON b.url = l.url AND l.fetched_at > b.body_at
    WHERE l.outcome = 'unchanged'
    GROUP BY l.url
)
SELECT b.url, coalesce(r.etag, b.etag), coalesce(r.last_modified, b.last_modified), b.content_hash
FROM body b
LEFT JOIN refreshed r USING (url)
ORDER BY b.url;

-- name: current_documents
SELECT d.doc_id, d.source, d.url, d.canonical_url, d.title, d.published, d.content_hash, v.content_type, v.text,
       d.content_fetched_at AS fetched_at, v.parse_error
FROM documents d
JOIN document_versions v ON v.doc_id = d.doc_id AND v.version_no = d.current_version
WHERE ($since IS NULL OR coalesce(d.published, CAST(d.first_seen AS DATE)) >= CAST($since AS DATE))
  AND d.doc_id > $after
ORDER BY d.doc_id
LIMIT $chunk;
