"""Records -> Arrow tables with explicit schemas, registered on the writer's connection for set-based SQL."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pyarrow as pa

from core.ids import make_id
from core.records import Deal, DealMention, DocumentExtraction, RunBatch
from warehouse.db import utc_naive

_S = pa.string()
_TS = pa.timestamp("us")
_F = pa.float64()
_I = pa.int32()

DOCS = pa.schema(
    [
        ("doc_id", _S), ("source", _S), ("url", _S), ("canonical_url", _S), ("title", _S),
        ("published", pa.date32()), ("content_hash", _S), ("content_type", _S), ("text", _S),
        ("fetched_at", _TS), ("parse_error", _S), ("as_of", pa.date32()),
    ]
)  # fmt: skip
FETCHES = pa.schema(
    [
        ("run_id", _S), ("source", _S), ("url", _S), ("final_url", _S), ("outcome", _S), ("status", _I),
        ("error", _S), ("elapsed_ms", _F), ("fetched_at", _TS), ("content_hash", _S), ("content_type", _S),
        ("etag", _S), ("last_modified", _S),
    ]
)  # fmt: skip
EXTRACTIONS = pa.schema(
    [
        ("doc_id", _S), ("extractor_version", _S), ("is_compute_deal", pa.bool_()), ("score", _F),
        ("n_mentions", _I), ("n_facts", _I),
    ]
)  # fmt: skip
FACTS = pa.schema(
    [
        ("fact_id", _S), ("doc_id", _S), ("extractor_version", _S), ("kind", _S), ("surface", _S),
        ("start_char", _I), ("end_char", _I), ("sentence", _S), ("sent_start", _I), ("sent_end", _I),
        ("value", _F), ("value_high", _F), ("unit", _S), ("qualifier", _S), ("currency", _S),
        ("original_value", _F), ("basis", _S), ("chip_type", _S), ("org", _S), ("org_id", _S),
    ]
)  # fmt: skip
MENTIONS = pa.schema(
    [
        ("mention_id", _S), ("doc_id", _S), ("extractor_version", _S), ("mention_no", _I), ("buyer", _S),
        ("seller", _S), ("parties", pa.list_(_S)), ("deal_type", _S), ("status", _S), ("amount_usd", _F),
        ("amount_qualifier", _S), ("amount_per_year", pa.bool_()), ("power_mw", _F), ("power_qualifier", _S),
        ("power_basis", _S), ("chips_count", pa.int64()), ("chip_type", _S), ("term_years", _F),
        ("evidence", _S), ("evidence_start", _I), ("evidence_end", _I), ("confidence", _F),
        ("fact_ids", pa.list_(_S)), ("published", pa.date32()),
    ]
)  # fmt: skip
FAILURES = pa.schema(
    [("run_id", _S), ("stage", _S), ("source", _S), ("url", _S), ("reason", _S), ("recorded_at", _TS)]
)
DEALS = pa.schema(
    [
        ("deal_id", _S), ("buyer", _S), ("seller", _S), ("deal_type", _S), ("status", _S), ("amount_usd", _F),
        ("amount_qualifier", _S), ("power_mw", _F), ("power_qualifier", _S), ("power_basis", _S),
        ("chips_count", pa.int64()), ("chip_type", _S), ("term_years", _F), ("first_reported", pa.date32()),
        ("last_reported", pa.date32()), ("n_sources", _I), ("confidence", _F), ("parent_deal_id", _S),
        ("evidence", _S),
    ]
)  # fmt: skip
DEAL_MENTIONS = pa.schema([("deal_id", _S), ("mention_id", _S), ("ord", _I)])
DEAL_NAMES = pa.schema([("deal_id", _S), ("name", _S), ("role", _S)])


def batch_as_of(batch: RunBatch) -> date:
    return batch.as_of or (utc_naive(batch.started_at) or batch.started_at).date()


def documents_table(batch: RunBatch) -> pa.Table:
    as_of = batch_as_of(batch)
    rows = [
        {**d.model_dump(exclude={"fetched_at"}), "fetched_at": utc_naive(d.fetched_at), "as_of": as_of}
        for d in batch.documents
    ]
    return pa.Table.from_pylist(rows, schema=DOCS)


def fetches_table(batch: RunBatch) -> pa.Table:
    rows = [
        {
            **f.model_dump(exclude={"content", "fetched_at"}),
            "run_id": batch.run_id,
            "fetched_at": utc_naive(f.fetched_at),
        }
        for f in batch.fetches
    ]
    return pa.Table.from_pylist(rows, schema=FETCHES)


def extractions_table(extractions: list[DocumentExtraction]) -> pa.Table:
    rows = [
        {
            "doc_id": x.id,
            "extractor_version": x.extractor_version,
            "is_compute_deal": x.is_compute_deal,
            "score": x.score,
            "n_mentions": len(x.deals),
            "n_facts": len(x.facts),
        }
        for x in extractions
    ]
    return pa.Table.from_pylist(rows, schema=EXTRACTIONS)


def facts_table(extractions: list[DocumentExtraction]) -> pa.Table:
    rows = []
    for x in extractions:
        for f in x.facts:
            row = f.model_dump(exclude={"start", "end"})
            row.update(doc_id=x.id, start_char=f.start, end_char=f.end)
            rows.append(row)
    return pa.Table.from_pylist(rows, schema=FACTS)


def mention_row(x: DocumentExtraction, no: int, m: DealMention) -> dict[str, Any]:
    row = m.model_dump(exclude={"chips"})
    doc_id = x.id  # the extraction's document, whatever the mention says
    row.update(
        doc_id=doc_id,
        # A mention without an id gets one from raw values: its document, position and offsets.
        mention_id=m.mention_id or make_id("mention", doc_id, no, m.evidence_start, m.evidence_end),
        extractor_version=x.extractor_version,
        mention_no=no,
        chips_count=m.chips.count if m.chips else None,
        chip_type=m.chips.type if m.chips else None,
    )
    return row


def mentions_table(extractions: list[DocumentExtraction]) -> pa.Table:
    rows = [mention_row(x, no, m) for x in extractions for no, m in enumerate(x.deals)]
    return pa.Table.from_pylist(rows, schema=MENTIONS)


def failures_table(run_id: str, recorded_at: datetime, failures: list[dict[str, str]]) -> pa.Table:
    at = utc_naive(recorded_at)
    rows = [
        {
            "run_id": run_id,
            "stage": f.get("stage") or "unknown",
            "source": f.get("source") or None,
            "url": f.get("url") or None,
            "reason": f.get("reason") or "",
            "recorded_at": at,
        }
        for f in failures
    ]
    return pa.Table.from_pylist(rows, schema=FAILURES)


def deals_tables(deals: list[Deal]) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(deals, deal_id x mention_id in order, deal_id x party name x role)."""
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    names: list[dict[str, Any]] = []
    for d in deals:
        rows.append(d.model_dump(exclude={"parties", "mention_ids"}))
        links.extend({"deal_id": d.deal_id, "mention_id": m, "ord": i} for i, m in enumerate(d.mention_ids))
        roles = [("buyer", d.buyer), ("seller", d.seller)] + [("party", p) for p in d.parties]
        names.extend({"deal_id": d.deal_id, "name": n, "role": r} for r, n in roles if n)
    return (
        pa.Table.from_pylist(rows, schema=DEALS),
        pa.Table.from_pylist(links, schema=DEAL_MENTIONS),
        pa.Table.from_pylist(names, schema=DEAL_NAMES),
    )
