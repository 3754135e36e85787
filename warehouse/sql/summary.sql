-- Statements of the run summary (warehouse/summary.py): figures read from the marts of the published snapshot.

-- name: counts
-- Deals and documents in the warehouse, and the figures held in quarantine (outside the plausibility bounds).
SELECT (SELECT count(*) FROM deals) AS deals_total, (SELECT count(*) FROM documents) AS documents_total,
       (SELECT count(*) FROM quarantine) AS quarantined;

-- name: cumulative_shares
-- Each firm's cumulative share of one side and measure at the latest quarter of the compute_share mart
-- ('up to' figures included): the market over every dated deal so far.
SELECT firm, value, share
FROM compute_share
WHERE period_type = 'quarter' AND window_type = 'cumulative' AND include_up_to
  AND side = $side AND measure = $measure
  AND period_start = (SELECT max(period_start) FROM compute_share
                      WHERE period_type = 'quarter' AND window_type = 'cumulative' AND include_up_to
                        AND side = $side AND measure = $measure)
ORDER BY value DESC, firm;

-- name: deal_rows
-- Every consolidated deal with the fields the deal-truth scorer compares (extractors/deal_truth.py).
SELECT deal_id, buyer, seller, deal_type, status, amount_usd, power_mw, chips_count
FROM deals
ORDER BY deal_id;
