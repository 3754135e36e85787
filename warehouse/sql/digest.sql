-- The nightly digest's reads (reports/digest.py), on the read-only snapshot.

-- name: deals
-- Deals with their significance, capacity estimate and first source (the earliest published), by deal id.
SELECT d.deal_id, d.buyer, d.seller, d.deal_type, d.status, d.amount_usd, d.amount_qualifier, d.power_mw,
       d.power_qualifier, d.chips_count, d.chip_type, d.first_reported, d.last_reported, d.n_sources,
       d.confidence, d.parent_deal_id, d.evidence,
       s.significance, s.size, s.novelty, s.status AS status_part, s.support, s.confidence AS confidence_part,
       c.h100e_low, c.h100e_mid, c.h100e_high,
       (SELECT ds.url FROM deal_sources ds WHERE ds.deal_id = d.deal_id
        ORDER BY ds.published NULLS LAST, ds.url LIMIT 1) AS url
FROM deals d
LEFT JOIN deal_significance s ON s.deal_id = d.deal_id
LEFT JOIN capacity_estimates c ON c.deal_id = d.deal_id
WHERE list_contains($ids, d.deal_id)
   OR ($since IS NOT NULL AND d.first_reported BETWEEN $since AND $until)
   OR ($since IS NOT NULL AND d.last_reported BETWEEN $since AND $until AND d.status IN ('expanded', 'cancelled'))
ORDER BY s.significance DESC NULLS LAST, d.amount_usd DESC NULLS LAST, d.deal_id;

-- name: concentration
-- The latest month's HHI and CR4 (and their change) per side and measure, 'up to' figures left out.
SELECT side, measure, period, hhi, hhi_delta, cr4, band_2023
FROM concentration
WHERE period_type = 'month' AND NOT include_up_to
  AND period = (SELECT max(period) FROM concentration WHERE period_type = 'month' AND n_deals > 0)
ORDER BY side DESC, measure;

-- name: health
-- Data health: the last loaded run, its failures by stage, and the figures held in quarantine.
WITH last AS (SELECT run_id, loaded_at FROM run_log ORDER BY loaded_at DESC LIMIT 1)
SELECT (SELECT run_id FROM last) AS last_run,
       (SELECT loaded_at FROM last) AS loaded_at,
       (SELECT count(*) FROM failures f, last WHERE f.run_id = last.run_id AND f.stage = 'discover')
           AS failed_sources,
       (SELECT count(*) FROM failures f, last WHERE f.run_id = last.run_id AND f.stage <> 'discover')
           AS failed_documents,
       (SELECT count(*) FROM quarantine) AS quarantined;
