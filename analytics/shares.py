"""Compute-share trends: each firm's share of a measure over time, per period, cumulative and rolling 12
months.

For every series (side, measure, include_up_to) and period type, a firm's value in a period is summed over
three windows ending at that period:

- 'period': the period alone (the shares behind the HHI of the `concentration` mart);
- 'cumulative': every period from the first reported deal up to and including this one;
- 'rolling_12m': the last 12 months (12 months or 4 quarters) up to and including this one.

`share` is the firm's fraction (0-1) of the window's total over all firms; `rank` is 1 for the largest (ties
share a rank). A firm has a row in a window only when at least one of its counted deals falls inside it. Which
deals count: see `analytics.observations`.
"""

from __future__ import annotations

import polars as pl

from analytics.aggregate import firm_totals, in_period, month_totals
from analytics.concentration import KEYS
from analytics.observations import SERIES_KEYS
from analytics.periods import PERIOD_TYPES, ROLLING_12M_PERIODS, PeriodType, period_spine

WINDOWS: tuple[str, ...] = ("period", "cumulative", "rolling_12m")
OUTPUT_COLUMNS: list[str] = [
    "period_type",
    "period",
    "period_start",
    *SERIES_KEYS,
    "window_type",
    "firm",
    "value",
    "market_value",
    "share",
    "rank",
    "n_deals",
]


def _firm_grid(dated: pl.LazyFrame, period_type: PeriodType) -> pl.LazyFrame:
    """Every firm of a series in every period of the spine, with value and n_deals 0 where it had no deal."""
    values = firm_totals(dated, KEYS)
    firms = values.select([*SERIES_KEYS, "firm"]).unique()
    return (
        period_spine(dated, period_type)
        .join(firms, how="cross")
        .join(values, on=[*KEYS, "firm"], how="left")
        .with_columns(pl.col("value").fill_null(0.0), pl.col("n_deals").fill_null(0))
    )


def _windowed(grid: pl.LazyFrame, period_type: PeriodType) -> pl.LazyFrame:
    """The grid in long form, one row per window (period, cumulative, rolling_12m)."""
    group = [*SERIES_KEYS, "firm"]
    size = ROLLING_12M_PERIODS[period_type]
    ordered = grid.sort([*group, "period_index"])
    sums = {
        "period": (pl.col("value"), pl.col("n_deals")),
        "cumulative": (pl.col("value").cum_sum(), pl.col("n_deals").cum_sum()),
        "rolling_12m": (
            pl.col("value").rolling_sum(size, min_samples=1),
            pl.col("n_deals").rolling_sum(size, min_samples=1),
        ),
    }
    parts = [
        ordered.select(
            "period_type",
            "period_index",
            "period",
            "period_start",
            *group,
            pl.lit(window).alias("window_type"),
            value.over(group).alias("value"),
            n_deals.over(group).cast(pl.Int64).alias("n_deals"),
        )
        for window, (value, n_deals) in sums.items()
    ]
    return pl.concat(parts, how="vertical")


def _with_shares(windowed: pl.LazyFrame) -> pl.LazyFrame:
    market = [*KEYS, "window_type"]
    return (
        windowed.filter(pl.col("n_deals") > 0)
        .with_columns(pl.col("value").sum().over(market).alias("market_value"))
        .with_columns(
            (pl.col("value") / pl.col("market_value")).alias("share"),
            pl.col("value").rank(method="min", descending=True).over(market).cast(pl.Int64).alias("rank"),
        )
    )


def compute_share_from_totals(
    totals: pl.LazyFrame, period_types: tuple[PeriodType, ...] = PERIOD_TYPES
) -> pl.LazyFrame:
    """The `compute_share` mart from `analytics.aggregate.month_totals` (see `compute_share`)."""
    parts = [_with_shares(_windowed(_firm_grid(in_period(totals, pt), pt), pt)) for pt in period_types]
    return (
        pl.concat(parts, how="vertical")
        .sort(
            [
                "period_type",
                "side",
                "measure",
                "include_up_to",
                "window_type",
                "period_start",
                "rank",
                "firm",
            ],
            descending=[False, False, False, True, False, False, False, False],
        )
        .select(OUTPUT_COLUMNS)
    )


def compute_share(deals: pl.LazyFrame, period_types: tuple[PeriodType, ...] = PERIOD_TYPES) -> pl.LazyFrame:
    """The `compute_share` mart: one row per (period_type, period, side, measure, include_up_to, window_type,
    firm).

    Sorted by period_type, side, measure, include_up_to (True first), window_type, period_start, rank, firm.
    """
    return compute_share_from_totals(month_totals(deals), period_types)
