-- Amounts (USD), power (MW), chip counts and confidences are never negative, except a staged figure held in quarantine; confidences are at most 1.
SELECT 'deals' AS tbl, deal_id AS id FROM deals
WHERE amount_usd < 0 OR power_mw < 0 OR chips_count < 0 OR term_years < 0 OR confidence NOT BETWEEN 0 AND 1
UNION ALL
SELECT 'mentions', m.mention_id FROM mentions m
WHERE (m.amount_usd < 0 AND NOT EXISTS (
           SELECT 1 FROM quarantine q WHERE q.mention_id = m.mention_id AND q.field = 'amount_usd'))
   OR (m.power_mw < 0 AND NOT EXISTS (
           SELECT 1 FROM quarantine q WHERE q.mention_id = m.mention_id AND q.field = 'power_mw'))
   OR (m.chips_count < 0 AND NOT EXISTS (
           SELECT 1 FROM quarantine q WHERE q.mention_id = m.mention_id AND q.field = 'chips'))
   OR m.term_years < 0 OR m.confidence NOT BETWEEN 0 AND 1
UNION ALL
SELECT 'facts', f.fact_id FROM facts f
WHERE f.kind IN ('money', 'power', 'chips')
  AND (f.value_high < f.value
       OR ((f.value < 0 OR f.value_high < 0)
           AND NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.fact_id = f.fact_id)))
ORDER BY 1, 2;
