-- Statements of the single writer (warehouse/load.py), run in one transaction per batch.
-- Inputs are Arrow tables registered on the connection: in_docs, in_fetches, in_extractions, in_facts, in_mentions,
-- in_failures, then in_deals, in_deal_mentions, in_deal_names after consolidation. Temp tables start with "_".

-- name: candidates
-- The newest incoming record of each document (by run as-of date, then fetch time), with its earliest fetch time.
CREATE OR REPLACE TEMP TABLE _cand AS
SELECT *, min(fetched_at) OVER (PARTITION BY doc_id) AS first_at
FROM in_docs
QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY as_of DESC, fetched_at DESC, content_hash) = 1;

-- name: insert_versions
-- A version row only for a content hash new to its document; numbers continue after the document's last version.
INSERT INTO document_versions
    (doc_id, version_no, content_hash, fetched_at, as_of, content_type, title, published, text, parse_error)
SELECT i.doc_id,
       (coalesce(m.max_v, 0)
        + row_number() OVER (PARTITION BY i.doc_id ORDER BY i.as_of, i.fetched_at, i.content_hash))::INTEGER,
       i.content_hash, i.fetched_at, i.as_of, i.content_type, i.title, i.published, i.text, i.parse_error
FROM (
    SELECT * FROM in_docs
    QUALIFY row_number() OVER (PARTITION BY doc_id, content_hash ORDER BY as_of, fetched_at) = 1
) i
LEFT JOIN (SELECT doc_id, max(version_no) AS max_v FROM document_versions GROUP BY doc_id) m USING (doc_id)
WHERE NOT EXISTS (
    SELECT 1 FROM document_versions v WHERE v.doc_id = i.doc_id AND v.content_hash = i.content_hash
);

-- name: changed_documents
-- Documents that are new, or whose current content changes with this batch.
CREATE OR REPLACE TEMP TABLE _changed AS
SELECT c.doc_id, c.content_hash, d.doc_id IS NULL AS is_new
FROM _cand c
LEFT JOIN documents d USING (doc_id)
WHERE d.doc_id IS NULL
   OR (c.content_hash <> d.content_hash
       AND (c.as_of > d.content_as_of OR (c.as_of = d.content_as_of AND c.fetched_at >= d.content_fetched_at)));

-- name: upsert_documents
MERGE INTO documents d
USING (
    SELECT c.*, v.version_no
    FROM _cand c
    JOIN document_versions v ON v.doc_id = c.doc_id AND v.content_hash = c.content_hash
) c
ON d.doc_id = c.doc_id
WHEN MATCHED AND (c.as_of > d.content_as_of OR (c.as_of = d.content_as_of AND c.fetched_at >= d.content_fetched_at))
THEN UPDATE SET
    source = c.source, url = c.url, canonical_url = c.canonical_url, title = c.title, published = c.published,
    first_seen = least(d.first_seen, c.first_at), last_seen = greatest(d.last_seen, c.fetched_at),
    content_hash = c.content_hash, current_version = c.version_no,
    content_as_of = c.as_of, content_fetched_at = c.fetched_at
WHEN NOT MATCHED THEN INSERT
    (doc_id, source, url, canonical_url, title, published, first_seen, last_seen, content_hash, current_version,
     content_as_of, content_fetched_at)
VALUES
    (c.doc_id, c.source, c.url, c.canonical_url, c.title, c.published, c.first_at, c.fetched_at, c.content_hash,
     c.version_no, c.as_of, c.fetched_at);

-- name: append_fetch_log
INSERT INTO fetch_log
    (run_id, source, url, final_url, outcome, status, error, elapsed_ms, fetched_at, content_hash, content_type,
     etag, last_modified)
SELECT run_id, source, url, final_url, outcome, status, error, elapsed_ms, fetched_at, content_hash, content_type,
       etag, last_modified
FROM in_fetches i
WHERE NOT EXISTS (
    SELECT 1 FROM fetch_log l WHERE l.run_id = i.run_id AND l.url = i.url AND l.fetched_at = i.fetched_at
);

