"""Mart refreshers run by the writer inside the load transaction, after the deals are rebuilt.

Order matters: capacity estimates first (they give each deal its H100-equivalents), then the concentration
and compute-share marts, which use H100e as one of their measures.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from warehouse.capacity_store import write_capacity_estimates
from warehouse.load import Refresher
from warehouse.refresh import refresh_marts


def refresh_capacity(con: duckdb.DuckDBPyConnection) -> None:
    """Re-sync the hardware catalogue and replace capacity_estimates, one estimate per deal."""
    write_capacity_estimates(con)


def refresh_concentration(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the concentration and compute_share marts."""
    refresh_marts(con)


def refreshers() -> Sequence[Refresher]:
    return (refresh_capacity, refresh_concentration)
