-- Every deal has at least one source (a mention in a current document).
SELECT d.deal_id FROM deals d
WHERE NOT EXISTS (SELECT 1 FROM deal_sources s WHERE s.deal_id = d.deal_id)
ORDER BY d.deal_id;
