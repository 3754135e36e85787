"""Concentration per period: market shares, HHI, CR4 and the change in HHI, for suppliers and buyers.

Definitions (shares in percent of the period's total in one measure):

- HHI = sum of squared percent shares, 0 to 10,000 (one firm: 10,000; two equal firms: 5,000).
- CR4 = sum of the four largest percent shares, 0 to 100; ties do not matter since only the share values are
  summed.
- hhi_delta = HHI minus the HHI of the previous period of the same series (same period_type, side, measure,
  include_up_to); NULL when either period has no counted deal.
- An empty period (no counted deal in a series) keeps its row: HHI, CR4 and the bands are NULL, n_firms is 0,
  and the coverage counts say why. Periods run without gaps from the first to the last reported deal.

Which deals count, sides, measures, 'up to' figures and expansions: see `analytics.observations`. Every
function here takes and returns LazyFrames; nothing is collected.
"""

from __future__ import annotations

import polars as pl

from analytics.aggregate import firm_totals, in_period, market_coverage, month_totals
from analytics.bands import assign_band, load_bands
from analytics.observations import MEASURES, SERIES_KEYS, SIDES, observations, series_frame
from analytics.periods import PERIOD_TYPES, PeriodType, period_spine

PERIOD_KEYS: list[str] = ["period_type", "period_index"]
KEYS: list[str] = [*PERIOD_KEYS, *SERIES_KEYS]
GUIDELINE_COLUMNS: dict[str, str] = {"2023": "band_2023", "2010": "band_2010"}
COVERAGE_COLUMNS: list[str] = ["n_deals", "n_deals_missing_measure", "n_deals_missing_firm", "n_deals_up_to"]
OUTPUT_COLUMNS: list[str] = [
    "period_type",
    "period",
    "period_start",
    *SERIES_KEYS,
    "hhi",
    "hhi_delta",
    "cr4",
    "n_firms",
    *COVERAGE_COLUMNS,
    "total_value",
    *GUIDELINE_COLUMNS.values(),
]


def firm_values(obs: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Counted observations summed per firm within `keys`: columns keys + firm, value, n_deals."""
    return (
        obs.filter(pl.col("outcome") == "counted")
        .group_by([*keys, "firm"])
        .agg(pl.col("value").sum(), pl.len().cast(pl.Int64).alias("n_deals"))
    )


def market_shares(values: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Adds `share_pct`: each firm's value as a percent of the sum over `keys` (its market)."""
    return values.with_columns(
        (pl.col("value") * 100.0 / pl.col("value").sum().over(keys)).alias("share_pct")
    )


def hhi_cr4(shares: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """HHI (0-10,000), CR4 (0-100), firm count and total value per market."""
    share = pl.col("share_pct")
    return shares.group_by(keys).agg(
        (share**2).sum().alias("hhi"),
        share.top_k(4).sum().alias("cr4"),
        pl.len().cast(pl.Int64).alias("n_firms"),
        pl.col("value").sum().alias("total_value"),
    )


def _per_period_type(totals: pl.LazyFrame, period_type: PeriodType) -> pl.LazyFrame:
    dated = in_period(totals, period_type)
    metrics = hhi_cr4(market_shares(firm_totals(dated, KEYS), KEYS), KEYS)
    spine = period_spine(dated, period_type).join(series_frame(), how="cross")
    series = [*SERIES_KEYS, "period_type"]
    return (
        spine.join(market_coverage(dated, KEYS), on=KEYS, how="left")
        .join(metrics, on=KEYS, how="left")
        .with_columns(pl.col([*COVERAGE_COLUMNS, "n_firms"]).fill_null(0))
        .sort([*series, "period_index"])
        .with_columns(
            (pl.col("hhi") - pl.col("hhi").shift(1)).over(series, order_by="period_index").alias("hhi_delta")
        )
    )


def concentration_from_totals(
    totals: pl.LazyFrame,
    bands: pl.LazyFrame | None = None,
    period_types: tuple[PeriodType, ...] = PERIOD_TYPES,
) -> pl.LazyFrame:
    """The `concentration` mart from `analytics.aggregate.month_totals` (see `concentration`)."""
    bands = load_bands() if bands is None else bands
    out = pl.concat([_per_period_type(totals, pt) for pt in period_types], how="vertical")
    for guideline, column in GUIDELINE_COLUMNS.items():
        out = assign_band(out, bands, guideline, column)
    return out.sort(
        ["period_type", "side", "measure", "include_up_to", "period_start"],
        descending=[False, False, False, True, False],
    ).select(OUTPUT_COLUMNS)


def concentration(
    deals: pl.LazyFrame,
    bands: pl.LazyFrame | None = None,
    period_types: tuple[PeriodType, ...] = PERIOD_TYPES,
) -> pl.LazyFrame:
    """The `concentration` mart: one row per (period_type, period, side, measure, include_up_to).

    `deals` has the warehouse `deals` columns (plus `h100e` from the capacity model, NULL when absent);
    `bands` defaults to `analytics/data/hhi_bands.csv`. Rows are sorted by period_type, side, measure,
    include_up_to (True first), period_start.
    """
    return concentration_from_totals(month_totals(deals), bands, period_types)


def top_shares(
    deals: pl.LazyFrame, side: str, measure: str, n: int, *, include_up_to: bool = True
) -> pl.LazyFrame:
    """The `n` largest firms on `side` over all time in `measure`: columns (<side>, value, share).

    The firm column is named after the side ('supplier' or 'buyer'); `share` is a fraction (0-1) of the total
    over every counted deal, including deals without a first_reported date. Ties are broken by firm name.
    """
    if side not in SIDES or measure not in MEASURES:
        raise ValueError(f"side must be one of {list(SIDES)} and measure one of {list(MEASURES)}")
    obs = observations(deals, sides=(side,), measures=(measure,), include_up_to=(include_up_to,))
    return (
        firm_values(obs, [])
        .with_columns((pl.col("value") / pl.col("value").sum()).alias("share"))
        .sort(["value", "firm"], descending=[True, False])
        .head(n)
        .select(pl.col("firm").alias(side), "value", "share")
    )
