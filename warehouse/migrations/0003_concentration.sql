-- 0003 concentration marts, computed in polars by analytics.refresh.refresh_marts and replaced on every load:
-- concentration (HHI, CR4 and coverage per period) and compute_share (each firm's share per period, cumulative,
-- rolling 12 months). Deals 'cancelled' or 'rumoured' are left out; each consolidated deal counts once; an
-- expansion counts its own increment. Every series is computed with and without 'up to' figures.

CREATE TABLE concentration (
    period_type             VARCHAR NOT NULL CHECK (period_type IN ('month', 'quarter')),
    period                  VARCHAR NOT NULL,
    period_start            DATE NOT NULL,
    side                    VARCHAR NOT NULL CHECK (side IN ('supplier', 'buyer')),
    measure                 VARCHAR NOT NULL CHECK (measure IN ('usd', 'mw', 'h100e')),
    include_up_to           BOOLEAN NOT NULL,
    hhi                     DOUBLE CHECK (hhi BETWEEN 0 AND 10000.000001),
    hhi_delta               DOUBLE,
    cr4                     DOUBLE CHECK (cr4 BETWEEN 0 AND 100.000001),
    n_firms                 BIGINT NOT NULL,
    n_deals                 BIGINT NOT NULL,
    n_deals_missing_measure BIGINT NOT NULL,
    n_deals_missing_firm    BIGINT NOT NULL,
    n_deals_up_to           BIGINT NOT NULL,
    total_value             DOUBLE,
    band_2023               VARCHAR,
    band_2010               VARCHAR
);
COMMENT ON TABLE concentration IS '[marts] Market concentration per period: HHI, CR4 and its change, for suppliers (sellers) and buyers, in USD, MW and H100-equivalents, with and without ''up to'' figures, with deal coverage counts. One row per (period_type, period, side, measure, include_up_to); periods run without gaps from the first to the last reported deal.';
COMMENT ON COLUMN concentration.period_type IS 'month | quarter.';
COMMENT ON COLUMN concentration.period IS 'Period label: ''2025-09'' for a month, ''2025-Q3'' for a quarter; a deal belongs to the period of its first_reported date.';
COMMENT ON COLUMN concentration.period_start IS 'First day of the period (DATE).';
COMMENT ON COLUMN concentration.side IS 'supplier (the deal''s seller) | buyer (the deal''s buyer).';
COMMENT ON COLUMN concentration.measure IS 'usd (deals.amount_usd, US dollars) | mw (deals.power_mw, megawatts as stated) | h100e (capacity_estimates.h100e_mid, H100-equivalents).';
COMMENT ON COLUMN concentration.include_up_to IS 'TRUE: figures qualified ''up to'' are counted; FALSE: they are left out (and counted in n_deals_up_to).';
COMMENT ON COLUMN concentration.hhi IS 'Herfindahl-Hirschman index: sum of squared percent shares, 0 to 10,000 (index points); NULL when no deal counts in the period.';
COMMENT ON COLUMN concentration.hhi_delta IS 'hhi minus the hhi of the previous period of the same series (index points); NULL when either is NULL.';
COMMENT ON COLUMN concentration.cr4 IS 'Four-firm concentration ratio: sum of the four largest shares, in percent (0 to 100); NULL when no deal counts.';
COMMENT ON COLUMN concentration.n_firms IS 'Firms with a counted deal in the period (count).';
COMMENT ON COLUMN concentration.n_deals IS 'Deals counted in the shares (count).';
COMMENT ON COLUMN concentration.n_deals_missing_measure IS 'Coverage: deals of the period left out because they have no positive figure in this measure (count).';
COMMENT ON COLUMN concentration.n_deals_missing_firm IS 'Coverage: deals of the period with a figure but no firm on this side (count).';
COMMENT ON COLUMN concentration.n_deals_up_to IS 'Deals of the period with a known firm whose figure is ''up to'': counted when include_up_to, left out otherwise (count).';
COMMENT ON COLUMN concentration.total_value IS 'Sum of the counted figures, in the unit of the measure (USD, MW or H100e); NULL when none.';
COMMENT ON COLUMN concentration.band_2023 IS 'DOJ/FTC 2023 Merger Guidelines band: unconcentrated (below 1,000) | moderate (1,000 to 1,800) | high (above 1,800); thresholds from analytics/data/hhi_bands.csv.';
COMMENT ON COLUMN concentration.band_2010 IS '2010 Horizontal Merger Guidelines band: unconcentrated (below 1,500) | moderate (1,500 to 2,500) | high (above 2,500); thresholds from analytics/data/hhi_bands.csv.';

CREATE TABLE compute_share (
    period_type   VARCHAR NOT NULL CHECK (period_type IN ('month', 'quarter')),
    period        VARCHAR NOT NULL,
    period_start  DATE NOT NULL,
    side          VARCHAR NOT NULL CHECK (side IN ('supplier', 'buyer')),
    measure       VARCHAR NOT NULL CHECK (measure IN ('usd', 'mw', 'h100e')),
    include_up_to BOOLEAN NOT NULL,
    window_type   VARCHAR NOT NULL CHECK (window_type IN ('period', 'cumulative', 'rolling_12m')),
    firm          VARCHAR NOT NULL,
    value         DOUBLE NOT NULL,
    market_value  DOUBLE NOT NULL,
    share         DOUBLE NOT NULL CHECK (share BETWEEN 0 AND 1.000001),
    rank          BIGINT NOT NULL,
    n_deals       BIGINT NOT NULL
);
COMMENT ON TABLE compute_share IS '[marts] Compute-share trends: each supplier''s (and buyer''s) share of USD, MW or H100-equivalents in a window ending at each period: the period alone, cumulative since the first deal, or the last 12 months. A firm has a row only when one of its counted deals falls in the window.';
COMMENT ON COLUMN compute_share.period_type IS 'month | quarter.';
COMMENT ON COLUMN compute_share.period IS 'Label of the period the window ends with: ''2025-09'' or ''2025-Q3''.';
COMMENT ON COLUMN compute_share.period_start IS 'First day of that period (DATE).';
COMMENT ON COLUMN compute_share.side IS 'supplier (the deal''s seller) | buyer (the deal''s buyer).';
COMMENT ON COLUMN compute_share.measure IS 'usd (US dollars) | mw (megawatts as stated) | h100e (H100-equivalents, capacity model mid estimate).';
COMMENT ON COLUMN compute_share.include_up_to IS 'TRUE: figures qualified ''up to'' are counted; FALSE: they are left out.';
COMMENT ON COLUMN compute_share.window_type IS 'period (that period alone) | cumulative (every period up to it) | rolling_12m (the 12 months, or 4 quarters, ending with it).';
COMMENT ON COLUMN compute_share.firm IS 'Canonical name of the supplier or buyer.';
COMMENT ON COLUMN compute_share.value IS 'The firm''s counted figures summed over the window, in the unit of the measure (USD, MW or H100e).';
COMMENT ON COLUMN compute_share.market_value IS 'All firms'' counted figures summed over the window, same unit.';
COMMENT ON COLUMN compute_share.share IS 'value / market_value, a fraction from 0 to 1.';
COMMENT ON COLUMN compute_share.rank IS 'Rank by value within the window, 1 = largest; equal values share a rank.';
COMMENT ON COLUMN compute_share.n_deals IS 'The firm''s counted deals in the window (count).';
