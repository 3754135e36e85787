-- Herfindahl-Hirschman index (0-10000 points), its change and the four-firm share (%) by quarter (mart of 0003).
-- version: 1
-- param side: supplier | buyer (default supplier)
-- param measure: usd | mw | h100e (default usd)
-- param include_up_to: true counts figures qualified 'up to', false leaves them out (default true)
-- band is the 2023 Merger Guidelines band; band_2010 the 2010 one.
SELECT period,
       side,
       measure,
       hhi,
       hhi_delta,
       cr4,
       n_firms,
       n_deals,
       band_2023 AS band,
       band_2010
FROM concentration
WHERE period_type = 'quarter'
  AND side = $side
  AND measure = $measure
  AND include_up_to = CAST($include_up_to AS BOOLEAN)
ORDER BY period_start;
