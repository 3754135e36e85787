"""Mart refreshers run by the writer inside the load transaction, after the deals are rebuilt.

Order matters: capacity estimates first (they give each deal its H100-equivalents), then the concentration
and compute-share marts and the significance scores, which use H100e as one of their measures.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from analytics.significance import significance
from warehouse.capacity_store import write_capacity_estimates
from warehouse.db import replace_rows
from warehouse.load import Refresher
from warehouse.refresh import refresh_marts
from warehouse.sqlfiles import statement


def refresh_capacity(con: duckdb.DuckDBPyConnection) -> None:
    """Re-sync the hardware catalogue and replace capacity_estimates, one estimate per deal."""
    write_capacity_estimates(con)


def refresh_concentration(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the concentration and compute_share marts."""
    refresh_marts(con)


def refresh_significance(con: duckdb.DuckDBPyConnection) -> None:
    """Replace deal_significance: each deal's score and its parts (analytics.significance)."""
    scores = significance(con.sql(statement("marts", "significance_inputs")).pl().lazy()).collect()
    replace_rows(con, "deal_significance", scores.with_columns(pl.col(pl.Float64).round_sig_figs(12)))


def refreshers() -> Sequence[Refresher]:
    return (refresh_capacity, refresh_concentration, refresh_significance)
