"""Typed records passed between the stages: sources -> fetch -> parse -> extract -> consolidate -> load.

Every stage takes and returns these pydantic models, so the flow, the CLI and the tests speak one language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceKind = Literal["rss", "atom", "sitemap", "listing"]
DealType = Literal[
    "compute_capacity",
    "cloud_contract",
    "chip_supply",
    "equity_investment",
    "datacenter_build",
    "power_supply",
    "other",
]
DealStatus = Literal["rumoured", "announced", "signed", "expanded", "cancelled"]
Qualifier = Literal["exact", "over", "at_least", "up_to", "about"]
FactKind = Literal["money", "power", "chips", "org"]
FetchOutcome = Literal["fetched", "unchanged", "failed"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- sources -------------------------------------------------------------------------------------------------


class SourceConfig(_Record):
    """One entry of a sources file: a feed, sitemap or listing to walk. Adding a source never edits code."""

    name: str = Field(description="Stable short name, used in ids and logs.")
    kind: SourceKind
    url: str = Field(description="Feed, sitemap or first listing page URL.")
    publisher: str | None = Field(default=None, description="Display name of the outlet.")
    selectors: dict[str, str] = Field(
        default_factory=dict,
        description="CSS selectors for kind=listing: item, link, date, next; optional 'content' for any kind.",
    )
    rps: float = Field(
        default=2.0, gt=0, description="Politeness: at most this many requests per second to the host."
    )
    min_items: int = Field(default=1, ge=0, description="Fewer discovered items than this fails the source.")
    max_items: int | None = Field(default=None, ge=1, description="More than this warns.")
    max_pages: int = Field(default=50, ge=1, description="Listing pages followed at most.")
    allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts ('name' or 'name:port') fetched even when they resolve to a private or loopback "
        "address (the SSRF guard refuses those otherwise).",
    )
    notes: str | None = None


class SourcesFile(_Record):
    sources: list[SourceConfig]


class DiscoveredItem(_Record):
    source: str
    url: str
    title: str | None = None
    published: date | None = None


# --- fetch and parse -----------------------------------------------------------------------------------------


class FetchResult(_Record):
    """What one GET returned. `content` is set only when the outcome is 'fetched'."""

    source: str
    url: str
    final_url: str
    outcome: FetchOutcome
    status: int = Field(description="HTTP status; 0 when no response arrived.")
    content: bytes | None = None
    content_hash: str | None = Field(default=None, description="sha256 of the raw bytes.")
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime
    error: str | None = None
    elapsed_ms: float | None = None


class FetchState(_Record):
    """What the warehouse remembers of a URL, for conditional GET (ETag / Last-Modified) and change detection."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


class ParsedDocument(_Record):
    """The parser's contract: what `infradeals parse` prints per file."""

    title: str | None = None
    published: date | None = None
    canonical_url: str | None = None
    text: str = ""


class DocumentRecord(_Record):
    """One fetched and parsed document version, ready for the warehouse. Raw bytes live in the raw store."""

    doc_id: str = Field(description="make_id(source, canonical URL or URL): stable across versions.")
    source: str
    url: str
    canonical_url: str | None = None
    title: str | None = None
    published: date | None = None
    content_hash: str
    content_type: str | None = None
    text: str
    fetched_at: datetime
    parse_error: str | None = None

    def as_extract_input(self) -> ExtractInput:
        """The extractor's input for this document: its id, text, published day and canonical URL."""
        return ExtractInput(
            id=self.doc_id, text=self.text, published=self.published, url=self.canonical_url or self.url
        )


# --- extraction ----------------------------------------------------------------------------------------------


