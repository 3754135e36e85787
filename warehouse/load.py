"""The single warehouse writer: one RunBatch -> one transaction (raw, staging, marts, logs, checks).

Loading the same batch again changes no row of documents, versions, facts, mentions or deals. A crash (even
SIGKILL) before COMMIT leaves the previous state; the next load of the batch completes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from core.errors import WarehouseError
from core.records import Chips, Deal, DealMention, DocumentExtraction, RunBatch
from warehouse import frames
from warehouse.bounds import Bounds, load_bounds
from warehouse.checks import assert_checks
from warehouse.db import connect, one_line, transaction, utc_naive
from warehouse.quarantine import Screen, run_date, screen_current
from warehouse.snapshot import publish_snapshot
from warehouse.sqlfiles import statement

__all__ = ["Consolidate", "LoadStats", "Refresher", "load_batch", "publish_snapshot"]

Consolidate = Callable[[list[DealMention]], list[Deal]]
Refresher = Callable[[duckdb.DuckDBPyConnection], object]


class LoadStats(BaseModel):
    """What one load did."""

    run_id: str
    fetches: int = 0
    documents: int = 0
    new_documents: int = 0
    changed_documents: int = 0
    new_versions: int = 0
    extractions_applied: int = 0
    extractions_stale: int = 0
    extractions_unknown: int = 0
    facts: int = 0
    mentions: int = 0
    deals: int = 0
    quarantined: int = Field(default=0, description="Figures held in quarantine after the load (count).")
    new_deals: list[dict[str, Any]] = Field(
        default_factory=list, description="Deals new with this load (JSON-safe)."
    )
    failures: int = 0


def _run(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> int:
    """Execute a named statement of warehouse/sql/load.sql; returns the affected row count, if any."""
    cur = con.execute(statement("load", name), params) if params else con.execute(statement("load", name))
    rows = cur.fetchall() if cur.description else []  # read to the end: DuckDB 2 keeps unread results open
    return int(rows[0][0]) if rows and isinstance(rows[0][0], int) else 0


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    rows = con.execute(sql).fetchall()
    return int(rows[0][0]) if rows else 0


def _latest_per_doc(extractions: list[DocumentExtraction]) -> list[DocumentExtraction]:
    """When a batch holds two extractions of one document, the later one wins."""
    return list({x.id: x for x in extractions}.values())


def _load_raw(con: duckdb.DuckDBPyConnection, stats: LoadStats) -> None:
    _run(con, "candidates")
    stats.new_versions = _run(con, "insert_versions")
    _run(con, "changed_documents")
    stats.new_documents = _scalar(con, "SELECT count(*) FROM _changed WHERE is_new")
    stats.changed_documents = _scalar(con, "SELECT count(*) FROM _changed WHERE NOT is_new")
    _run(con, "upsert_documents")
    _run(con, "append_fetch_log")


def _load_staging(con: duckdb.DuckDBPyConnection, stats: LoadStats) -> list[dict[str, str]]:
    """Replace staging rows of changed or re-extracted documents; returns failures (unknown documents)."""
    _run(con, "resolve_extractions")
    unknown = [
        str(r[0]) for r in con.execute("SELECT doc_id FROM _extr WHERE NOT known ORDER BY doc_id").fetchall()
    ]
    stats.extractions_unknown = len(unknown)
    stats.extractions_stale = _scalar(con, "SELECT count(*) FROM _extr WHERE known AND NOT is_current")
    stats.extractions_applied = _scalar(con, "SELECT count(*) FROM _extr WHERE known AND is_current")
    _run(con, "staging_targets")
    for name in ("delete_facts", "delete_mentions", "delete_relevance"):
        _run(con, name)
    stats.facts = _run(con, "insert_facts")
    stats.mentions = _run(con, "insert_mentions")
    _run(con, "insert_relevance")
    reason = "extraction of a document the warehouse does not hold (no DocumentRecord): skipped"
    return [{"stage": "load", "source": "", "url": doc_id, "reason": reason} for doc_id in unknown]


def _mention(row: dict[str, Any]) -> DealMention:
    count, chip_type = row.pop("chips_count"), row.pop("chip_type")
    row.pop("mention_no")
    chips = Chips(count=count, type=chip_type) if count is not None or chip_type is not None else None
    return DealMention(**row, chips=chips)


def current_mentions(con: duckdb.DuckDBPyConnection) -> list[DealMention]:
    """Every current mention as extracted (published filled from the document when missing)."""
    cur = con.execute(statement("load", "current_mentions"))
    names = [d[0] for d in cur.description or []]
    return [_mention(dict(zip(names, row, strict=True))) for row in cur.fetchall()]


def _first_rows(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[Any, ...]]:
    return con.execute(statement("load", name)).fetchall()


def _rebuild_marts(
    con: duckdb.DuckDBPyConnection, consolidate: Consolidate, stats: LoadStats, screen: Screen
) -> None:
    """deals, deal_parties, deal_sources from ALL current mentions within the plausibility bounds (the rest in
    quarantine); organisations and aliases upserted."""
    sane, stats.quarantined = screen_current(con, current_mentions(con), screen)
    con.complete()
    deals = consolidate(sane)
    deal_rows, links, names = frames.deals_tables(deals)
    con.register("in_deals", deal_rows)
    con.register("in_deal_mentions", links)
    con.register("in_deal_names", names)
    if dup := _first_rows(con, "duplicate_deal_ids"):
        raise WarehouseError(f"consolidation returned deal_id {dup[0][0]} more than once")
    if missing := _first_rows(con, "unknown_deal_mentions"):
        raise WarehouseError(
            f"deal {missing[0][0]} cites mention {missing[0][1]}, which is not a current mention"
        )
    _run(con, "remember_deals")
    for name in ("seen_organisations", "insert_organisations", "clear_deals", "clear_deal_parties"):
        _run(con, name)
    for name in ("clear_deal_sources", "insert_deals", "insert_deal_parties", "insert_deal_sources"):
        _run(con, name)
    _run(con, "refresh_organisation_stats")
    _run(con, "insert_aliases")
    stats.deals = len(deals)
    cur = con.execute(statement("load", "new_deals"))
    cols = [d[0] for d in cur.description or []]
    stats.new_deals = [_json_safe(dict(zip(cols, r, strict=True))) for r in cur.fetchall()]


def _json_safe(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


def _log_run(
    con: duckdb.DuckDBPyConnection, batch: RunBatch, stats: LoadStats, failures: list[dict[str, str]]
) -> None:
    recorded_at = batch.finished_at or batch.started_at
    con.register("in_failures", frames.failures_table(batch.run_id, recorded_at, failures))
    _run(con, "append_failures")
    params = {
        "run_id": batch.run_id,
        "flow": batch.flow,
        "started_at": utc_naive(batch.started_at),
        "finished_at": utc_naive(batch.finished_at),
        "as_of": batch.as_of,
        "loaded_at": datetime.now(UTC).replace(tzinfo=None),
        "n_new_versions": stats.new_versions,
        "n_extractions": stats.extractions_applied,
        "n_mentions": stats.mentions,
        "n_new_deals": len(stats.new_deals),
    }
    _run(con, "delete_run", {"run_id": batch.run_id})
    _run(con, "insert_run", params)
    stats.failures = int(
        con.execute("SELECT count(*) FROM failures WHERE run_id = ?", [batch.run_id]).fetchall()[0][0]
    )


def _register_inputs(
    con: duckdb.DuckDBPyConnection, batch: RunBatch, extractions: list[DocumentExtraction]
) -> None:
    con.register("in_docs", frames.documents_table(batch))
    con.register("in_fetches", frames.fetches_table(batch))
    con.register("in_extractions", frames.extractions_table(extractions))
    con.register("in_facts", frames.facts_table(extractions))
    con.register("in_mentions", frames.mentions_table(extractions))


def load_batch(
    db_path: Path,
    batch: RunBatch,
    consolidate: Consolidate,
    *,
    refresh: Sequence[Refresher] = (),
    bounds: Bounds | None = None,
) -> LoadStats:
    """Load one run's batch in ONE transaction, rebuild the deal marts, run the data checks, CHECKPOINT.

    Before the consolidation, every current mention and fact is screened against `bounds` (default
    warehouse/bounds.yml): out-of-bounds figures never reach the marts and are held in `quarantine`.

    `refresh` functions (e.g. warehouse.marts.refreshers(): capacity estimates, concentration) run on the
    writer's connection inside the same transaction, after the deals are rebuilt and before the checks.
    Raises WarehouseError (and leaves the previous state) when anything fails, including a data check.
    """
    extractions = _latest_per_doc(batch.extractions)
    stats = LoadStats(run_id=batch.run_id, fetches=len(batch.fetches), documents=len(batch.documents))
    screen = Screen(
        bounds=bounds or load_bounds(),
        run_date=run_date(batch.as_of),
        recorded_at=datetime.now(UTC),
    )
    with connect(db_path) as con:
        _register_inputs(con, batch, extractions)
        with transaction(con):
            _load_raw(con, stats)
            load_failures = _load_staging(con, stats)
            _rebuild_marts(con, consolidate, stats, screen)
            for refresher in refresh:
                con.complete()  # DuckDB 2: an unread execute() result blocks con.sql() and con.register()
                refresher(con)
            con.complete()
            _log_run(con, batch, stats, batch.failures + load_failures)
            assert_checks(con)
        try:
            con.execute("CHECKPOINT")
        except duckdb.Error as exc:
            raise WarehouseError(f"the load committed but CHECKPOINT failed: {one_line(exc)}") from exc
    return stats
