"""Prefect tasks: each a thin wrapper over a tested function in the infradeals packages."""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING

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
    from core.settings import Settings
    from crawl.http import FetchLimits
    from extractors.nlp import Extractor
    from warehouse.load import LoadStats


@task(name="discover", retries=1, retry_delay_seconds=2)
def discover(
    source: SourceConfig, proxy_url: str | None, since: date | None, until: date | None, settings: Settings
) -> list[DiscoveredItem]:
    """Walk one source (feed, sitemap or listing) and return its items within the window."""
    from prefect import get_run_logger

    from crawl import discover_source

    return discover_source(
        source,
        proxy_url=proxy_url,
        since=since,
        until=until,
        user_agent=settings.user_agent,
        timeout_s=settings.http_timeout_s,
        limits=fetch_limits(settings),
        logger=get_run_logger(),
    )


def fetch_limits(settings: Settings) -> FetchLimits:
    from crawl.http import FetchLimits

    return FetchLimits(max_body_bytes=settings.max_body_bytes, total_timeout_s=settings.http_total_timeout_s)


@task(name="fetch")
def fetch(
    items: list[DiscoveredItem],
    sources: list[SourceConfig],
    states: dict[str, FetchState],
    proxy_url: str | None,
    settings: Settings,
) -> list[FetchResult]:
    """GET every item politely (conditional GET, robots.txt, the fetch limits, behind the SSRF guard); raw
    bytes go to the raw store as they arrive; results carry no content."""
    from crawl import fetch_items

    return fetch_items(
        items,
        sources=sources,
        states=states,
        proxy_url=proxy_url,
        raw_dir=settings.raw_dir,
        user_agent=settings.user_agent,
        timeout_s=settings.http_timeout_s,
        limits=fetch_limits(settings),
        robots=settings.respect_robots,
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


@contextlib.contextmanager
def writer_slot(db_path: Path | None = None) -> Iterator[None]:
    """The one writer's slot around every warehouse write (nightly, backfills and re-extraction alike).

    The mutex is an OS file lock beside the warehouse (`<warehouse>.writer-lock`): the kernel lets go of it when
    its holder dies, even of kill -9, so a crashed run never blocks the next. While holding it the writer also
    occupies the Prefect global concurrency limit `infradeals-warehouse-writer` (limit 1), which the UI shows;
    a slot still occupied when the file lock is free was left by a writer that died (every live writer holds
    the file lock), and is released first.
    """
    from core.settings import get_settings

    path = Path(db_path or get_settings().warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".writer-lock"), "a+") as handle:
        _lock(handle)
        try:
            _release_dead_writers_slot()
            from prefect.concurrency.sync import concurrency

            with concurrency(WRITER_LIMIT, occupy=1, strict=True):
                yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _lock(handle: IO[str]) -> None:
    """Wait for the writer's file lock."""
    fcntl.flock(handle, fcntl.LOCK_EX)


def _release_dead_writers_slot() -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitUpdate
    from prefect.logging import get_logger

    with get_client(sync_client=True) as client:
        client.upsert_global_concurrency_limit_by_name(WRITER_LIMIT, limit=1)
        limit = client.read_global_concurrency_limit_by_name(WRITER_LIMIT)
        if limit.active_slots:
            get_logger("infradeals").warning(
                "released the warehouse writer's slot left occupied by a writer that died"
            )
            client.update_global_concurrency_limit(WRITER_LIMIT, GlobalConcurrencyLimitUpdate(active_slots=0))


@task(name="load")
def load(batch: RunBatch, db_path: Path, snapshot_path: Path) -> LoadStats:
    """The single writer: one transaction for the run's rows and marts, then an atomic read-only snapshot."""
    from extractors.consolidate import consolidate
    from warehouse.load import load_batch
    from warehouse.marts import refreshers
    from warehouse.snapshot import publish_snapshot

    with writer_slot(db_path):
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


@task(name="digest")
def digest(snapshot_path: Path, day: date, deal_ids: list[str], out_dir: Path) -> Path:
    """The run's digest (its new deals ranked by significance) as Markdown and HTML, and a Prefect artifact."""
    from prefect.artifacts import create_markdown_artifact

    from reports.digest import read_digest, write_digest
    from warehouse.snapshot import open_snapshot

    with open_snapshot(snapshot_path) as con:
        report = read_digest(con, day, deal_ids=deal_ids)
    md, _ = write_digest(report, out_dir)
    create_markdown_artifact(report.to_markdown(), key="infradeals-digest", description="Nightly digest")
    return md


@task(name="mark-partitions")
def mark_partitions(db_path: Path, rows: list[dict[str, object]]) -> None:
    """Record backfill partition states (under the writer slot), then publish the snapshot, so that readers
    never see a partition the warehouse has finished as still running."""
    from core.settings import snapshot_of
    from warehouse.partitions import mark_partitions as write_rows
    from warehouse.snapshot import publish_snapshot

    with writer_slot(db_path):
        write_rows(db_path, rows)
        if db_path.exists():  # nothing was written when there was nothing to mark
            publish_snapshot(db_path, snapshot_of(db_path))
