-- Every deal of one company (by canonical name or any alias, any case), one row per source, with its evidence.
-- version: 1
-- param company: organisation name or alias as written (required)
WITH company AS (
    SELECT DISTINCT o.org_id
    FROM organisations o
    LEFT JOIN org_aliases a ON a.org_id = o.org_id
    WHERE lower(o.name) = lower($company) OR lower(a.alias) = lower($company)
)
SELECT d.deal_id,
       p.role,
       d.buyer,
       d.seller,
       d.deal_type,
       d.status,
       d.amount_usd,
       d.power_mw,
       d.chips_count,
       d.chip_type,
       d.first_reported,
       s.published,
       s.source,
       s.url,
       s.evidence
FROM company c
JOIN deal_parties p ON p.org_id = c.org_id
JOIN deals d ON d.deal_id = p.deal_id
JOIN deal_sources s ON s.deal_id = d.deal_id
ORDER BY d.first_reported NULLS LAST, d.deal_id, s.published NULLS LAST, s.url;
