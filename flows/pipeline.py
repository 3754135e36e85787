"""The stages in order, shared by the nightly flow and backfill partitions. Thin: logic lives elsewhere."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from prefect.runtime import flow_run

from core.ids import make_id
from core.records import (
    DiscoveredItem,
    DocumentExtraction,
    DocumentRecord,
    FetchState,
    RunBatch,
    SourceConfig,
)
from core.settings import Settings, is_sample_sources
from flows import tasks

if TYPE_CHECKING:
    from warehouse.load import LoadStats

EXTRACT_BATCH = 16


@contextlib.contextmanager
def newsroom_for(sources_path: Path, as_of: date | None, settings: Settings) -> Iterator[str | None]:
    """The sample newsroom on 127.0.0.1 when the sources file is the bundled sample one: yields its proxy URL.
    Any other sources file starts nothing and yields None."""
    if not is_sample_sources(sources_path):
        yield None
        return
    from samples.server import NewsroomServer

    with NewsroomServer(settings.newsroom_dir, as_of=as_of) as server:
        yield server.proxy_url


def current_run_id(started: datetime) -> str:
    run = flow_run.get_id()
    return str(run) if run else make_id("run", started.isoformat())


def discover_all(
    sources: list[SourceConfig],
    proxy_url: str | None,
    since: date | None,
    until: date | None,
    settings: Settings,
) -> tuple[list[list[DiscoveredItem]], list[dict[str, str]]]:
    """Every source's items (a list per source, in the sources' order), discovered concurrently, and one
    failure record per source that failed (unreachable, 404, fewer items than its minimum): a failed source
    has no items and the others go on."""
    futures = [tasks.discover.submit(s, proxy_url, since, until, settings) for s in sources]
    discovered: list[list[DiscoveredItem]] = []
    failures: list[dict[str, str]] = []
    for source, future in zip(sources, futures, strict=True):
        try:
            discovered.append(future.result())
        except Exception as exc:  # one dead source costs only its own items
            discovered.append([])
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:500]
            failures.append({"stage": "discover", "source": source.name, "url": source.url, "reason": reason})
    return discovered, failures


def unique_items(discovered: list[list[DiscoveredItem]]) -> list[DiscoveredItem]:
    seen: dict[str, DiscoveredItem] = {}
    for items in discovered:
        for item in items:
            seen.setdefault(item.url, item)
    return list(seen.values())


def extract_all(
    documents: list[DocumentRecord], settings: Settings
) -> tuple[list[DocumentExtraction], list[dict[str, str]]]:
    """The one extraction step of every flow (nightly, backfill, reextract): batches of EXTRACT_BATCH
    documents on the task runner; a document that fails, or whose text is over the budget
    (settings.max_text_chars), is recorded with its reason, the others go on."""
    budget = settings.max_text_chars
    failures = [
        {
            "stage": "extract",
            "source": d.source,
            "url": d.url,
            "reason": f"text of {len(d.text):,} characters is over the extraction budget of {budget:,}",
        }
        for d in documents
        if len(d.text) > budget
    ]
    documents = [d for d in documents if len(d.text) <= budget]
    chunks = [documents[i : i + EXTRACT_BATCH] for i in range(0, len(documents), EXTRACT_BATCH)]
    futures = [tasks.extract.submit(c, settings.spacy_model) for c in chunks]
    extractions: list[DocumentExtraction] = []
    for future in futures:
        done, failed = future.result()
        extractions += done
        failures += failed
    return extractions, failures


def process(
    items: list[DiscoveredItem],
    sources: list[SourceConfig],
    proxy_url: str | None,
    settings: Settings,
    *,
    flow_name: str,
    force_refetch: bool = False,
    as_of: date | None = None,
    run_id: str | None = None,
    failures: list[dict[str, str]] | None = None,
) -> tuple[RunBatch, LoadStats]:
    """Fetch, parse, extract and load the given items, `settings.load_batch` items at a time; returns the
    run's batch and what the writer did. `failures` are earlier stages' (discovery's), recorded with the batch.

    Each load commits the run so far (its earlier batches again, which the writer's upserts keep as they are,
    and the new one), so a run killed midway keeps every batch it committed, and run_log describes the whole
    run. The next run finds the committed pages unchanged and fetches the rest."""
    from warehouse.state import fetch_states

    started = datetime.now(UTC)
    db_path = Path(settings.warehouse_path)
    states: dict[str, FetchState] = {}
    if not force_refetch:
        with tasks.writer_slot(db_path):  # the writer may hold the file; read between its loads
            states = fetch_states(db_path)
    batch = RunBatch(
        run_id=run_id or current_run_id(started),
        flow=flow_name,
        started_at=started,
        as_of=as_of,
        failures=list(failures or []),
    )
    size = settings.load_batch
    stats: list[LoadStats] = []
    for chunk in [items[i : i + size] for i in range(0, len(items), size)] or [[]]:
        fetched = tasks.fetch(chunk, sources, states, proxy_url, settings)
        documents, parse_failures = tasks.parse(fetched, settings.raw_dir, chunk)
        extractions, extract_failures = extract_all(documents, settings)
        batch = batch.model_copy(
            update={
                "finished_at": datetime.now(UTC),
                "fetches": [*batch.fetches, *fetched],
                "documents": [*batch.documents, *documents],
                "extractions": [*batch.extractions, *extractions],
                "failures": [*batch.failures, *parse_failures, *extract_failures],
            }
        )
        stats.append(tasks.load(batch, db_path, settings.snapshot_path))
    return batch, merge_stats(stats)


def merge_stats(loads: list[LoadStats]) -> LoadStats:
    """One run's LoadStats from its batch loads: each load saw the run so far, so totals are the last load's,
    and what was new is summed (new deals: every load's, once each, as last seen)."""
    last = loads[-1]
    new_deals = {str(d.get("deal_id")): d for s in loads for d in s.new_deals}
    return last.model_copy(
        update={
            "new_documents": sum(s.new_documents for s in loads),
            "changed_documents": sum(s.changed_documents for s in loads),
            "new_versions": sum(s.new_versions for s in loads),
            "new_deals": list(new_deals.values()),
        }
    )
