-- Links between marts resolve: parties and sources to deals, parents to deals, party org ids to organisations.
SELECT 'deal_parties' AS tbl, p.deal_id AS id FROM deal_parties p
WHERE NOT EXISTS (SELECT 1 FROM deals d WHERE d.deal_id = p.deal_id)
   OR NOT EXISTS (SELECT 1 FROM organisations o WHERE o.org_id = p.org_id)
UNION ALL
SELECT 'deal_sources', s.deal_id FROM deal_sources s
WHERE NOT EXISTS (SELECT 1 FROM deals d WHERE d.deal_id = s.deal_id)
   OR NOT EXISTS (SELECT 1 FROM mentions m WHERE m.mention_id = s.mention_id)
UNION ALL
SELECT 'deals.parent_deal_id', d.deal_id FROM deals d
WHERE d.parent_deal_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deals p WHERE p.deal_id = d.parent_deal_id)
UNION ALL
SELECT 'deals.reported', deal_id FROM deals WHERE first_reported > last_reported
ORDER BY 1, 2;
