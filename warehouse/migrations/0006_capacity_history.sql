-- 0006 capacity versioning: capacity_estimate_history keeps every estimate a catalogue version produced, so a
-- re-estimate under a recalibrated catalogue adds rows instead of overwriting the old ones. capacity_estimates stays
-- the current view (one row per deal); write_capacity_estimates appends to the history in the same transaction.

CREATE TABLE capacity_estimate_history (
    deal_id           VARCHAR NOT NULL,
    hardware          VARCHAR,
    input_kind        VARCHAR NOT NULL,
    facility_mw_low   DOUBLE,
    facility_mw_mid   DOUBLE,
    facility_mw_high  DOUBLE,
    it_mw_low         DOUBLE,
    it_mw_mid         DOUBLE,
    it_mw_high        DOUBLE,
    accelerators_low  DOUBLE,
    accelerators_mid  DOUBLE,
    accelerators_high DOUBLE,
    h100e_low         DOUBLE,
    h100e_mid         DOUBLE,
    h100e_high        DOUBLE,
    tokens_per_s_low  DOUBLE,
    tokens_per_s_mid  DOUBLE,
    tokens_per_s_high DOUBLE,
    throughput_method VARCHAR,
    model_params      DOUBLE NOT NULL,
    up_to             BOOLEAN NOT NULL,
    tranche_of        VARCHAR,
    basis             VARCHAR NOT NULL,
    catalogue_version VARCHAR NOT NULL,
    recorded_at       TIMESTAMP NOT NULL DEFAULT current_timestamp
);
COMMENT ON TABLE capacity_estimate_history IS '[marts] Every capacity estimate ever written, one row per deal, catalogue version and model size; capacity_estimates is the latest.';
COMMENT ON COLUMN capacity_estimate_history.deal_id IS 'The deal (deals.deal_id); one row per deal, catalogue version and model size.';
COMMENT ON COLUMN capacity_estimate_history.hardware IS 'Hardware the estimate assumes: a hardware.name, a system with its accelerator, or the stated mixed fleet; NULL when nothing was estimated.';
COMMENT ON COLUMN capacity_estimate_history.input_kind IS 'The figure converted: facility_mw | it_mw | chips | usd_capex | usd_contract | none.';
COMMENT ON COLUMN capacity_estimate_history.facility_mw_low IS 'Facility (utility) power, MW, low end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.facility_mw_mid IS 'Facility (utility) power, MW, central value; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.facility_mw_high IS 'Facility (utility) power, MW, high end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.it_mw_low IS 'IT power (servers and network, no cooling), MW, low end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.it_mw_mid IS 'IT power (servers and network, no cooling), MW, central value; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.it_mw_high IS 'IT power (servers and network, no cooling), MW, high end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.accelerators_low IS 'Accelerators (count; systems converted to their accelerators), low end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.accelerators_mid IS 'Accelerators (count; systems converted to their accelerators), central value; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.accelerators_high IS 'Accelerators (count; systems converted to their accelerators), high end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.h100e_low IS 'H100-equivalents (count of H100s with the same dense 8-bit peak), low end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.h100e_mid IS 'H100-equivalents (count of H100s with the same dense 8-bit peak), central value; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.h100e_high IS 'H100-equivalents (count of H100s with the same dense 8-bit peak), high end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.tokens_per_s_low IS 'Output tokens per second for the reference dense model of model_params parameters, low end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.tokens_per_s_mid IS 'Output tokens per second for the reference dense model of model_params parameters, central value; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.tokens_per_s_high IS 'Output tokens per second for the reference dense model of model_params parameters, high end; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.throughput_method IS 'How tokens/s was found: measured (MLPerf Server) | roofline (calibrated) | per_user_speed | mixed: ...; NULL when not estimated.';
COMMENT ON COLUMN capacity_estimate_history.model_params IS 'Parameters of the reference dense model for tokens/s (count; default 70e9).';
COMMENT ON COLUMN capacity_estimate_history.up_to IS 'TRUE when the deal states an ''up to'' figure: the estimate is a ceiling, not inflated.';
COMMENT ON COLUMN capacity_estimate_history.tranche_of IS 'deals.deal_id of the deal this one expands (a later tranche), else NULL.';
COMMENT ON COLUMN capacity_estimate_history.basis IS 'The path taken, one step per conversion with its sources, steps joined by '' | ''.';
COMMENT ON COLUMN capacity_estimate_history.catalogue_version IS 'Version of the capacity catalogue (hardware.csv + capacity_assumptions.yml + capacity_suppliers.yml) that produced the row: sha256 prefix of those files.';
COMMENT ON COLUMN capacity_estimate_history.recorded_at IS 'When the row was first written (UTC).';

ALTER TABLE capacity_estimates ADD COLUMN catalogue_version VARCHAR;
COMMENT ON COLUMN capacity_estimates.catalogue_version IS 'Version of the capacity catalogue that produced the row (see capacity_estimate_history.catalogue_version).';
