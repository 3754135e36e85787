"""Hand-built RunBatch fixtures and a simple stand-in for extractors.consolidate.consolidate.

Two days of an invented newsroom: day 1 has a chip-supply release, a cloud-contract story and a negative
story; on day 2 the cloud-contract story is updated (new figures), a syndicated copy of the release appears
and the release itself answers 304.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import duckdb

from core.ids import make_id
from core.records import (
    Chips,
    Deal,
    DealMention,
    DealType,
    DocumentExtraction,
    DocumentRecord,
    Fact,
    FetchResult,
    RunBatch,
)

DAY1 = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
DAY2 = datetime(2026, 6, 2, 3, 0, tzinfo=UTC)

RELEASE = ("meridian", "http://meridianwire.example/releases/openai-amd.html")
CLOUD = ("dcledger", "http://dcledger.example/news/openai-oracle.html")
NEGATIVE = ("dcledger", "http://dcledger.example/news/earnings.html")
SYNDICATED = ("siliconsprawl", "http://siliconsprawl.example/blog/openai-amd-copy.html")

TEXTS = {
    "release": (
        "OpenAI and AMD agreed a supply deal. AMD will deliver 6 gigawatts of MI450 accelerators to OpenAI."
    ),
    "cloud_v1": "OpenAI signed a cloud contract with Oracle. The deal is worth $300 billion over five years.",
    "cloud_v2": (
        "OpenAI signed a cloud contract with Oracle. The deal is worth $300 billion over five years. "
        "Oracle will provide 4.5 gigawatts of capacity."
    ),
    "negative": "A chipmaker reported quarterly revenue above expectations and raised its outlook.",
    "syndicated": "AMD will deliver 6 gigawatts of MI450 accelerators to OpenAI, the companies said.",
}


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document(key: tuple[str, str], text: str, at: datetime, published: date, title: str) -> DocumentRecord:
    source, url = key
    return DocumentRecord(
        doc_id=make_id(source, url),
        source=source,
        url=url,
        canonical_url=url,
        title=title,
        published=published,
        content_hash=sha(text),
        content_type="text/html",
        text=text,
        fetched_at=at,
    )


def fetched(doc: DocumentRecord, etag: str | None = None) -> FetchResult:
    return FetchResult(
        source=doc.source,
        url=doc.url,
        final_url=doc.url,
        outcome="fetched",
        status=200,
        content=doc.text.encode(),
        content_hash=doc.content_hash,
        content_type="text/html",
        etag=etag,
        last_modified="Mon, 01 Jun 2026 00:00:00 GMT",
        fetched_at=doc.fetched_at,
        elapsed_ms=12.5,
    )


def not_modified(key: tuple[str, str], at: datetime, etag: str | None = None) -> FetchResult:
    source, url = key
    return FetchResult(
        source=source, url=url, final_url=url, outcome="unchanged", status=304, etag=etag, fetched_at=at
    )


def org_fact(doc: DocumentRecord, name: str, surface: str, version: str) -> Fact:
    start = doc.text.find(surface)
    return Fact(
        fact_id=make_id(doc.doc_id, "org", start),
        doc_id=doc.doc_id,
        kind="org",
        surface=surface,
        start=start,
        end=start + len(surface),
        sentence=doc.text,
        sent_start=0,
        sent_end=len(doc.text),
        org=name,
        org_id=make_id("org", name),
        extractor_version=version,
    )


def mention(doc: DocumentRecord, no: int, **fields: Any) -> DealMention:
    evidence = fields.pop("evidence", doc.text)
    start = doc.text.find(evidence)
    return DealMention(
        mention_id=make_id(doc.doc_id, no, start),
        doc_id=doc.doc_id,
        evidence=evidence,
        evidence_start=start,
        evidence_end=start + len(evidence),
        confidence=0.8,
        **fields,
    )


def chip_deal(doc: DocumentRecord) -> DealMention:
    return mention(
        doc, 0, buyer="OpenAI", seller="AMD", parties=["OpenAI", "AMD"], deal_type="chip_supply",
        power_mw=6000.0, power_qualifier="exact", chips=Chips(type="MI450"),
    )  # fmt: skip


def cloud_deal(doc: DocumentRecord, power: float | None) -> DealMention:
    return mention(
        doc, 0, buyer="OpenAI", seller="Oracle", parties=["OpenAI", "Oracle"], deal_type="cloud_contract",
        status="signed", amount_usd=300e9, amount_qualifier="exact", power_mw=power, term_years=5.0,
    )  # fmt: skip


def extraction(doc: DocumentRecord, deals: list[DealMention], version: str = "x1") -> DocumentExtraction:
    facts = [org_fact(doc, n, n, version) for n in ("OpenAI", "AMD", "Oracle") if n in doc.text]
    return DocumentExtraction(
        id=doc.doc_id, is_compute_deal=bool(deals), score=0.9 if deals else 0.1, deals=deals, facts=facts,
        extractor_version=version,
    )  # fmt: skip


def day1_docs() -> dict[str, DocumentRecord]:
    return {
        "release": document(RELEASE, TEXTS["release"], DAY1, date(2025, 10, 6), "OpenAI and AMD"),
        "cloud": document(CLOUD, TEXTS["cloud_v1"], DAY1, date(2025, 9, 10), "OpenAI signs with Oracle"),
        "negative": document(NEGATIVE, TEXTS["negative"], DAY1, date(2025, 8, 1), "Quarterly results"),
    }


def day1_batch(version: str = "x1", run_id: str = "run-day1") -> RunBatch:
    d = day1_docs()
    return RunBatch(
        run_id=run_id,
        started_at=DAY1,
        finished_at=DAY1,
        as_of=date(2026, 6, 1),
        fetches=[fetched(doc, etag=f'"{doc.content_hash[:8]}"') for doc in d.values()],
        documents=list(d.values()),
        extractions=[
            extraction(d["release"], [chip_deal(d["release"])], version),
            extraction(d["cloud"], [cloud_deal(d["cloud"], None)], version),
            extraction(d["negative"], [], version),
        ],
        failures=[
            {
                "stage": "parse",
                "source": "dcledger",
                "url": "http://dcledger.example/bad.html",
                "reason": "empty",
            }
        ],
    )


def day2_batch(version: str = "x1", run_id: str = "run-day2") -> RunBatch:
    cloud = document(CLOUD, TEXTS["cloud_v2"], DAY2, date(2025, 9, 10), "OpenAI signs with Oracle (updated)")
    copy = document(SYNDICATED, TEXTS["syndicated"], DAY2, date(2025, 10, 7), "AMD to supply OpenAI")
    release_etag = f'"{sha(TEXTS["release"])[:8]}"'
    return RunBatch(
        run_id=run_id,
        started_at=DAY2,
        finished_at=DAY2,
        as_of=date(2026, 6, 2),
        fetches=[fetched(cloud), fetched(copy), not_modified(RELEASE, DAY2, etag=release_etag)],
        documents=[cloud, copy],
        extractions=[
            extraction(cloud, [cloud_deal(cloud, 4500.0)], version),
            extraction(copy, [chip_deal(copy)], version),
        ],
    )


def consolidate(mentions: list[DealMention]) -> list[Deal]:
    """Stand-in consolidation: one deal per (buyer, seller, deal_type); figures are the largest stated."""
    groups: dict[tuple[str | None, str | None, DealType], list[DealMention]] = {}
    for m in mentions:
        groups.setdefault((m.buyer, m.seller, m.deal_type), []).append(m)
    deals = []
    for (buyer, seller, deal_type), ms in sorted(groups.items(), key=lambda kv: str(kv[0])):
        amounts = [m.amount_usd for m in ms if m.amount_usd is not None]
        powers = [m.power_mw for m in ms if m.power_mw is not None]
        dates = [m.published for m in ms if m.published is not None]
        deals.append(
            Deal(
                deal_id=make_id("deal", buyer, seller, deal_type),
                buyer=buyer,
                seller=seller,
                parties=sorted({p for m in ms for p in m.parties}),
                deal_type=deal_type,
                status=ms[-1].status,
                amount_usd=max(amounts) if amounts else None,
                power_mw=max(powers) if powers else None,
                chip_type=next((m.chips.type for m in ms if m.chips and m.chips.type), None),
                first_reported=min(dates) if dates else None,
                last_reported=max(dates) if dates else None,
                n_sources=len({m.doc_id for m in ms}),
                confidence=max(m.confidence for m in ms),
                evidence=ms[0].evidence,
                mention_ids=sorted(m.mention_id for m in ms),
            )
        )
    return deals


STABLE_TABLES = (
    "documents",
    "document_versions",
    "facts",
    "mentions",
    "doc_relevance",
    "organisations",
    "org_aliases",
    "deals",
    "deal_parties",
    "deal_sources",
)


def table_contents(
    con: duckdb.DuckDBPyConnection, tables: tuple[str, ...] = STABLE_TABLES
) -> dict[str, list[Any]]:
    """Every row of each table, sorted, for before/after comparisons."""
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def read_contents(path: Any, tables: tuple[str, ...] = STABLE_TABLES) -> dict[str, list[Any]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return table_contents(con, tables)
