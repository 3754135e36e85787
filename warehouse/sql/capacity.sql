-- Statements of the capacity marts (warehouse/capacity_store.py): the hardware catalogue and capacity_estimates.

-- name: read_deals
-- The consolidated deals the capacity model reads, with every party's name (deal_parties), one row per deal.
SELECT d.deal_id, d.buyer, d.seller, d.deal_type, d.status, d.amount_usd, d.amount_qualifier, d.power_mw,
       d.power_qualifier, d.power_basis, d.chips_count, d.chip_type, d.term_years, d.first_reported, d.last_reported,
       d.n_sources, d.confidence, d.parent_deal_id, d.evidence,
       coalesce((SELECT list(p.name ORDER BY p.role, p.name) FROM deal_parties p WHERE p.deal_id = d.deal_id),
                []) AS parties
FROM deals d
ORDER BY d.deal_id;
