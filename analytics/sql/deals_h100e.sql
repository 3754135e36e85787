-- The same deal columns plus the capacity model's mid estimate in H100-equivalents (NULL when not estimated).
SELECT d.deal_id, d.buyer, d.seller, d.status, d.deal_type, d.amount_usd, d.amount_qualifier, d.power_mw, d.power_qualifier,
       d.first_reported, d.parent_deal_id, c.h100e_mid AS h100e
FROM deals d
LEFT JOIN capacity_estimates c ON c.deal_id = d.deal_id