-- name: resolve_extractions
-- Each extraction applies to the content the batch fetched for that document, else to its current content;
-- it reaches staging only when that content is the document's current version.
CREATE OR REPLACE TEMP TABLE _extr AS
SELECT x.*,
       coalesce(c.content_hash, d.content_hash) AS content_hash,
       d.doc_id IS NOT NULL AS known,
       coalesce(coalesce(c.content_hash, d.content_hash) = d.content_hash, false) AS is_current
FROM in_extractions x
LEFT JOIN _cand c USING (doc_id)
LEFT JOIN documents d USING (doc_id);

-- name: staging_targets
-- Documents whose staging rows are replaced: a current extraction arrived, or the content changed.
CREATE OR REPLACE TEMP TABLE _targets AS
SELECT doc_id FROM _extr WHERE known AND is_current
UNION
SELECT doc_id FROM _changed;

-- name: delete_facts
DELETE FROM facts WHERE doc_id IN (SELECT doc_id FROM _targets);

-- name: delete_mentions
DELETE FROM mentions WHERE doc_id IN (SELECT doc_id FROM _targets);

-- name: delete_relevance
DELETE FROM doc_relevance WHERE doc_id IN (SELECT doc_id FROM _targets);

-- name: insert_facts
INSERT INTO facts
    (fact_id, doc_id, content_hash, extractor_version, kind, surface, start_char, end_char, sentence, sent_start,
     sent_end, value, value_high, unit, qualifier, currency, original_value, basis, chip_type, org, org_id)
SELECT f.fact_id, f.doc_id, e.content_hash, f.extractor_version, f.kind, f.surface, f.start_char, f.end_char,
       f.sentence, f.sent_start, f.sent_end, f.value, f.value_high, f.unit, f.qualifier, f.currency,
       f.original_value, f.basis, f.chip_type, f.org, f.org_id
FROM in_facts f
JOIN _extr e ON e.doc_id = f.doc_id AND e.known AND e.is_current
QUALIFY row_number() OVER (PARTITION BY f.fact_id ORDER BY f.doc_id, f.start_char, f.end_char) = 1;

-- name: insert_mentions
INSERT INTO mentions
    (mention_id, doc_id, content_hash, extractor_version, mention_no, buyer, seller, parties, deal_type, status,
     amount_usd, amount_qualifier, amount_per_year, power_mw, power_qualifier, power_basis, chips_count, chip_type,
     term_years, evidence, evidence_start, evidence_end, confidence, fact_ids, published)
SELECT m.mention_id, m.doc_id, e.content_hash, m.extractor_version, m.mention_no, m.buyer, m.seller, m.parties,
       m.deal_type, m.status, m.amount_usd, m.amount_qualifier, m.amount_per_year, m.power_mw, m.power_qualifier,
       m.power_basis, m.chips_count, m.chip_type, m.term_years, m.evidence, m.evidence_start, m.evidence_end,
       m.confidence, m.fact_ids, coalesce(m.published, d.published)
FROM in_mentions m
JOIN _extr e ON e.doc_id = m.doc_id AND e.known AND e.is_current
JOIN documents d ON d.doc_id = m.doc_id
QUALIFY row_number() OVER (PARTITION BY m.mention_id ORDER BY m.doc_id, m.mention_no) = 1;

-- name: insert_relevance
INSERT INTO doc_relevance (doc_id, content_hash, extractor_version, is_compute_deal, score, n_mentions, n_facts)
SELECT doc_id, content_hash, extractor_version, is_compute_deal, score, n_mentions, n_facts
FROM _extr
WHERE known AND is_current;

-- name: current_mentions
-- Every current mention, in a stable order, for the consolidation.
SELECT mention_id, doc_id, mention_no, buyer, seller, parties, deal_type, status, amount_usd, amount_qualifier,
       amount_per_year, power_mw, power_qualifier, power_basis, chips_count, chip_type, term_years, evidence,
       evidence_start, evidence_end, confidence, fact_ids, published
FROM mentions
ORDER BY published NULLS LAST, doc_id, mention_no;

