-- Top suppliers by megawatts contracted in a year (deals first reported that year; rumoured and cancelled left out).
-- version: 1
-- param year: calendar year of the deals' first report (required)
-- param limit: number of suppliers (default 10)
-- power_mw mixes facility and IT bases when sources do; n_it_basis counts the deals stated as IT load.
SELECT row_number() OVER (ORDER BY sum(power_mw) DESC, seller) AS rank,
       seller AS supplier,
       sum(power_mw) AS mw_contracted,
       count(*) AS n_deals,
       count(*) FILTER (WHERE power_basis = 'it') AS n_it_basis,
       sum(amount_usd) AS usd_contracted,
       string_agg(DISTINCT buyer, ', ' ORDER BY buyer) AS buyers
FROM deals
WHERE seller IS NOT NULL
  AND power_mw IS NOT NULL
  AND status NOT IN ('rumoured', 'cancelled')
  AND year(first_reported) = CAST($year AS INTEGER)
GROUP BY seller
ORDER BY rank
LIMIT CAST($limit AS INTEGER);
