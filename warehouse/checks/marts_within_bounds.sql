-- No mart row breaks the plausibility bounds the last load applied (plausibility_bounds, from warehouse/bounds.yml).
WITH amt AS (SELECT above, at_most FROM plausibility_bounds WHERE field = 'amount_usd'),
     mw AS (SELECT above, at_most FROM plausibility_bounds WHERE field = 'power_mw'),
     chips AS (SELECT above, at_most FROM plausibility_bounds WHERE field = 'chips'),
     dt AS (SELECT not_before, not_after FROM plausibility_bounds WHERE field = 'date')
SELECT 'deals.amount_usd' AS col, d.deal_id AS id FROM deals d, amt b
WHERE d.amount_usd IS NOT NULL AND (NOT isfinite(d.amount_usd) OR d.amount_usd <= b.above OR d.amount_usd > b.at_most)
UNION ALL
SELECT 'deals.power_mw', d.deal_id FROM deals d, mw b
WHERE d.power_mw IS NOT NULL AND (NOT isfinite(d.power_mw) OR d.power_mw <= b.above OR d.power_mw > b.at_most)
UNION ALL
SELECT 'deals.chips_count', d.deal_id FROM deals d, chips b
WHERE d.chips_count IS NOT NULL AND (d.chips_count <= b.above OR d.chips_count > b.at_most)
UNION ALL
SELECT 'deals.reported', d.deal_id FROM deals d, dt b
WHERE d.first_reported NOT BETWEEN b.not_before AND b.not_after
   OR d.last_reported NOT BETWEEN b.not_before AND b.not_after
UNION ALL
SELECT 'deal_sources.published', s.deal_id || '/' || s.mention_id FROM deal_sources s, dt b
WHERE s.published NOT BETWEEN b.not_before AND b.not_after
UNION ALL
SELECT 'deal_sources.quarantined', s.deal_id || '/' || s.mention_id FROM deal_sources s
WHERE EXISTS (SELECT 1 FROM quarantine q WHERE q.mention_id = s.mention_id AND q.field = 'date')
UNION ALL
SELECT 'organisations.seen', o.org_id FROM organisations o, dt b
WHERE o.first_seen NOT BETWEEN b.not_before AND b.not_after
   OR o.last_seen NOT BETWEEN b.not_before AND b.not_after
ORDER BY 1, 2;
