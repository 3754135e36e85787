-- Statements the mart refresh (warehouse/refresh.py) runs inside the writer's transaction.

-- name: deals
-- The deal columns the concentration analytics read (one row per consolidated deal), without capacity estimates.
SELECT deal_id, buyer, seller, status, deal_type, amount_usd, amount_qualifier, power_mw, power_qualifier,
       first_reported, parent_deal_id
FROM deals;

-- name: deals_h100e
-- The same deal columns plus the capacity model's mid estimate in H100-equivalents (NULL when not estimated).
SELECT d.deal_id, d.buyer, d.seller, d.status, d.deal_type, d.amount_usd, d.amount_qualifier, d.power_mw, d.power_qualifier,
       d.first_reported, d.parent_deal_id, c.h100e_mid AS h100e
FROM deals d
LEFT JOIN capacity_estimates c ON c.deal_id = d.deal_id;

-- name: h100e_duplicates
-- Deals with more than one capacity estimate: joining them would count a deal twice, so the refresh refuses.
SELECT deal_id, count(*) AS n
FROM capacity_estimates
GROUP BY deal_id
HAVING count(*) > 1
ORDER BY deal_id;

-- name: relation_columns
-- Columns of a table or view of the main schema (empty when it does not exist).
SELECT column_name
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $name;

-- name: significance_inputs
-- What the significance score reads: each deal's figures, status, support and confidence, and its H100e.
SELECT d.deal_id, d.buyer, d.seller, d.status, d.amount_usd, d.power_mw, d.first_reported, d.n_sources,
       d.confidence, c.h100e_mid AS h100e
FROM deals d
LEFT JOIN capacity_estimates c ON c.deal_id = d.deal_id;
