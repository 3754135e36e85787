-- Amounts (USD), power (MW), chip counts and confidences are never negative; confidences are at most 1.
SELECT 'deals' AS tbl, deal_id AS id FROM deals
WHERE amount_usd < 0 OR power_mw < 0 OR chips_count < 0 OR term_years < 0 OR confidence NOT BETWEEN 0 AND 1
UNION ALL
SELECT 'mentions', mention_id FROM mentions
WHERE amount_usd < 0 OR power_mw < 0 OR chips_count < 0 OR term_years < 0 OR confidence NOT BETWEEN 0 AND 1
UNION ALL
SELECT 'facts', fact_id FROM facts WHERE kind IN ('money', 'power', 'chips') AND (value < 0 OR value_high < value)
ORDER BY 1, 2;
