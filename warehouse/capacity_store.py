"""The capacity model in the warehouse: the hardware table (seeded by migration 0004, refreshed from the CSV)
and capacity_estimates (one row per deal), both replaced, plus capacity_estimate_history (appended per catalogue
version) inside the caller's transaction (nothing commits).

Call `write_capacity_estimates(con)` after the deal marts are rebuilt and before
warehouse.refresh.refresh_marts, which reads capacity_estimates.h100e_mid.
"""

from __future__ import annotations

from typing import Any

import duckdb
import polars as pl

from analytics.capacity.catalogue import Catalogue, catalogue
from analytics.capacity.frame import estimates_frame
from analytics.capacity.version import catalogue_version
from core.records import Deal
from warehouse.db import replace_rows
from warehouse.sqlfiles import statement


def _sql(name: str) -> str:
    return statement("capacity", name)


def hardware_rows(cat: Catalogue | None = None) -> list[dict[str, Any]]:
    """The catalogue as hardware-table rows: CSV columns, with each figure's source keys resolved to URLs."""
    cat = cat or catalogue()
    rows = []
    for hw in cat.rows.values():
        row: dict[str, Any] = {}
        for key, value in hw.model_dump().items():
            if key.endswith("_src"):
                row[key.removesuffix("_src") + "_source"] = cat.urls(value) or None
            else:
                row[key] = value if value != "" else None
        rows.append(row)
    return rows


def hardware_frame(cat: Catalogue | None = None) -> pl.DataFrame:
    rows = hardware_rows(cat)
    return pl.DataFrame(rows, infer_schema_length=None)


def seed_hardware(con: duckdb.DuckDBPyConnection, cat: Catalogue | None = None) -> int:
    """Replace the hardware table's rows with the repository's catalogue; returns the row count."""
    return replace_rows(con, "hardware", hardware_frame(cat))


def read_deals(con: duckdb.DuckDBPyConnection) -> list[Deal]:
    cur = con.execute(_sql("read_deals"))
    names = [d[0] for d in cur.description or []]
    deals = []
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        row["parties"] = list(row["parties"] or [])
        row["evidence"] = row["evidence"] or ""
        deals.append(Deal.model_validate(row))
    return deals


def write_capacity_estimates(
    con: duckdb.DuckDBPyConnection, model_params: float = 70e9, version: str | None = None
) -> int:
    """Refresh `hardware` from the CSV, replace `capacity_estimates` with one row per current deal and keep those
    rows in `capacity_estimate_history` under the catalogue version (default: the hash of the data files)."""
    seed_hardware(con)
    frame = estimates_frame(read_deals(con), model_params)
    written = replace_rows(con, "capacity_estimates", frame)
    tag = version or catalogue_version()
    con.execute(_sql("stamp_version"), [tag])
    con.execute(_sql("append_history"))
    return written


def _sql_literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def render_seed_sql(cat: Catalogue | None = None) -> str:
    """INSERT statements that seed the hardware table (what migration 0004 holds), one row per line."""
    rows = hardware_rows(cat)
    columns = list(rows[0])
    lines = [f"INSERT INTO hardware ({', '.join(columns)}) VALUES"]
    values = ["    (" + ", ".join(_sql_literal(r[c]) for c in columns) + ")" for r in rows]
    return "\n".join(lines) + "\n" + ",\n".join(values) + ";\n"


__all__ = [
    "hardware_frame",
    "read_deals",
    "render_seed_sql",
    "seed_hardware",
    "write_capacity_estimates",
]


if __name__ == "__main__":
    print(render_seed_sql(), end="")
