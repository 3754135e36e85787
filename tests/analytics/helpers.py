"""Build small deal tables for the analytics tests (only the columns the analytics read)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

DEAL_DEFAULTS: dict[str, Any] = {
    "buyer": "Buyer Co",
    "seller": None,
    "status": "announced",
    "amount_usd": None,
    "amount_qualifier": None,
    "power_mw": None,
    "power_qualifier": None,
    "h100e": None,
    "first_reported": date(2025, 8, 1),
    "parent_deal_id": None,
}
SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "buyer": pl.String(),
    "seller": pl.String(),
    "status": pl.String(),
    "deal_type": pl.String(),
    "amount_usd": pl.Float64(),
    "amount_qualifier": pl.String(),
    "power_mw": pl.Float64(),
    "power_qualifier": pl.String(),
    "h100e": pl.Float64(),
    "first_reported": pl.Date(),
    "parent_deal_id": pl.String(),
}


def deals(*rows: dict[str, Any]) -> pl.LazyFrame:
    """A deals LazyFrame; each row gets a deal_id 'd<n>' unless given, and the defaults above."""
    full = [{"deal_id": f"d{i}", **DEAL_DEFAULTS, **row} for i, row in enumerate(rows)]
    return pl.LazyFrame(full, schema=SCHEMA)


def supplier_deals(values: dict[str, float], day: date = date(2025, 8, 1)) -> list[dict[str, Any]]:
    """One USD deal per supplier, all reported on `day`."""
    return [{"seller": firm, "amount_usd": v, "first_reported": day} for firm, v in values.items()]
