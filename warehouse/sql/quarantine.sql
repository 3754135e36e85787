-- Statements of the plausibility screen (warehouse/quarantine.py), run by the single writer inside the load's
-- transaction before the deals are rebuilt. Inputs registered on the connection: in_bounds, in_quarantine.

-- name: clear_bounds
DELETE FROM plausibility_bounds;

-- name: insert_bounds
INSERT INTO plausibility_bounds (field, above, at_most, not_before, not_after)
SELECT field, above, at_most, not_before, not_after FROM in_bounds;

-- name: facts_out_of_bounds
-- Current money, power and chips facts with a value or upper value outside plausibility_bounds (not finite, not
-- above the lower bound, above the upper bound), and whether a current mention cites them. A fact no mention cites
-- (a market forecast, a share price) is no deal's figure: only a negative or non-finite one is quarantined.
WITH cited AS (SELECT DISTINCT unnest(fact_ids) AS fact_id FROM mentions)
SELECT f.fact_id, f.doc_id, f.kind, f.value, f.value_high, f.sentence, c.fact_id IS NOT NULL AS cited
FROM facts f
JOIN plausibility_bounds b
  ON b.field = CASE f.kind WHEN 'money' THEN 'amount_usd' WHEN 'power' THEN 'power_mw' WHEN 'chips' THEN 'chips' END
LEFT JOIN cited c ON c.fact_id = f.fact_id
WHERE (f.value IS NOT NULL AND (NOT isfinite(f.value) OR f.value <= b.above OR f.value > b.at_most))
   OR (f.value_high IS NOT NULL
       AND (NOT isfinite(f.value_high) OR f.value_high <= b.above OR f.value_high > b.at_most))
ORDER BY f.fact_id;

-- name: delete_released
-- Rows no longer out of bounds (the figure changed, the document was re-extracted, a bound moved) go.
DELETE FROM quarantine q
WHERE NOT EXISTS (
    SELECT 1 FROM in_quarantine i
    WHERE i.mention_id IS NOT DISTINCT FROM q.mention_id AND i.fact_id IS NOT DISTINCT FROM q.fact_id
      AND i.field = q.field AND i.raw_value = q.raw_value
);

-- name: update_kept
-- Rows still out of bounds keep their recorded_at; the reason follows the current bounds.
UPDATE quarantine q SET doc_id = i.doc_id, reason = i.reason, evidence = i.evidence
FROM in_quarantine i
WHERE i.mention_id IS NOT DISTINCT FROM q.mention_id AND i.fact_id IS NOT DISTINCT FROM q.fact_id
  AND i.field = q.field AND i.raw_value = q.raw_value
  AND (q.doc_id <> i.doc_id OR q.reason <> i.reason OR q.evidence IS DISTINCT FROM i.evidence);

-- name: insert_new
INSERT INTO quarantine
    (mention_id, fact_id, doc_id, field, raw_value, raw_number, raw_date, reason, evidence, recorded_at)
SELECT mention_id, fact_id, doc_id, field, raw_value, raw_number, raw_date, reason, evidence, recorded_at
FROM in_quarantine i
WHERE NOT EXISTS (
    SELECT 1 FROM quarantine q
    WHERE i.mention_id IS NOT DISTINCT FROM q.mention_id AND i.fact_id IS NOT DISTINCT FROM q.fact_id
      AND i.field = q.field AND i.raw_value = q.raw_value
);
