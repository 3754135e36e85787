"""Prefect tasks: each a thin wrapper over a tested function in the infradeals packages."""

from __future__ import annotations

import contextlib
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import task

from core.records import (
    DiscoveredItem,
    DocumentExtraction,
    DocumentRecord,
    FetchResult,
    FetchState,
    RunBatch,
    SourceConfig,
)
from reports.summary import RunSummary

if TYPE_CHECKING:
    from extractors.nlp import Extractor
    from warehouse.load import LoadStats


@task(name="discover", retries=1, retry_delay_seconds=2)
def discover(
    source: SourceConfig, proxy_url: str | None, since: date | None, until: date | None, user_agent: str
) -> list[DiscoveredItem]:
    """Walk one source (feed, sitemap or listing) and return its items within the window."""
    from prefect import get_run_logger

    from crawl import discover_source

    return discover_source(
        source,
        proxy_url=proxy_url,
        since=since,
        until=until,
        user_agent=user_agent,
        logger=get_run_logger(),
    )


@task(name="fetch")
def fetch(
    items: list[DiscoveredItem],
    sources: list[SourceConfig],
    states: dict[str, FetchState],
    proxy_url: str | None,
    raw_dir: Path,
    user_agent: str,
    timeout_s: float,
) -> list[FetchResult]:
    """GET every item politely (conditional GET); raw bytes go to the raw store; results carry no content."""
    from crawl import fetch_items

    return fetch_items(
        items,
        sources=sources,
        states=states,
        proxy_url=proxy_url,
        raw_dir=raw_dir,
        user_agent=user_agent,
        timeout_s=timeout_s,
    )


@task(name="parse")
def parse(
    results: list[FetchResult], raw_dir: Path, discovered: list[DiscoveredItem]
) -> tuple[list[DocumentRecord], list[dict[str, str]]]:
    """Parse fetched documents from the raw store; a document that fails is recorded with its reason.

    A page that states no date takes its feed's date (from the discovered items)."""
    from crawl import parse_fetched

    return parse_fetched(results, raw_dir, discovered)


@lru_cache(maxsize=2)
def _extractor(model_name: str) -> Extractor:
    from extractors.nlp import Extractor

    return Extractor(model_name)


@task(name="extract")
def extract(
    docs: list[DocumentRecord], model_name: str
) -> tuple[list[DocumentExtraction], list[dict[str, str]]]:
    """Run the spaCy deal extractor over a batch (the model is loaded once per worker).

    If the batch fails, each document is retried alone: a document that still fails is recorded with its
    reason and the others go on."""
    extractor = _extractor(model_name)
    inputs = [d.as_extract_input() for d in docs]
    try:
        return list(extractor.extract_many(inputs)), []
    except Exception:  # fall back to one document at a time to isolate the bad one
        pass
    done: list[DocumentExtraction] = []
    failures: list[dict[str, str]] = []
    for doc, inp in zip(docs, inputs, strict=True):
        try:
            done.append(extractor.extract(inp))
        except Exception as exc:
            reason = f"{type(exc).__name__}: {' '.join(str(exc).split())}"[:500]
            failures.append({"stage": "extract", "source": doc.source, "url": doc.url, "reason": reason})
    return done, failures


WRITER_LIMIT = "infradeals-warehouse-writer"


def writer_slot() -> contextlib.AbstractContextManager[None]:
    """A Prefect global concurrency limit of 1 around every warehouse write (nightly and backfills alike)."""
    from prefect.client.orchestration import get_client
    from prefect.concurrency.sync import concurrency

    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(WRITER_LIMIT, limit=1)
    return concurrency(WRITER_LIMIT, occupy=1, strict=True)


@task(name="load")
def load(batch: RunBatch, db_path: Path, snapshot_path: Path) -> LoadStats:
    """The single writer: one transaction for the run's rows and marts, then an atomic read-only snapshot."""
    from extractors.consolidate import consolidate
    from warehouse.load import load_batch
    from warehouse.marts import refreshers
    from warehouse.snapshot import publish_snapshot

    with writer_slot():
        stats = load_batch(db_path, batch, consolidate, refresh=refreshers())
        publish_snapshot(db_path, snapshot_path)
    return stats


@task(name="report")
def publish_report(summary: RunSummary) -> None:
    """Prefect artifacts: a markdown summary of the run and a table of its new deals."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_markdown_artifact(summary.to_markdown(), key="infradeals-run-summary", description="Run summary")
    if summary.new_deals:
        create_table_artifact(
            summary.new_deals, key="infradeals-new-deals", description="Deals new in this run"
        )


@task(name="mark-partitions")
def mark_partitions(db_path: Path, rows: list[dict[str, object]]) -> None:
    """Record backfill partition states (under the writer slot)."""
    from warehouse.partitions import mark_partitions as write_rows

    with writer_slot():
        write_rows(db_path, rows)
