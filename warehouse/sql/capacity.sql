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

-- name: stamp_version
-- Name the catalogue version on every current estimate.
UPDATE capacity_estimates SET catalogue_version = ?;

-- name: append_history
-- Keep the estimates just written under this catalogue version; a (deal, version, model size) already kept stays as
-- it was, so re-running the same version adds nothing and a recalibration adds rows beside the old ones.
INSERT INTO capacity_estimate_history BY NAME
SELECT e.*, current_timestamp AS recorded_at
FROM capacity_estimates e
WHERE NOT EXISTS (SELECT 1 FROM capacity_estimate_history h
                  WHERE h.deal_id = e.deal_id AND h.catalogue_version = e.catalogue_version AND h.model_params = e.model_params);
