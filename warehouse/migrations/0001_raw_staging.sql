-- 0001 raw + staging layers.
-- raw: what was fetched (documents, every distinct content version, the fetch log).
-- staging: what extraction found in the CURRENT version of each document (facts, deal mentions, relevance).
-- No PRIMARY KEY / UNIQUE indexes: keys are kept unique by the loader and verified by warehouse/checks/*.sql after
-- every load, so later migrations can ALTER these tables freely (DuckDB refuses ALTER on indexed tables).
-- Timestamps are UTC without time zone.

CREATE TABLE documents (
    doc_id             VARCHAR NOT NULL,
    source             VARCHAR NOT NULL,
    url                VARCHAR NOT NULL,
    canonical_url      VARCHAR,
    title              VARCHAR,
    published          DATE,
    first_seen         TIMESTAMP NOT NULL,
    last_seen          TIMESTAMP NOT NULL,
    content_hash       VARCHAR NOT NULL,
    current_version    INTEGER NOT NULL,
    content_as_of      DATE NOT NULL,
    content_fetched_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE documents IS '[raw] One row per document (an article, release or filing), stable across versions; metadata of its current version.';
COMMENT ON COLUMN documents.doc_id IS 'Stable id: make_id(source, canonical URL or URL).';
COMMENT ON COLUMN documents.source IS 'Name of the source (sources file entry) the document came from.';
COMMENT ON COLUMN documents.url IS 'URL the document was fetched from.';
COMMENT ON COLUMN documents.canonical_url IS 'Canonical URL declared by the page, when any.';
COMMENT ON COLUMN documents.title IS 'Title of the current version.';
COMMENT ON COLUMN documents.published IS 'Publication date stated by the document or its feed.';
COMMENT ON COLUMN documents.first_seen IS 'First time the document was fetched (UTC).';
COMMENT ON COLUMN documents.last_seen IS 'When the current content was fetched (UTC); a 304 or an unchanged page leaves it, so a re-run changes no row: fetch_log holds every confirmation.';
COMMENT ON COLUMN documents.content_hash IS 'sha256 of the raw bytes of the current version.';
COMMENT ON COLUMN documents.current_version IS 'version_no of the current version in document_versions.';
COMMENT ON COLUMN documents.content_as_of IS 'As-of date of the run that last fetched the current content (orders backfills).';
COMMENT ON COLUMN documents.content_fetched_at IS 'When the current content was last fetched (UTC).';

CREATE TABLE document_versions (
    doc_id       VARCHAR NOT NULL,
    version_no   INTEGER NOT NULL,
    content_hash VARCHAR NOT NULL,
    fetched_at   TIMESTAMP NOT NULL,
    as_of        DATE NOT NULL,
    content_type VARCHAR,
    title        VARCHAR,
    published    DATE,
    text         VARCHAR NOT NULL,
    parse_error  VARCHAR
);
COMMENT ON TABLE document_versions IS '[raw] Every distinct content of a document: an updated article becomes version 2 of the same doc_id.';
COMMENT ON COLUMN document_versions.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN document_versions.version_no IS '1, 2, ... in the order the contents were first seen.';
COMMENT ON COLUMN document_versions.content_hash IS 'sha256 of the raw bytes; unique per doc_id.';
COMMENT ON COLUMN document_versions.fetched_at IS 'When this content was first fetched (UTC).';
COMMENT ON COLUMN document_versions.as_of IS 'As-of date of the run that first fetched this content.';
COMMENT ON COLUMN document_versions.content_type IS 'HTTP Content-Type of the response.';
COMMENT ON COLUMN document_versions.title IS 'Title as parsed from this version.';
COMMENT ON COLUMN document_versions.published IS 'Publication date as parsed from this version.';
COMMENT ON COLUMN document_versions.text IS 'Main text extracted by the parser (character offsets of facts refer to it).';
COMMENT ON COLUMN document_versions.parse_error IS 'Why parsing was partial, when it was; NULL otherwise.';

CREATE TABLE fetch_log (
    run_id        VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    final_url     VARCHAR,
    outcome       VARCHAR NOT NULL,
    status        INTEGER NOT NULL,
    error         VARCHAR,
    elapsed_ms    DOUBLE,
    fetched_at    TIMESTAMP NOT NULL,
    content_hash  VARCHAR,
    content_type  VARCHAR,
    etag          VARCHAR,
    last_modified VARCHAR
);
COMMENT ON TABLE fetch_log IS '[raw] One row per HTTP GET of every run (append-only); the source of conditional-GET state.';
COMMENT ON COLUMN fetch_log.run_id IS 'The run (run_log.run_id) that made the request.';
COMMENT ON COLUMN fetch_log.source IS 'Source name.';
COMMENT ON COLUMN fetch_log.url IS 'Requested URL.';
COMMENT ON COLUMN fetch_log.final_url IS 'URL after redirects.';
COMMENT ON COLUMN fetch_log.outcome IS 'fetched | unchanged (304 or same content) | failed.';
COMMENT ON COLUMN fetch_log.status IS 'HTTP status code; 0 when no response arrived.';
COMMENT ON COLUMN fetch_log.error IS 'Error message of a failed fetch.';
COMMENT ON COLUMN fetch_log.elapsed_ms IS 'Request duration in milliseconds.';
COMMENT ON COLUMN fetch_log.fetched_at IS 'When the request was made (UTC).';
COMMENT ON COLUMN fetch_log.content_hash IS 'sha256 of the body, for outcome fetched.';
COMMENT ON COLUMN fetch_log.content_type IS 'HTTP Content-Type of the response.';
COMMENT ON COLUMN fetch_log.etag IS 'ETag response header, sent back as If-None-Match next time.';
COMMENT ON COLUMN fetch_log.last_modified IS 'Last-Modified response header, sent back as If-Modified-Since next time.';

CREATE TABLE facts (
    fact_id           VARCHAR NOT NULL,
    doc_id            VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    surface           VARCHAR NOT NULL,
    start_char        INTEGER NOT NULL,
    end_char          INTEGER NOT NULL,
    sentence          VARCHAR NOT NULL,
    sent_start        INTEGER NOT NULL,
    sent_end          INTEGER NOT NULL,
    value             DOUBLE,
    value_high        DOUBLE,
    unit              VARCHAR,
    qualifier         VARCHAR,
    currency          VARCHAR,
    original_value    DOUBLE,
    basis             VARCHAR,
    chip_type         VARCHAR,
    org               VARCHAR,
    org_id            VARCHAR
);
COMMENT ON TABLE facts IS '[staging] Typed figures and organisations found in the current version of each document.';
COMMENT ON COLUMN facts.fact_id IS 'Stable id from the extractor (document and character offsets).';
COMMENT ON COLUMN facts.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN facts.content_hash IS 'The document version the fact was extracted from (always the current one).';
COMMENT ON COLUMN facts.extractor_version IS 'Version of the extractor that produced the fact.';
COMMENT ON COLUMN facts.kind IS 'money | power | chips | org.';
COMMENT ON COLUMN facts.surface IS 'The text as written.';
COMMENT ON COLUMN facts.start_char IS 'Start character offset in document_versions.text.';
COMMENT ON COLUMN facts.end_char IS 'End character offset (exclusive) in document_versions.text.';
COMMENT ON COLUMN facts.sentence IS 'The sentence holding the fact (evidence).';
COMMENT ON COLUMN facts.sent_start IS 'Start character offset of the sentence.';
COMMENT ON COLUMN facts.sent_end IS 'End character offset of the sentence.';
COMMENT ON COLUMN facts.value IS 'Normalised value: USD for money, MW for power, a count for chips.';
COMMENT ON COLUMN facts.value_high IS 'Upper end of a range, same unit as value (USD, MW or count).';
COMMENT ON COLUMN facts.unit IS 'Unit of value: USD, MW or chips.';
COMMENT ON COLUMN facts.qualifier IS 'exact | over | at_least | up_to | about.';
COMMENT ON COLUMN facts.currency IS 'Original currency code of a money figure.';
COMMENT ON COLUMN facts.original_value IS 'Money amount in the original currency.';
COMMENT ON COLUMN facts.basis IS 'power: facility | it; money: total | per_year.';
COMMENT ON COLUMN facts.chip_type IS 'Accelerator model named with a chips figure (e.g. GB300, MI450).';
COMMENT ON COLUMN facts.org IS 'Canonical organisation name (kind org).';
COMMENT ON COLUMN facts.org_id IS 'Organisation id (organisations.org_id) when the extractor resolved one.';

CREATE TABLE mentions (
    mention_id        VARCHAR NOT NULL,
    doc_id            VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    mention_no        INTEGER NOT NULL,
    buyer             VARCHAR,
    seller            VARCHAR,
    parties           VARCHAR[] NOT NULL,
    deal_type         VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    amount_usd        DOUBLE,
    amount_qualifier  VARCHAR,
    amount_per_year   BOOLEAN NOT NULL,
    power_mw          DOUBLE,
    power_qualifier   VARCHAR,
    power_basis       VARCHAR,
    chips_count       BIGINT,
    chip_type         VARCHAR,
    term_years        DOUBLE,
    evidence          VARCHAR NOT NULL,
    evidence_start    INTEGER NOT NULL,
    evidence_end      INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL,
    fact_ids          VARCHAR[] NOT NULL,
    published         DATE
);
COMMENT ON TABLE mentions IS '[staging] One deal as one document (current version) states it; consolidated into deals.';
COMMENT ON COLUMN mentions.mention_id IS 'Stable id from the extractor.';
COMMENT ON COLUMN mentions.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN mentions.content_hash IS 'The document version the mention was extracted from (always the current one).';
COMMENT ON COLUMN mentions.extractor_version IS 'Version of the extractor that produced the mention.';
COMMENT ON COLUMN mentions.mention_no IS 'Order of the mention within its document (0-based).';
COMMENT ON COLUMN mentions.buyer IS 'Canonical name of the party that pays (customer, investor, lessee).';
COMMENT ON COLUMN mentions.seller IS 'Canonical name of the party that delivers or receives the money (supplier, cloud, investee).';
COMMENT ON COLUMN mentions.parties IS 'Canonical names of every party named in the deal.';
COMMENT ON COLUMN mentions.deal_type IS 'compute_capacity | cloud_contract | chip_supply | equity_investment | datacenter_build | power_supply | other.';
COMMENT ON COLUMN mentions.status IS 'rumoured | announced | signed | expanded | cancelled.';
COMMENT ON COLUMN mentions.amount_usd IS 'Headline amount in USD.';
COMMENT ON COLUMN mentions.amount_qualifier IS 'exact | over | at_least | up_to | about.';
COMMENT ON COLUMN mentions.amount_per_year IS 'True when amount_usd is per year rather than a total.';
COMMENT ON COLUMN mentions.power_mw IS 'Power in MW.';
COMMENT ON COLUMN mentions.power_qualifier IS 'exact | over | at_least | up_to | about.';
COMMENT ON COLUMN mentions.power_basis IS 'facility (grid connection) | it (IT load) for power_mw.';
COMMENT ON COLUMN mentions.chips_count IS 'Number of accelerators (count).';
COMMENT ON COLUMN mentions.chip_type IS 'Accelerator model (e.g. GB300, MI450).';
COMMENT ON COLUMN mentions.term_years IS 'Contract term in years.';
COMMENT ON COLUMN mentions.evidence IS 'The sentence(s) stating the deal.';
COMMENT ON COLUMN mentions.evidence_start IS 'Start character offset of the evidence in document_versions.text.';
COMMENT ON COLUMN mentions.evidence_end IS 'End character offset of the evidence.';
COMMENT ON COLUMN mentions.confidence IS 'Extractor confidence, 0 to 1.';
COMMENT ON COLUMN mentions.fact_ids IS 'Facts (facts.fact_id) the mention was built from.';
COMMENT ON COLUMN mentions.published IS 'Date the mention was reported: the mention''s own date, else the document''s.';

CREATE TABLE doc_relevance (
    doc_id            VARCHAR NOT NULL,
    content_hash      VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    is_compute_deal   BOOLEAN NOT NULL,
    score             DOUBLE NOT NULL,
    n_mentions        INTEGER NOT NULL,
    n_facts           INTEGER NOT NULL
);
COMMENT ON TABLE doc_relevance IS '[staging] Whether the current version of each extracted document reports a compute deal.';
COMMENT ON COLUMN doc_relevance.doc_id IS 'The document (documents.doc_id).';
COMMENT ON COLUMN doc_relevance.content_hash IS 'The document version that was classified (always the current one).';
COMMENT ON COLUMN doc_relevance.extractor_version IS 'Version of the extractor.';
COMMENT ON COLUMN doc_relevance.is_compute_deal IS 'True when the document reports at least one compute deal.';
COMMENT ON COLUMN doc_relevance.score IS 'Relevance score, 0 to 1.';
COMMENT ON COLUMN doc_relevance.n_mentions IS 'Deal mentions extracted (count).';
COMMENT ON COLUMN doc_relevance.n_facts IS 'Facts extracted (count).';
