"""Figures of the run summary, read from the marts of the published snapshot (never recomputed here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from warehouse.db import connect
from warehouse.sqlfiles import statement


def market_figures(snapshot_path: Path, side: str = "supplier", measure: str = "usd") -> dict[str, Any]:
    """Deal, document and quarantine counts, and every firm's cumulative share of `side` x `measure` at the latest
    quarter, with the HHI of those shares (0-10,000); `hhi` is None when the mart holds no such series."""
    with connect(snapshot_path, read_only=True) as con:
        counts = con.execute(statement("summary", "counts")).fetchone() or (0, 0, 0)
        deals_total, documents_total, quarantined = counts
        params = {"side": side, "measure": measure}
        rows = con.execute(statement("summary", "cumulative_shares"), params).fetchall()
    shares: list[dict[str, Any]] = [
        {"firm": str(f), "value": float(v), "share": float(s)} for f, v, s in rows
    ]
    hhi = sum((float(s["share"]) * 100) ** 2 for s in shares) if shares else None
    return {
        "deals_total": int(deals_total),
        "documents_total": int(documents_total),
        "quarantined": int(quarantined),
        "shares": shares,
        "hhi": hhi,
        "measure": measure,
    }


def deal_rows(snapshot_path: Path) -> list[dict[str, Any]]:
    """Every consolidated deal as a dict of the fields deal truth is scored on."""
    with connect(snapshot_path, read_only=True) as con:
        cur = con.execute(statement("summary", "deal_rows"))
        names = [c[0] for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
