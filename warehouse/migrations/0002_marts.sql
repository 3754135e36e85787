-- 0002 marts: organisations, consolidated deals with their parties and sources, run bookkeeping.
-- deals, deal_parties and deal_sources are rebuilt from every current mention on each load;
-- organisations and org_aliases are upserted; run_log and failures are append-only (one run_log row per run_id).

CREATE TABLE organisations (
    org_id      VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    first_seen  DATE,
    last_seen   DATE,
    n_deals     INTEGER NOT NULL,
    n_documents INTEGER NOT NULL
);
COMMENT ON TABLE organisations IS '[marts] Every organisation named in a deal or an extracted fact; ids never change once given.';
COMMENT ON COLUMN organisations.org_id IS 'Stable id: the extractor''s org_id, else make_id(''org'', name).';
COMMENT ON COLUMN organisations.name IS 'Canonical name (unique).';
COMMENT ON COLUMN organisations.first_seen IS 'Earliest publication date of a document naming it.';
COMMENT ON COLUMN organisations.last_seen IS 'Latest publication date of a document naming it.';
COMMENT ON COLUMN organisations.n_deals IS 'Current deals it is a party to (count).';
COMMENT ON COLUMN organisations.n_documents IS 'Documents whose current version names it in a fact or mention (count).';

CREATE TABLE org_aliases (
    alias        VARCHAR NOT NULL,
    org_id       VARCHAR NOT NULL,
    first_doc_id VARCHAR
);
COMMENT ON TABLE org_aliases IS '[marts] Names as written in documents (and the canonical name itself) that resolve to an organisation.';
COMMENT ON COLUMN org_aliases.alias IS 'The name as written.';
COMMENT ON COLUMN org_aliases.org_id IS 'The organisation (organisations.org_id).';
COMMENT ON COLUMN org_aliases.first_doc_id IS 'A document (the smallest doc_id) of the load that first saw the alias as written; NULL when never seen as written.';

CREATE TABLE deals (
    deal_id          VARCHAR NOT NULL,
    buyer            VARCHAR,
    buyer_org_id     VARCHAR,
    seller           VARCHAR,
    seller_org_id    VARCHAR,
    deal_type        VARCHAR NOT NULL,
    status           VARCHAR NOT NULL,
    amount_usd       DOUBLE,
    amount_qualifier VARCHAR,
    power_mw         DOUBLE,
    power_qualifier  VARCHAR,
    power_basis      VARCHAR,
    chips_count      BIGINT,
    chip_type        VARCHAR,
    term_years       DOUBLE,
    first_reported   DATE,
    last_reported    DATE,
    n_sources        INTEGER NOT NULL,
    confidence       DOUBLE NOT NULL,
    parent_deal_id   VARCHAR,
    evidence         VARCHAR NOT NULL
);
COMMENT ON TABLE deals IS '[marts] One real-world deal, consolidated from every mention of it across documents.';
COMMENT ON COLUMN deals.deal_id IS 'Stable id given by the consolidation.';
COMMENT ON COLUMN deals.buyer IS 'Canonical name of the party that pays.';
COMMENT ON COLUMN deals.buyer_org_id IS 'organisations.org_id of the buyer.';
COMMENT ON COLUMN deals.seller IS 'Canonical name of the supplier / investee / lessor; NULL for a self-build.';
COMMENT ON COLUMN deals.seller_org_id IS 'organisations.org_id of the seller.';
COMMENT ON COLUMN deals.deal_type IS 'compute_capacity | cloud_contract | chip_supply | equity_investment | datacenter_build | power_supply | other.';
COMMENT ON COLUMN deals.status IS 'rumoured | announced | signed | expanded | cancelled.';
COMMENT ON COLUMN deals.amount_usd IS 'Headline amount in USD.';
COMMENT ON COLUMN deals.amount_qualifier IS 'exact | over | at_least | up_to | about.';
COMMENT ON COLUMN deals.power_mw IS 'Power in MW.';
COMMENT ON COLUMN deals.power_qualifier IS 'exact | over | at_least | up_to | about.';
COMMENT ON COLUMN deals.power_basis IS 'facility | it: what power_mw measures.';
COMMENT ON COLUMN deals.chips_count IS 'Number of accelerators (count).';
COMMENT ON COLUMN deals.chip_type IS 'Accelerator model.';
COMMENT ON COLUMN deals.term_years IS 'Contract term in years.';
COMMENT ON COLUMN deals.first_reported IS 'Earliest publication date among its sources.';
COMMENT ON COLUMN deals.last_reported IS 'Latest publication date among its sources.';
COMMENT ON COLUMN deals.n_sources IS 'Documents reporting the deal (count).';
COMMENT ON COLUMN deals.confidence IS 'Consolidated confidence, 0 to 1.';
COMMENT ON COLUMN deals.parent_deal_id IS 'The deal this one expands (a later tranche), when any.';
COMMENT ON COLUMN deals.evidence IS 'The most representative evidence sentence.';