-- name: unknown_deal_mentions
SELECT dm.deal_id, dm.mention_id
FROM in_deal_mentions dm
WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.mention_id = dm.mention_id)
ORDER BY dm.deal_id, dm.mention_id
LIMIT 3;

-- name: duplicate_deal_ids
SELECT deal_id FROM in_deals GROUP BY deal_id HAVING count(*) > 1 ORDER BY deal_id LIMIT 3;

-- name: remember_deals
CREATE OR REPLACE TEMP TABLE _old_deals AS SELECT deal_id FROM deals;

-- name: seen_organisations
-- Names in the new deals and in current facts, with the extractor's org_id when it gave one.
CREATE OR REPLACE TEMP TABLE _seen_orgs AS
WITH names AS (
    SELECT name FROM in_deal_names
    UNION
    SELECT org AS name FROM facts WHERE org IS NOT NULL
),
fact_ids AS (
    SELECT org AS name, min(org_id) AS fact_org_id
    FROM facts
    WHERE org IS NOT NULL AND org_id IS NOT NULL
    GROUP BY org
)
SELECT n.name, f.fact_org_id FROM names n LEFT JOIN fact_ids f USING (name);

-- name: insert_organisations
-- New names get the extractor's org_id when it is free, else make_id('org', name) (sha256 of 'org' \x1f name).
INSERT INTO organisations (org_id, name, first_seen, last_seen, n_deals, n_documents)
SELECT CASE
           WHEN s.fact_org_id IS NOT NULL
                AND row_number() OVER (PARTITION BY s.fact_org_id ORDER BY s.name) = 1
                AND NOT EXISTS (SELECT 1 FROM organisations o WHERE o.org_id = s.fact_org_id)
           THEN s.fact_org_id
           ELSE left(sha256('org' || chr(31) || s.name), 16)
       END,
       s.name, NULL, NULL, 0, 0
FROM _seen_orgs s
WHERE NOT EXISTS (SELECT 1 FROM organisations o WHERE o.name = s.name);

-- name: refresh_organisation_stats
UPDATE organisations SET
    n_deals = s.n_deals,
    n_documents = s.n_documents,
    first_seen = least(organisations.first_seen, s.first_seen),
    last_seen = greatest(organisations.last_seen, s.last_seen)
FROM (
    WITH named AS (
        SELECT org AS name, doc_id FROM facts WHERE org IS NOT NULL
        UNION
        SELECT unnest(list_distinct(list_concat([buyer, seller], parties))) AS name, doc_id FROM mentions
    ),
    docs AS (
        -- publication dates outside the plausibility bounds (plausibility_bounds, field date) are not seen
        SELECT n.name, count(DISTINCT n.doc_id) AS n_documents,
               min(d.published) FILTER (WHERE b.field IS NULL OR d.published BETWEEN b.not_before AND b.not_after)
                   AS first_seen,
               max(d.published) FILTER (WHERE b.field IS NULL OR d.published BETWEEN b.not_before AND b.not_after)
                   AS last_seen
        FROM named n JOIN documents d USING (doc_id)
        LEFT JOIN plausibility_bounds b ON b.field = 'date'
        WHERE n.name IS NOT NULL
        GROUP BY n.name
    ),
    deal_counts AS (SELECT name, count(DISTINCT deal_id) AS n_deals FROM in_deal_names GROUP BY name)
    SELECT o.org_id, coalesce(c.n_deals, 0) AS n_deals, coalesce(x.n_documents, 0) AS n_documents,
           x.first_seen, x.last_seen
    FROM organisations o
    LEFT JOIN deal_counts c ON c.name = o.name
    LEFT JOIN docs x ON x.name = o.name
) s
WHERE organisations.org_id = s.org_id;

-- name: insert_aliases
INSERT INTO org_aliases (alias, org_id, first_doc_id)
SELECT alias, org_id, min(first_doc_id)
FROM (
    SELECT name AS alias, org_id, NULL AS first_doc_id FROM organisations
    UNION ALL
    SELECT f.surface, o.org_id, f.doc_id FROM facts f JOIN organisations o ON o.name = f.org WHERE f.kind = 'org'
) a
WHERE NOT EXISTS (SELECT 1 FROM org_aliases x WHERE x.alias = a.alias AND x.org_id = a.org_id)
GROUP BY alias, org_id;

