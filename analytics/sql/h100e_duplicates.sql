-- Deals with more than one capacity estimate: joining them would count a deal twice, so the refresh refuses.
SELECT deal_id, count(*) AS n
FROM capacity_estimates
GROUP BY deal_id
HAVING count(*) > 1
ORDER BY deal_id
