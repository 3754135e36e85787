"""The nightly flow: discover, fetch, parse, extract, load (one writer), marts, snapshot, report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect import flow, get_run_logger

from core.settings import Settings, get_settings
from flows import tasks
from flows.params import NightlyParams
from flows.pipeline import discover_all, newsroom_for, process, unique_items
from flows.runners import SettingsTaskRunner
from reports.summary import RunSummary, build_summary


def settings_for(db_path: str | None) -> Settings:
    settings = get_settings()
    if db_path:
        settings = settings.model_copy(update={"db_path": Path(db_path)})
    return settings


@flow(
    name="nightly",
    description="Nightly ingestion of AI-infrastructure deal news into the DuckDB warehouse.",
    task_runner=SettingsTaskRunner(),
)
def nightly(params: NightlyParams = NightlyParams()) -> RunSummary:  # noqa: B008 - Prefect reads the default
    """Discover, fetch, parse, extract and load every configured source; then refresh marts and publish."""
    from crawl.sources import load_sources

    settings = settings_for(params.db_path)
    sources_path = settings.sources_path(params.sources_file)
    sources = load_sources(sources_path).sources
    with newsroom_for(sources_path, params.as_of, settings) as proxy_url:
        discovered, failed_sources = discover_all(sources, proxy_url, params.since, params.until, settings)
        batch, stats = process(
            unique_items(discovered),
            sources,
            proxy_url,
            settings,
            flow_name="nightly",
            force_refetch=params.force_refetch,
            as_of=params.as_of,
            failures=failed_sources,
        )
    summary = build_summary(
        batch,
        discovered,
        sources,
        new_versions=stats.new_versions,
        new_deals=stats.new_deals,
        db_path=settings.warehouse_path,
        snapshot_path=settings.snapshot_path,
    )
    get_run_logger().info(
        "%d documents (%d new or changed), %d deals (%d new), %d failures; warehouse %s",
        summary.documents_total,
        summary.new_document_versions,
        summary.deals_total,
        summary.deals_new,
        len(summary.failures),
        summary.db_path,
    )
    for line in summary.failed_sources:
        get_run_logger().warning("source %s failed: %s", line.source, line.error)
    day = params.as_of or datetime.now(UTC).date()
    new_ids = [str(d["deal_id"]) for d in stats.new_deals if d.get("deal_id")]
    digests = settings.warehouse_path.parent / "digests"  # beside the warehouse: data/digests by default
    summary.digest_path = str(tasks.digest(settings.snapshot_path, day, new_ids, digests))
    tasks.publish_report(summary)
    return summary
