"""Loading into DuckDB: our single writer against a plain Arrow insert of the same rows.

Ours: `warehouse.load.load_batch` on a RunBatch of N documents with F facts each (records to Arrow, raw and
staging upserts with their de-duplication, deal consolidation, the data checks, CHECKPOINT), into a fresh
migrated warehouse. The plain insert: the same documents and facts, already Arrow tables, appended with one
`INSERT ... SELECT` each into a fresh migrated warehouse (no de-duplication, no checks). Both start from the
same records; only ours turns them into Arrow, so that conversion is counted on our side.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

from core.ids import make_id
from core.records import DocumentExtraction, DocumentRecord, Fact, FetchResult, RunBatch
from extractors.consolidate import consolidate
from warehouse import frames
from warehouse.db import connect
from warehouse.load import load_batch
from warehouse.migrate import migrate

_ORGS = ("Northwind Cloud", "Contoso AI", "Fabrikam Power", "Tailspin Chips", "Litware Labs")


def _document(i: int, at: datetime) -> DocumentRecord:
    text = (
        f"Story {i}. " + " ".join(f"{org} signed a deal for {i % 900 + 10} megawatts." for org in _ORGS) * 4
    )
    url = f"http://bench.invalid/story/{i}"
    return DocumentRecord(
        doc_id=make_id("bench", url),
        source="bench",
        url=url,
        canonical_url=url,
        title=f"Story {i}",
        published=date(2025, 1 + i % 12, 1 + i % 28),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        content_type="text/html",
        text=text,
        fetched_at=at,
    )


def _facts(doc: DocumentRecord, n: int) -> list[Fact]:
    facts = []
    for k in range(n):
        org = _ORGS[k % len(_ORGS)]
        start = doc.text.find(org)
        facts.append(
            Fact(
                fact_id=make_id(doc.doc_id, "f", k),
                doc_id=doc.doc_id,
                kind="org" if k % 2 else "power",
                surface=org,
                start=start + k,
                end=start + k + len(org),
                sentence=doc.text[:200],
                sent_start=0,
                sent_end=200,
                value=None if k % 2 else float(k * 10),
                unit=None if k % 2 else "MW",
                org=org if k % 2 else None,
                org_id=make_id("org", org) if k % 2 else None,
                extractor_version="bench",
            )
        )
    return facts


def synthetic_batch(n_docs: int, facts_per_doc: int) -> RunBatch:
    at = datetime(2025, 6, 1, tzinfo=UTC)
    docs = [_document(i, at) for i in range(n_docs)]
    fetches = [
        FetchResult(
            source=d.source,
            url=d.url,
            final_url=d.url,
            outcome="fetched",
            status=200,
            content_hash=d.content_hash,
            content_type="text/html",
            fetched_at=at,
        )
        for d in docs
    ]
    extractions = [
        DocumentExtraction(
            id=d.doc_id,
            is_compute_deal=False,
            score=0.1,
            deals=[],
            facts=_facts(d, facts_per_doc),
            extractor_version="bench",
        )
        for d in docs
    ]
    return RunBatch(
        run_id="bench",
        started_at=at,
        finished_at=at,
        as_of=date(2025, 6, 1),
        fetches=fetches,
        documents=docs,
        extractions=extractions,
    )


def _plain_insert(path: Path, batch: RunBatch) -> float:
    docs = frames.documents_table(batch)
    facts = frames.facts_table(batch.extractions)
    with connect(path) as con:
        start = time.perf_counter()
        con.register("a_docs", docs)
        con.register("a_facts", facts)
        con.execute(
            "INSERT INTO document_versions BY NAME SELECT doc_id, 1 AS version_no, content_hash, fetched_at, "
            "as_of, content_type, title, published, text, parse_error FROM a_docs"
        )
        con.execute(
            "INSERT INTO facts BY NAME SELECT f.*, d.content_hash FROM a_facts f JOIN a_docs d USING (doc_id)"
        )
        con.execute("CHECKPOINT")
        return time.perf_counter() - start


def bench_load(n_docs: int = 2000, facts_per_doc: int = 20) -> dict[str, float]:
    batch = synthetic_batch(n_docs, facts_per_doc)
    n_facts = n_docs * facts_per_doc
    with tempfile.TemporaryDirectory() as tmp:
        ours_db, plain_db = Path(tmp) / "ours.duckdb", Path(tmp) / "plain.duckdb"
        for db in (ours_db, plain_db):
            with connect(db) as con:
                migrate(con)
        start = time.perf_counter()
        load_batch(ours_db, batch, consolidate)
        ours_s = time.perf_counter() - start
        plain_s = _plain_insert(plain_db, batch)
    return {
        "load_facts": float(n_facts),
        "load_facts_per_s": n_facts / ours_s,
        "load_arrow_facts_per_s": n_facts / plain_s,
        "load_vs_arrow": plain_s / ours_s,
    }
