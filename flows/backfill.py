"""The backfill flow: a window of published days, one resumable partition per (day, source).

Sources are walked back to the window once (feeds, sitemaps by lastmod, paginated listings until older than
the window); their items are grouped by published day, and each day whose partitions are not done yet is
fetched, parsed, extracted and loaded as its own batch by the single warehouse writer. Running the same window
again skips the done partitions and retries the failed ones. With `reextract_only` nothing is fetched: the
stored documents published in the window are extracted again and reloaded, one day at a time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.runtime import flow_run

from core.errors import InfradealsError
from core.partitions import PartitionKey, PartitionResult, pending_partitions, plan_partitions
from core.records import DiscoveredItem, DocumentRecord, RunBatch, SourceConfig
from core.settings import Settings, get_settings
from flows import progress, tasks
from flows.params import BackfillParams
from flows.pipeline import current_run_id, newsroom_for, process
from flows.reextract import reextract_documents, stored_documents
from flows.runners import SettingsTaskRunner
from reports.backfill import BackfillSummary


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:500] or type(exc).__name__


@task(name="partition-states")
def read_states(db_path: Path, days: list[date], sources: list[str]) -> dict[PartitionKey, str]:
    """Every partition's stored status, read under the writer slot."""
    from warehouse.partitions import partition_states

    with tasks.writer_slot(db_path):
        return partition_states(db_path, days, sources)


@task(name="record-reextraction")
def record_reextraction(db_path: Path, rows: list[dict[str, object]]) -> None:
    """New counts and extractor version of re-extracted partitions that are done, under the writer slot."""
    from core.settings import snapshot_of
    from warehouse.partitions import mark_reextracted
    from warehouse.snapshot import publish_snapshot

    with tasks.writer_slot(db_path):
        mark_reextracted(db_path, rows)
        if db_path.exists():  # nothing was written when there was nothing to mark
            publish_snapshot(db_path, snapshot_of(db_path))


def discover_window(
    sources: list[SourceConfig], proxy_url: str | None, start: date, end: date, settings: Settings
) -> tuple[dict[PartitionKey, list[DiscoveredItem]], dict[str, str], int]:
    """Items per (day, source) in the window, the sources whose discovery failed (with why), undated items."""
    futures = {s.name: tasks.discover.submit(s, proxy_url, start, end, settings) for s in sources}
    grouped: dict[PartitionKey, list[DiscoveredItem]] = defaultdict(list)
    errors: dict[str, str] = {}
    undated, seen = 0, set()
    for name, future in futures.items():
        try:
            items = future.result()
        except Exception as exc:  # one broken source fails its partitions, not the backfill
            errors[name] = one_line(exc)
            continue
        for item in items:
            if item.url in seen:
                continue
            seen.add(item.url)
            if item.published is None:
                undated += 1
            elif start <= item.published <= end:
                grouped[(item.published, name)].append(item)
    return grouped, errors, undated


def _mark(
    settings: Settings, results: list[PartitionResult], run_id: str, version: str | None = None
) -> None:
    rows: list[dict[str, object]] = [
        {
            **p.model_dump(include={"day", "source", "items", "documents", "deals", "error"}),
            "status": p.status,
            "extractor_version": version,
            "flow_run_id": run_id,
        }
        for p in results
    ]
    tasks.mark_partitions(settings.warehouse_path, rows)


def _counts(batch: RunBatch) -> tuple[dict[str, int], dict[str, int], str | None]:
    """Documents and deal mentions per source of a loaded batch, and the extractor version."""
    source_of = {d.doc_id: d.source for d in batch.documents}
    docs: dict[str, int] = defaultdict(int)
    deals: dict[str, int] = defaultdict(int)
    for d in batch.documents:
        docs[d.source] += 1
    for x in batch.extractions:
        deals[source_of.get(x.id, "")] += len(x.deals)
    version = batch.extractions[0].extractor_version if batch.extractions else None
    return docs, deals, version


def fetch_day(
    day: date,
    items: dict[str, list[DiscoveredItem]],
    sources: list[SourceConfig],
    proxy_url: str | None,
    settings: Settings,
    *,
    run_id: str,
    force_refetch: bool,
) -> tuple[list[PartitionResult], list[dict[str, Any]]]:
    """Fetch, parse, extract and load one day's items of the given sources (one batch); record partitions."""
    pending = [PartitionResult(day=day, source=s, status="running", items=len(i)) for s, i in items.items()]
    _mark(settings, pending, run_id)
    try:
        every = [item for i in items.values() for item in i]
        batch, stats = process(
            every, sources, proxy_url, settings, flow_name="backfill", force_refetch=force_refetch
        )
    except Exception as exc:  # one failed day is recorded; the backfill goes on
        failed = [p.model_copy(update={"status": "failed", "error": one_line(exc)}) for p in pending]
        _mark(settings, failed, run_id)
        get_run_logger().error("partition %s failed: %s", day, one_line(exc))
        return failed, []
    docs, deals, version = _counts(batch)
    done = [
        p.model_copy(update={"status": "done", "documents": docs[p.source], "deals": deals[p.source]})
        for p in pending
    ]
    _mark(settings, done, run_id, version)
    return done, stats.new_deals


