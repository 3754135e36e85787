"""Backfill partition bookkeeping in the warehouse (table backfill_partitions, migration 0005).

A partition is one published day of one source. Callers hold the warehouse writer (the Prefect global
concurrency limit of flows/tasks.py): DuckDB allows one read-write process per file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from warehouse.db import connect, transaction
from warehouse.sqlfiles import statement


def partition_states(db_path: Path, days: list[date], sources: list[str]) -> dict[tuple[date, str], str]:
    """Status of every (day, source) asked for: 'pending' when never seen, else the stored status."""
    states = {(d, s): "pending" for d in days for s in sources}
    if not days or not sources or not db_path.exists():
        return states
    with connect(db_path) as con:
        params = {"first": min(days), "last": max(days), "sources": list(sources)}
        rows = con.execute(statement("partitions", "states"), params).fetchall()
    for day, source, status in rows:
        if (day, source) in states:
            states[(day, source)] = status
    return states


def mark_partition(
    con: duckdb.DuckDBPyConnection,
    day: date,
    source: str,
    status: str,
    *,
    items: int = 0,
    documents: int = 0,
    deals: int = 0,
    error: str | None = None,
    extractor_version: str | None = None,
    flow_run_id: str | None = None,
) -> None:
    """Insert or update one partition row (the caller holds the writer and the transaction)."""
    params = {
        "day": day,
        "source": source,
        "status": status,
        "items": items,
        "documents": documents,
        "deals": deals,
        "error": error,
        "extractor_version": extractor_version,
        "flow_run_id": flow_run_id,
        "updated_at": datetime.now(UTC).replace(tzinfo=None),
    }
    con.execute(statement("partitions", "upsert"), params)


def mark_partitions(db_path: Path, rows: list[dict[str, object]]) -> None:
    """Record several partitions in one transaction; each dict holds mark_partition's arguments."""
    if not rows:
        return
    with connect(db_path) as con, transaction(con):
        for row in rows:
            mark_partition(con, **row)  # type: ignore[arg-type]


def mark_reextracted(db_path: Path, rows: list[dict[str, object]]) -> None:
    """New document and deal counts and extractor version of re-extracted partitions that are done; one never
    backfilled stays as it is, so a later backfill still fetches it. Each dict: day, source, documents, deals,
    extractor_version, flow_run_id."""
    if not rows:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    with connect(db_path) as con, transaction(con):
        for row in rows:
            con.execute(statement("partitions", "reextracted"), {**row, "updated_at": now})