CREATE TABLE deal_parties (
    deal_id VARCHAR NOT NULL,
    org_id  VARCHAR NOT NULL,
    name    VARCHAR NOT NULL,
    role    VARCHAR NOT NULL
);
COMMENT ON TABLE deal_parties IS '[marts] Every organisation taking part in a deal, with its role.';
COMMENT ON COLUMN deal_parties.deal_id IS 'The deal (deals.deal_id).';
COMMENT ON COLUMN deal_parties.org_id IS 'The organisation (organisations.org_id).';
COMMENT ON COLUMN deal_parties.name IS 'Canonical name of the organisation.';
COMMENT ON COLUMN deal_parties.role IS 'buyer | seller | party (named, neither buyer nor seller).';

CREATE TABLE deal_sources (
    deal_id        VARCHAR NOT NULL,
    mention_id     VARCHAR NOT NULL,
    doc_id         VARCHAR NOT NULL,
    source         VARCHAR NOT NULL,
    url            VARCHAR NOT NULL,
    title          VARCHAR,
    evidence       VARCHAR NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    published      DATE
);
COMMENT ON TABLE deal_sources IS '[marts] Each mention a deal was consolidated from: the document, its URL and the evidence sentence.';
COMMENT ON COLUMN deal_sources.deal_id IS 'The deal (deals.deal_id).';
COMMENT ON COLUMN deal_sources.mention_id IS 'The mention (mentions.mention_id).';
COMMENT ON COLUMN deal_sources.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN deal_sources.source IS 'Source name of the document.';
COMMENT ON COLUMN deal_sources.url IS 'Canonical URL of the document, else the fetched URL.';
COMMENT ON COLUMN deal_sources.title IS 'Title of the document.';
COMMENT ON COLUMN deal_sources.evidence IS 'The sentence(s) stating the deal in that document.';
COMMENT ON COLUMN deal_sources.evidence_start IS 'Start character offset of the evidence in the document text.';
COMMENT ON COLUMN deal_sources.evidence_end IS 'End character offset of the evidence.';
COMMENT ON COLUMN deal_sources.published IS 'Date the document reported the deal.';

CREATE TABLE run_log (
    run_id            VARCHAR NOT NULL,
    flow              VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    as_of             DATE,
    loaded_at         TIMESTAMP NOT NULL,
    n_fetches         INTEGER NOT NULL,
    n_fetched         INTEGER NOT NULL,
    n_unchanged       INTEGER NOT NULL,
    n_fetch_failed    INTEGER NOT NULL,
    n_documents       INTEGER NOT NULL,
    n_new_versions    INTEGER NOT NULL,
    n_extractions     INTEGER NOT NULL,
    n_mentions        INTEGER NOT NULL,
    n_deals           INTEGER NOT NULL,
    n_new_deals       INTEGER NOT NULL,
    n_failures        INTEGER NOT NULL
);
COMMENT ON TABLE run_log IS '[marts] One row per loaded run (a reloaded run_id replaces its row).';
COMMENT ON COLUMN run_log.run_id IS 'Prefect flow run id, or a hash of the start time.';
COMMENT ON COLUMN run_log.flow IS 'nightly | backfill | reextract | ...';
COMMENT ON COLUMN run_log.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN run_log.finished_at IS 'When the run handed its batch to the writer (UTC).';
COMMENT ON COLUMN run_log.as_of IS 'As-of date of the run (backfills and replays), else NULL.';
COMMENT ON COLUMN run_log.loaded_at IS 'When the writer committed the batch (UTC).';
COMMENT ON COLUMN run_log.n_fetches IS 'HTTP requests made (count).';
COMMENT ON COLUMN run_log.n_fetched IS 'Requests that returned a body (count).';
COMMENT ON COLUMN run_log.n_unchanged IS 'Requests answered 304 or with known content (count).';
COMMENT ON COLUMN run_log.n_fetch_failed IS 'Requests that failed (count).';
COMMENT ON COLUMN run_log.n_documents IS 'Parsed documents in the batch (count).';
COMMENT ON COLUMN run_log.n_new_versions IS 'Document versions added (count).';
COMMENT ON COLUMN run_log.n_extractions IS 'Document extractions applied to staging (count).';
COMMENT ON COLUMN run_log.n_mentions IS 'Deal mentions in the batch''s applied extractions (count).';
COMMENT ON COLUMN run_log.n_deals IS 'Deals in the warehouse after the load (count).';
COMMENT ON COLUMN run_log.n_new_deals IS 'Deals whose deal_id was new with this load (count).';
COMMENT ON COLUMN run_log.n_failures IS 'Failures recorded for the run (count).';

CREATE TABLE failures (
    run_id      VARCHAR NOT NULL,
    stage       VARCHAR NOT NULL,
    source      VARCHAR,
    url         VARCHAR,
    reason      VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE failures IS '[marts] Every record a run skipped (unparseable page, extraction for an unknown document...), with the reason.';
COMMENT ON COLUMN failures.run_id IS 'The run (run_log.run_id).';
COMMENT ON COLUMN failures.stage IS 'discover | fetch | parse | extract | load.';
COMMENT ON COLUMN failures.source IS 'Source name, when known.';
COMMENT ON COLUMN failures.url IS 'URL or document id concerned, when known.';
COMMENT ON COLUMN failures.reason IS 'One-line reason.';
COMMENT ON COLUMN failures.recorded_at IS 'When the run recorded it (the run''s finish time, UTC).';
