"""One row per deal: the estimates as a polars frame, the shape of the capacity_estimates table."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from analytics.capacity.deals import estimate_deal
from analytics.capacity.model import CapacityEstimate
from core.records import Deal

MEASURES: tuple[str, ...] = ("facility_mw", "it_mw", "accelerators", "h100e", "tokens_per_s")
BASIS_SEPARATOR = " | "

SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "hardware": pl.String(),
    "input_kind": pl.String(),
    **{f"{m}_{end}": pl.Float64() for m in MEASURES for end in ("low", "mid", "high")},
    "throughput_method": pl.String(),
    "model_params": pl.Float64(),
    "up_to": pl.Boolean(),
    "tranche_of": pl.String(),
    "basis": pl.String(),
}


def estimate_row(est: CapacityEstimate) -> dict[str, object]:
    row: dict[str, object] = {
        "deal_id": est.deal_id,
        "hardware": est.hardware,
        "input_kind": est.input_kind,
        "throughput_method": est.throughput_method,
        "model_params": est.model_params,
        "up_to": est.up_to,
        "tranche_of": est.tranche_of,
        "basis": BASIS_SEPARATOR.join(est.basis),
    }
    for measure in MEASURES:
        value = getattr(est, measure)
        for end in ("low", "mid", "high"):
            row[f"{measure}_{end}"] = getattr(value, end) if value is not None else None
    return row


def estimates_frame(deals: Iterable[Deal], model_params: float = 70e9) -> pl.DataFrame:
    """One row per deal (deal_id, hardware, facility_mw_low/mid/high, ..., basis, up_to), as SCHEMA."""
    rows = [estimate_row(estimate_deal(d, model_params)) for d in deals]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").select(list(SCHEMA))
