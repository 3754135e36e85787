-- 0008 plausibility bounds: figures and dates outside warehouse/bounds.yml never reach the marts.
-- quarantine holds every out-of-bounds figure of a current mention or fact with its reason; it is recomputed from
-- all current staging rows on each load (a row that is still out of bounds keeps its recorded_at, so
-- reloading a batch or re-extracting a document never doubles a row). plausibility_bounds holds the bounds the
-- last load applied, which warehouse/checks/marts_within_bounds.sql holds the marts to.

CREATE TABLE quarantine (
    mention_id  VARCHAR,
    fact_id     VARCHAR,
    doc_id      VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    raw_value   VARCHAR NOT NULL,
    raw_number  DOUBLE,
    raw_date    DATE,
    reason      VARCHAR NOT NULL,
    evidence    VARCHAR,
    recorded_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE quarantine IS '[staging] Figures and dates of current mentions outside the plausibility bounds (warehouse/bounds.yml), removed from what the marts see, one row per figure; and the facts a mention cites that break them, or any fact that is negative or not finite.';
COMMENT ON COLUMN quarantine.mention_id IS 'The mention (mentions.mention_id) the figure belongs to; NULL for a fact row.';
COMMENT ON COLUMN quarantine.fact_id IS 'The fact (facts.fact_id) the figure belongs to; NULL for a mention row.';
COMMENT ON COLUMN quarantine.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN quarantine.field IS 'amount_usd | power_mw | chips | date (a mention''s date: out of bounds, the whole mention stays out of the deals).';
COMMENT ON COLUMN quarantine.raw_value IS 'The value as extracted, as text: a number in its unit (USD, MW, count) or an ISO date.';
COMMENT ON COLUMN quarantine.raw_number IS 'The value as extracted, for amount_usd (USD), power_mw (MW) and chips (count); NULL for a date.';
COMMENT ON COLUMN quarantine.raw_date IS 'The date as extracted, for field date; NULL otherwise.';
COMMENT ON COLUMN quarantine.reason IS 'One line, e.g. ''power_mw 999999000 above the bound 50000''.';
COMMENT ON COLUMN quarantine.evidence IS 'The sentence stating the figure (the mention''s evidence or the fact''s sentence).';
COMMENT ON COLUMN quarantine.recorded_at IS 'When the row was first recorded (UTC).';

CREATE TABLE plausibility_bounds (
    field      VARCHAR NOT NULL,
    above      DOUBLE,
    at_most    DOUBLE,
    not_before DATE,
    not_after  DATE
);
COMMENT ON TABLE plausibility_bounds IS '[reference] The plausibility bounds the last load applied (warehouse/bounds.yml), one row per field; replaced on each load.';
COMMENT ON COLUMN plausibility_bounds.field IS 'amount_usd | power_mw | chips | date.';
COMMENT ON COLUMN plausibility_bounds.above IS 'A figure must be strictly above this (USD, MW or count); NULL for date.';
COMMENT ON COLUMN plausibility_bounds.at_most IS 'A figure must be at most this (USD, MW or count); NULL for date.';
COMMENT ON COLUMN plausibility_bounds.not_before IS 'A date must not be before this; NULL for figures.';
COMMENT ON COLUMN plausibility_bounds.not_after IS 'A date must not be after this: the run date (the later of the load''s as-of date and its UTC day); NULL for figures.';
