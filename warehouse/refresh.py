"""Rebuild the concentration marts from the warehouse: the one place the analytics collect().

`refresh_marts(con)` reads `deals` (and `capacity_estimates.h100e_mid` when that table exists), computes the
`concentration` and `compute_share` marts (migration 0003) with the pure functions of analytics.concentration
and analytics.shares, and replaces both tables' rows. It runs inside the caller's transaction: it neither
begins nor commits, so a failure leaves the caller free to roll back the whole load.
"""

from __future__ import annotations

import duckdb
import polars as pl

from analytics.aggregate import month_totals
from analytics.concentration import concentration_from_totals
from analytics.shares import compute_share_from_totals
from core.errors import WarehouseError
from warehouse.db import replace_rows
from warehouse.sqlfiles import statement

MART_TABLES: tuple[str, ...] = ("concentration", "compute_share")


def _sql(name: str) -> str:
    return statement("marts", name)


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> set[str]:
    rows = con.execute(_sql("relation_columns"), {"name": relation}).fetchall()
    return {str(r[0]) for r in rows}


def _frame(con: duckdb.DuckDBPyConnection, sql: str) -> pl.LazyFrame:
    frame: pl.DataFrame = con.sql(sql).pl()
    return frame.lazy()


def read_deals(con: duckdb.DuckDBPyConnection) -> pl.LazyFrame:
    """The deals the analytics use, with `h100e` from capacity_estimates when that table has h100e_mid.

    Raises WarehouseError when a deal has several capacity estimates (it would be counted twice).
    """
    if "h100e_mid" not in _columns(con, "capacity_estimates"):
        return _frame(con, _sql("deals"))
    duplicates = con.sql(_sql("h100e_duplicates")).fetchall()
    if duplicates:
        sample = ", ".join(str(d[0]) for d in duplicates[:3])
        raise WarehouseError(
            f"capacity_estimates has several rows for {len(duplicates)} deal(s) (e.g. {sample}); "
            "keep one estimate per deal_id before refreshing the marts"
        )
    return _frame(con, _sql("deals_h100e"))


def _stable(frame: pl.DataFrame) -> pl.DataFrame:
    """Floats rounded to 12 significant digits: parallel sums may differ in the last bit from run to run,
    and a re-run over the same deals must write the same rows."""
    return frame.with_columns(pl.col(pl.Float64, pl.Float32).round_sig_figs(12))


def refresh_marts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Recompute and replace the `concentration` and `compute_share` rows; returns rows written per table."""
    missing = [t for t in ("deals", *MART_TABLES) if not _columns(con, t)]
    if missing:
        raise WarehouseError(f"tables {missing} are missing: run the warehouse migrations first")
    # One pass over the deal rows: both marts read the same small frame of monthly firm totals. deal_id is
    # unique in `deals` (the load refuses a repeat), so the analytics skip their de-duplication; the marts
    # are small frames, which polars' in-memory engine runs faster than the streaming one.
    totals = month_totals(read_deals(con), ids_unique=True).collect().lazy()
    marts = [concentration_from_totals(totals), compute_share_from_totals(totals)]
    conc, shares = (_stable(f) for f in pl.collect_all(marts, engine="in-memory"))
    try:
        return {
            "concentration": replace_rows(con, "concentration", conc),
            "compute_share": replace_rows(con, "compute_share", shares),
        }
    except duckdb.Error as exc:
        raise WarehouseError(f"refreshing the concentration marts failed: {exc}") from exc
