-- 0007 deal significance, computed in polars by analytics.significance and replaced on every load (after the
-- capacity estimates, whose H100e is one of its size measures). Weights: analytics/data/significance.yml.

CREATE TABLE deal_significance (
    deal_id        VARCHAR NOT NULL,
    size_pct_usd   DOUBLE CHECK (size_pct_usd BETWEEN 0 AND 1),
    size_pct_mw    DOUBLE CHECK (size_pct_mw BETWEEN 0 AND 1),
    size_pct_h100e DOUBLE CHECK (size_pct_h100e BETWEEN 0 AND 1),
    size           DOUBLE NOT NULL CHECK (size BETWEEN 0 AND 1),
    novelty        DOUBLE NOT NULL CHECK (novelty BETWEEN 0 AND 1),
    status         DOUBLE NOT NULL CHECK (status BETWEEN 0 AND 1),
    support        DOUBLE NOT NULL CHECK (support BETWEEN 0 AND 1),
    confidence     DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    significance   DOUBLE NOT NULL CHECK (significance BETWEEN 0 AND 100.000001)
);
COMMENT ON TABLE deal_significance IS '[marts] One row per deal: its significance score in [0, 100] and the five parts it is made of (docs/significance.md); ranks the nightly digest.';
COMMENT ON COLUMN deal_significance.deal_id IS 'The deal (deals.deal_id).';
COMMENT ON COLUMN deal_significance.size_pct_usd IS 'Percentile of the deal''s USD amount among the deals with one in the trailing window (NULL without an amount).';
COMMENT ON COLUMN deal_significance.size_pct_mw IS 'Percentile of the deal''s MW among the deals with one in the trailing window (NULL without MW).';
COMMENT ON COLUMN deal_significance.size_pct_h100e IS 'Percentile of the deal''s H100-equivalents (capacity_estimates.h100e_mid) in the trailing window.';
COMMENT ON COLUMN deal_significance.size IS 'Size part: the largest of the three percentiles (0 without any figure).';
COMMENT ON COLUMN deal_significance.novelty IS 'Novelty part: weighted flags for a new buyer-supplier pair, a new supplier, a first deal in a country.';
COMMENT ON COLUMN deal_significance.status IS 'Status part: the value of the deal''s status in the weights file (signed above rumoured).';
COMMENT ON COLUMN deal_significance.support IS 'Support part: min(n_sources, support_cap) / support_cap.';
COMMENT ON COLUMN deal_significance.confidence IS 'Confidence part: the consolidated extraction confidence.';
COMMENT ON COLUMN deal_significance.significance IS 'Score in [0, 100]: 100 x the weighted mean of the five parts.';
