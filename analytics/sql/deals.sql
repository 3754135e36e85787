-- The deal columns the concentration analytics read (one row per consolidated deal), without capacity estimates.
SELECT deal_id, buyer, seller, status, deal_type, amount_usd, amount_qualifier, power_mw, power_qualifier,
       first_reported, parent_deal_id
FROM deals
