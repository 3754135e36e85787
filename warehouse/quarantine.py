"""The plausibility screen of the single writer, inside the load's transaction, before the deals are rebuilt.

`screen_current(con, mentions, ...)` writes the bounds it applies to `plausibility_bounds`, screens every current
mention (warehouse.bounds.screen_mention) and the money, power and chips facts (those a mention cites against
every bound; the others only for a negative or non-finite value: a market forecast is no deal's figure), brings
`quarantine` to exactly the out-of-bounds figures found (rows still out keep their recorded_at, so a reload or a
re-extraction never doubles a row) and returns the mentions the consolidation may see.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from core.records import DealMention
from warehouse.bounds import FIGURE_FIELDS, Bounds, Violation, screen_fact, screen_mention
from warehouse.db import utc_naive
from warehouse.sqlfiles import statement

_S = pa.string()
QUARANTINE = pa.schema(
    [
        ("mention_id", _S), ("fact_id", _S), ("doc_id", _S), ("field", _S), ("raw_value", _S),
        ("raw_number", pa.float64()), ("raw_date", pa.date32()), ("reason", _S), ("evidence", _S),
        ("recorded_at", pa.timestamp("us")),
    ]
)  # fmt: skip
BOUNDS = pa.schema(
    [
        ("field", _S), ("above", pa.float64()), ("at_most", pa.float64()), ("not_before", pa.date32()),
        ("not_after", pa.date32()),
    ]
)  # fmt: skip


@dataclass(frozen=True)
class Screen:
    """What the screen applies: the bounds, the run date (upper date bound) and when new rows are recorded."""

    bounds: Bounds
    run_date: date
    recorded_at: datetime


def run_date(as_of: date | None, today: date | None = None) -> date:
    """The latest plausible date: the later of the load's as-of date and its UTC day (a backfill of a past day
    keeps the articles published since)."""
    today = today or datetime.now(UTC).date()
    return max(as_of, today) if as_of is not None else today


def _exec(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[Any, ...]]:
    cur = con.execute(statement("quarantine", name))
    return cur.fetchall() if cur.description else []  # read to the end: DuckDB keeps unread results open


def bounds_table(bounds: Bounds, run_day: date) -> pa.Table:
    rows: list[dict[str, Any]] = [
        {"field": f, "above": bounds.figure(f).above, "at_most": bounds.figure(f).at_most}
        for f in FIGURE_FIELDS
    ]
    rows.append({"field": "date", "not_before": bounds.dates.not_before, "not_after": run_day})
    return pa.Table.from_pylist(rows, schema=BOUNDS)


def _row(
    v: Violation, screen: Screen, doc_id: str, evidence: str | None, **ids: str | None
) -> dict[str, Any]:
    return {
        "mention_id": ids.get("mention_id"),
        "fact_id": ids.get("fact_id"),
        "doc_id": doc_id,
        "field": v.field,
        "raw_value": v.raw_text,
        "raw_number": None if isinstance(v.raw, date) else v.raw,
        "raw_date": v.raw if isinstance(v.raw, date) else None,
        "reason": v.reason,
        "evidence": evidence or None,
        "recorded_at": utc_naive(screen.recorded_at),
    }


def _fact_rows(con: duckdb.DuckDBPyConnection, screen: Screen) -> list[dict[str, Any]]:
    rows = []
    for fact_id, doc_id, kind, value, value_high, sentence, cited in _exec(con, "facts_out_of_bounds"):
        for v in screen_fact(str(kind), [value, value_high], screen.bounds):
            if cited or (isinstance(v.raw, float) and (not math.isfinite(v.raw) or v.raw < 0)):
                rows.append(_row(v, screen, str(doc_id), sentence, fact_id=str(fact_id)))
    return rows


def screen_current(
    con: duckdb.DuckDBPyConnection, mentions: list[DealMention], screen: Screen
) -> tuple[list[DealMention], int]:
    """(the mentions the consolidation may see, the number of quarantine rows now held)."""
    con.register("in_bounds", bounds_table(screen.bounds, screen.run_date))
    _exec(con, "clear_bounds")
    _exec(con, "insert_bounds")
    sane: list[DealMention] = []
    rows: list[dict[str, Any]] = []
    for m in mentions:
        kept, found = screen_mention(m, screen.bounds, screen.run_date)
        rows.extend(_row(v, screen, m.doc_id, m.evidence, mention_id=m.mention_id) for v in found)
        if kept is not None:
            sane.append(kept)
    rows.extend(_fact_rows(con, screen))
    unique = {(r["mention_id"], r["fact_id"], r["field"], r["raw_value"]): r for r in rows}
    con.register("in_quarantine", pa.Table.from_pylist(list(unique.values()), schema=QUARANTINE))
    for name in ("delete_released", "update_kept", "insert_new"):
        _exec(con, name)
    return sane, len(unique)