-- name: clear_deals
DELETE FROM deals;

-- name: clear_deal_parties
DELETE FROM deal_parties;

-- name: clear_deal_sources
DELETE FROM deal_sources;

-- name: insert_deals
INSERT INTO deals
    (deal_id, buyer, buyer_org_id, seller, seller_org_id, deal_type, status, amount_usd, amount_qualifier, power_mw,
     power_qualifier, power_basis, chips_count, chip_type, term_years, first_reported, last_reported, n_sources,
     confidence, parent_deal_id, evidence)
SELECT d.deal_id, d.buyer, b.org_id, d.seller, s.org_id, d.deal_type, d.status, d.amount_usd, d.amount_qualifier,
       d.power_mw, d.power_qualifier, d.power_basis, d.chips_count, d.chip_type, d.term_years, d.first_reported,
       d.last_reported, d.n_sources, d.confidence, d.parent_deal_id, d.evidence
FROM in_deals d
LEFT JOIN organisations b ON b.name = d.buyer
LEFT JOIN organisations s ON s.name = d.seller;

-- name: insert_deal_parties
INSERT INTO deal_parties (deal_id, org_id, name, role)
SELECT n.deal_id, o.org_id, n.name, n.role
FROM in_deal_names n
JOIN organisations o ON o.name = n.name
QUALIFY row_number() OVER (
    PARTITION BY n.deal_id, n.name ORDER BY CASE n.role WHEN 'buyer' THEN 0 WHEN 'seller' THEN 1 ELSE 2 END
) = 1;

-- name: insert_deal_sources
INSERT INTO deal_sources
    (deal_id, mention_id, doc_id, source, url, title, evidence, evidence_start, evidence_end, published)
SELECT dm.deal_id, m.mention_id, m.doc_id, d.source, coalesce(d.canonical_url, d.url), d.title, m.evidence,
       m.evidence_start, m.evidence_end, m.published
FROM in_deal_mentions dm
JOIN mentions m USING (mention_id)
JOIN documents d ON d.doc_id = m.doc_id
QUALIFY row_number() OVER (PARTITION BY dm.deal_id, dm.mention_id ORDER BY dm.ord) = 1;

-- name: new_deals
SELECT * FROM deals WHERE deal_id NOT IN (SELECT deal_id FROM _old_deals) ORDER BY first_reported NULLS LAST, deal_id;

-- name: append_failures
INSERT INTO failures (run_id, stage, source, url, reason, recorded_at)
SELECT DISTINCT run_id, stage, source, url, reason, recorded_at
FROM in_failures i
WHERE NOT EXISTS (
    SELECT 1 FROM failures f
    WHERE f.run_id = i.run_id AND f.stage = i.stage AND f.source IS NOT DISTINCT FROM i.source
      AND f.url IS NOT DISTINCT FROM i.url AND f.reason = i.reason
);

-- name: delete_run
DELETE FROM run_log WHERE run_id = $run_id;

-- name: insert_run
INSERT INTO run_log
    (run_id, flow, started_at, finished_at, as_of, loaded_at, n_fetches, n_fetched, n_unchanged, n_fetch_failed,
     n_documents, n_new_versions, n_extractions, n_mentions, n_deals, n_new_deals, n_failures)
SELECT $run_id, $flow, $started_at, $finished_at, $as_of, $loaded_at,
       (SELECT count(*) FROM in_fetches),
       (SELECT count(*) FROM in_fetches WHERE outcome = 'fetched'),
       (SELECT count(*) FROM in_fetches WHERE outcome = 'unchanged'),
       (SELECT count(*) FROM in_fetches WHERE outcome = 'failed'),
       (SELECT count(*) FROM in_docs),
       $n_new_versions,
       $n_extractions,
       $n_mentions,
       (SELECT count(*) FROM deals),
       $n_new_deals,
       (SELECT count(*) FROM failures WHERE run_id = $run_id);