def fetch_window(
    params: BackfillParams, sources: list[SourceConfig], settings: Settings, summary: BackfillSummary
) -> None:
    """The fetch backfill: every partition not done yet (all with force_refetch), day by day."""
    states = read_states(settings.warehouse_path, params.days(), [s.name for s in sources])
    todo, skipped = pending_partitions(states, params.force_refetch)
    summary.partitions += skipped
    get_run_logger().info("%d of %d partitions to do", len(todo), len(states))
    if not todo:
        return
    with newsroom_for(settings.sources_path(params.sources_file), None, settings) as proxy_url:
        found, errors, summary.undated_items = discover_window(
            sources, proxy_url, todo[0][0], todo[-1][0], settings
        )
        plan = plan_partitions(todo, found, errors)
        _mark(settings, plan.settled, summary.run_id)  # settled in one write, without a load
        summary.partitions += plan.settled
        progress.expect("days", len(plan.days))
        for day, items in plan.days.items():
            results, new_deals = fetch_day(
                day,
                items,
                sources,
                proxy_url,
                settings,
                run_id=summary.run_id,
                force_refetch=params.force_refetch,
            )
            summary.partitions += results
            summary.new_deals += new_deals
            progress.advance("days")


def reextract_window(
    params: BackfillParams, sources: list[SourceConfig], settings: Settings, summary: BackfillSummary
) -> None:
    """Extract the window's stored documents again, one load per day; done partitions get the new counts."""
    docs, summary.undated_items = stored_documents(
        settings.warehouse_path, summary.start_date, summary.end_date, [s.name for s in sources]
    )
    by_day: dict[date, list[DocumentRecord]] = defaultdict(list)
    for d in docs:
        by_day[d.published].append(d)  # type: ignore[index]  # stored_documents keeps dated documents only
    get_run_logger().info("%d stored documents to extract again over %d days", len(docs), len(by_day))
    progress.expect("days", len(by_day))
    for day in sorted(by_day):
        results, new_deals = reextract_day(day, by_day[day], settings, summary.run_id)
        summary.partitions += results
        summary.new_deals += new_deals
        progress.advance("days")


def reextract_day(
    day: date, docs: list[DocumentRecord], settings: Settings, run_id: str
) -> tuple[list[PartitionResult], list[dict[str, Any]]]:
    """One day's stored documents extracted again and loaded; the done partitions get the new counts."""
    try:
        batch, stats = reextract_documents(docs, settings, run_id=run_id, flow_name="backfill")
    except Exception as exc:  # the previous extraction stays in place: the load is one transaction
        get_run_logger().error("re-extraction of %s failed: %s", day, one_line(exc))
        failed = [
            PartitionResult(day=day, source=s, status="failed", error=one_line(exc))
            for s in sorted({d.source for d in docs})
        ]
        return failed, []
    docs_n, deals_n, version = _counts(batch)
    results = [
        PartitionResult(day=day, source=s, status="reextracted", documents=docs_n[s], deals=deals_n[s])
        for s in sorted(docs_n)
    ]
    rows: list[dict[str, object]] = [
        {**r.model_dump(include={"day", "source", "documents", "deals"}), "extractor_version": version}
        for r in results
    ]
    record_reextraction(settings.warehouse_path, [{**r, "flow_run_id": run_id} for r in rows])
    return results, stats.new_deals


def run_name() -> str:
    """The flow run's name in the UI: the resolved window, e.g. 'backfill 2025-09-16..2025-09-22'."""
    try:
        raw = flow_run.get_parameters().get("params") or {}
        params = raw if isinstance(raw, BackfillParams) else BackfillParams.model_validate(raw)
        start, end = params.window()
    except (ValueError, TypeError, AttributeError):
        return "backfill"
    return f"backfill{' re-extract' if params.reextract_only else ''} {start}..{end}"


DEFAULT_PARAMS = BackfillParams()


@flow(
    name="backfill",
    description="Backfill a window of published days, one resumable partition per day and source.",
    flow_run_name=run_name,
    task_runner=SettingsTaskRunner(),
)
def backfill(params: BackfillParams = DEFAULT_PARAMS) -> BackfillSummary:
    """Walk the sources back over the window and process each partition not done yet; record every state.

    Args:
        params: The window of published days (empty dates: the 7 days up to yesterday, UTC) and what to redo.
    """
    from crawl.sources import load_sources, select_sources

    settings = get_settings()
    start, end = params.window()
    sources = select_sources(load_sources(settings.sources_path(params.sources_file)).sources, params.sources)
    summary = BackfillSummary(
        run_id=current_run_id(datetime.now(UTC)),
        start_date=start,
        end_date=end,
        mode="reextract" if params.reextract_only else "fetch",
        sources=[s.name for s in sources],
    )
    (reextract_window if params.reextract_only else fetch_window)(params, sources, settings, summary)
    get_run_logger().info("%s", summary.headline())
    progress.publish_backfill_report(summary)
    if summary.failed:
        reasons = "; ".join(f"{p.day} {p.source}: {(p.error or '')[:200]}" for p in summary.failed[:3])
        raise InfradealsError(
            f"{summary.headline()}. Failed: {reasons}. Run the same window again to retry them."
        )
    return summary