class ExtractInput(_Record):
    """One line of `infradeals extract` input."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None


class Fact(_Record):
    """One typed figure or organisation found in a document, with its sentence and character offsets."""

    fact_id: str
    doc_id: str
    kind: FactKind
    surface: str = Field(description="The text as written.")
    start: int = Field(description="Character offset in the document text.")
    end: int
    sentence: str
    sent_start: int
    sent_end: int
    value: float | None = Field(
        default=None, description="Normalised: USD for money, MW for power, count for chips."
    )
    value_high: float | None = Field(default=None, description="Upper end of a range, same unit.")
    unit: str | None = None
    qualifier: Qualifier | None = None
    currency: str | None = Field(default=None, description="Original currency code for money.")
    original_value: float | None = Field(default=None, description="Amount in the original currency.")
    basis: str | None = Field(default=None, description="power: facility|it; money: total|per_year.")
    chip_type: str | None = None
    org: str | None = Field(default=None, description="Canonical organisation name.")
    org_id: str | None = None
    extractor_version: str


class Chips(_Record):
    count: int | None = None
    type: str | None = None


class DealMention(_Record):
    """One deal as one document states it. The first block is the `extract` contract; the rest is provenance."""

    buyer: str | None = None
    seller: str | None = None
    parties: list[str] = Field(default_factory=list)
    deal_type: DealType = "other"
    status: DealStatus = "announced"
    amount_usd: float | None = None
    amount_qualifier: Qualifier | None = None
    power_mw: float | None = None
    power_qualifier: Qualifier | None = None
    chips: Chips | None = None
    evidence: str = ""
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    # provenance (not part of the extract contract)
    mention_id: str = ""
    doc_id: str = ""
    evidence_start: int = 0
    evidence_end: int = 0
    power_basis: Literal["facility", "it"] | None = None
    term_years: float | None = None
    amount_per_year: bool = False
    fact_ids: list[str] = Field(default_factory=list)
    published: date | None = None


CONTRACT_DEAL_FIELDS = (
    "buyer",
    "seller",
    "parties",
    "deal_type",
    "status",
    "amount_usd",
    "amount_qualifier",
    "power_mw",
    "power_qualifier",
    "chips",
    "evidence",
    "confidence",
)


class DocumentExtraction(_Record):
    id: str
    is_compute_deal: bool
    score: float = Field(ge=0.0, le=1.0)
    deals: list[DealMention] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    extractor_version: str = ""

    def contract(self) -> dict[str, object]:
        """The `infradeals extract` output object for this document."""
        return {
            "id": self.id,
            "is_compute_deal": self.is_compute_deal,
            "score": round(self.score, 4),
            "deals": [d.model_dump(mode="json", include=set(CONTRACT_DEAL_FIELDS)) for d in self.deals],
        }


# --- consolidated deals --------------------------------------------------------------------------------------


class Deal(_Record):
    """One real-world deal, consolidated from every mention of it."""

    deal_id: str
    buyer: str | None = None
    seller: str | None = None
    parties: list[str] = Field(default_factory=list)
    deal_type: DealType = "other"
    status: DealStatus = "announced"
    amount_usd: float | None = None
    amount_qualifier: Qualifier | None = None
    power_mw: float | None = None
    power_qualifier: Qualifier | None = None
    power_basis: Literal["facility", "it"] | None = None
    chips_count: int | None = None
    chip_type: str | None = None
    term_years: float | None = None
    first_reported: date | None = None
    last_reported: date | None = None
    n_sources: int = 0
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    parent_deal_id: str | None = Field(
        default=None, description="The deal this one expands (a later tranche)."
    )
    evidence: str = ""
    mention_ids: list[str] = Field(default_factory=list)


class RunBatch(_Record):
    """Everything one run hands to the single warehouse writer."""

    run_id: str
    flow: str = "nightly"
    started_at: datetime
    finished_at: datetime | None = None
    as_of: date | None = None
    fetches: list[FetchResult] = Field(default_factory=list, description="content is dropped before loading")
    documents: list[DocumentRecord] = Field(default_factory=list)
    extractions: list[DocumentExtraction] = Field(default_factory=list)
    failures: list[dict[str, str]] = Field(default_factory=list, description="{stage, source, url, reason}")
