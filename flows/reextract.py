"""Re-extraction: the current extractor over documents already in the warehouse, fetching nothing.

One path for every caller: `infradeals reextract` runs the `reextract` flow below, the backfill's re-extract
mode calls `reextract_documents` per day, and the nightly flow extracts through the same `extract_all`. The
documents are read and the results loaded under the warehouse writer's slot (a Prefect global concurrency
limit of 1), so a re-extraction never writes while another run writes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from pydantic import BaseModel

from core.records import DocumentRecord, RunBatch
from core.settings import Settings, get_settings
from flows import tasks
from flows.params import ReextractParams
from flows.pipeline import current_run_id, extract_all
from flows.runners import SettingsTaskRunner
from warehouse.load import LoadStats


@task(name="stored-documents")
def stored_documents(
    db_path: Path, since: date | None = None, until: date | None = None, sources: list[str] | None = None
) -> tuple[list[DocumentRecord], int]:
    """The current version of every stored document (of `sources`, published in [since, until] when given)
    and how many of those sources' documents have no published day; read under the writer slot."""
    from warehouse.state import documents_for_reextract

    with tasks.writer_slot(db_path):
        docs = [d for d in documents_for_reextract(db_path, since) if sources is None or d.source in sources]
    if until is None:
        return docs, sum(d.published is None for d in docs)
    kept = [d for d in docs if d.published is not None and d.published <= until]
    return kept, sum(d.published is None for d in docs)


def reextract_documents(
    docs: list[DocumentRecord], settings: Settings, *, run_id: str, flow_name: str
) -> tuple[RunBatch, LoadStats]:
    """Extract `docs` again and load the results through the single writer (one transaction, then the
    snapshot). The returned batch carries the documents, for counts per source; the load does not need them."""
    started = datetime.now(UTC)
    extractions, failures = extract_all(docs, settings)
    batch = RunBatch(
        run_id=run_id,
        flow=flow_name,
        started_at=started,
        finished_at=datetime.now(UTC),
        extractions=extractions,
        failures=failures,
    )
    stats = tasks.load(batch, settings.warehouse_path, settings.snapshot_path)
    return batch.model_copy(update={"documents": docs}), stats


class ReextractSummary(BaseModel):
    documents: int
    facts: int
    deal_mentions: int
    applied: int
    deals: int
    failures: int


@flow(
    name="reextract",
    description="Run the current extractor again over stored documents; nothing is fetched.",
    task_runner=SettingsTaskRunner(),
)
def reextract(params: ReextractParams = ReextractParams()) -> ReextractSummary:  # noqa: B008 - Prefect reads it
    """Extract every stored document (published on or after `since`) again and load it as one batch.

    Args:
        params: Which stored documents to extract again.
    """
    settings = get_settings()
    docs, _ = stored_documents(settings.warehouse_path, params.since)
    batch, stats = reextract_documents(
        docs, settings, run_id=current_run_id(datetime.now(UTC)), flow_name="reextract"
    )
    summary = ReextractSummary(
        documents=len(batch.extractions),
        facts=sum(len(x.facts) for x in batch.extractions),
        deal_mentions=sum(len(x.deals) for x in batch.extractions),
        applied=stats.extractions_applied,
        deals=stats.deals,
        failures=len(batch.failures),
    )
    get_run_logger().info("re-extracted %s", summary)
    return summary
