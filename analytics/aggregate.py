"""Deals to monthly firm totals: the one pass over the deal rows that every concentration series reads.

`observations` (one row per deal x side x measure x 'up to' choice) states the rules; this module applies the
same rules once per (side, measure) and sums right away, so the marts never materialise twelve copies of the
deals. The result, `month_totals`, has one row per (side, measure, month, firm, has_figure, is_up_to) with the
summed `value` and the number of deals `n`; a deal without a positive figure in a measure keeps no firm (it only
counts as missing). Every other period type is built from it: a quarter is three months (`period_index // 3`).

From the totals, `firm_totals` gives the counted value per firm and market (period, side, measure,
include_up_to), and `market_coverage` the coverage counts per market, both equal to what grouping the
observations would give (tests check this).
"""

from __future__ import annotations

import polars as pl

from analytics.observations import MEASURES, SERIES_KEYS, SIDES, eligible_deals
from analytics.periods import PeriodType, period_index

TOTAL_KEYS: list[str] = ["side", "measure", "period_index", "firm", "has_figure", "is_up_to"]
TOTALS_SCHEMA: dict[str, pl.DataType] = {
    "side": pl.String(),
    "measure": pl.String(),
    "period_index": pl.Int64(),
    "firm": pl.String(),
    "has_figure": pl.Boolean(),
    "is_up_to": pl.Boolean(),
    "value": pl.Float64(),
    "n": pl.Int64(),
}
_UP_TO_CHOICES = pl.LazyFrame({"include_up_to": [True, False]}, schema={"include_up_to": pl.Boolean})


def _side_measure(deals: pl.LazyFrame, side: str, measure: str) -> pl.LazyFrame:
    value_col, qualifiers = MEASURES[measure]
    value = pl.col(value_col)
    has_figure = value.is_not_null() & (value > 0)
    firm = pl.col(SIDES[side]).str.strip_chars()
    up_to = pl.any_horizontal([pl.col(q).fill_null("") == "up_to" for q in qualifiers])
    return (
        deals.select(
            pl.col("period_index"),
            pl.when(has_figure & (firm != "")).then(pl.col(SIDES[side])).alias("firm"),
            has_figure.alias("has_figure"),
            (has_figure & up_to).alias("is_up_to"),
            pl.when(has_figure).then(value).otherwise(0.0).alias("value"),
        )
        .group_by(["period_index", "firm", "has_figure", "is_up_to"])
        .agg(pl.col("value").sum(), pl.len().cast(pl.Int64).alias("n"))
        .select(pl.lit(side).alias("side"), pl.lit(measure).alias("measure"), pl.all())
    )


def month_totals(deals: pl.LazyFrame, *, ids_unique: bool = False) -> pl.LazyFrame:
    """Eligible, dated deals summed per (side, measure, month, firm, has_figure, is_up_to); see the docstring.

    `period_index` is the month index of `first_reported`; deals without a date are left out, as in every
    period mart. `ids_unique`: see `analytics.observations.eligible_deals`.
    """
    dated = (
        eligible_deals(deals, ids_unique=ids_unique)
        .filter(pl.col("first_reported").is_not_null())
        .with_columns(period_index("first_reported", "month"))
    )
    parts = [_side_measure(dated, s, m) for s in SIDES for m in MEASURES]
    return pl.concat(parts, how="vertical").select([pl.col(c).cast(t) for c, t in TOTALS_SCHEMA.items()])


def in_period(totals: pl.LazyFrame, period_type: PeriodType) -> pl.LazyFrame:
    """Month totals re-indexed to `period_type` and re-summed, with a `period_type` column."""
    if period_type == "month":
        indexed = totals
    else:
        indexed = (
            totals.with_columns(pl.col("period_index") // 3)
            .group_by(TOTAL_KEYS)
            .agg(pl.col("value").sum(), pl.col("n").sum())
        )
    return indexed.with_columns(pl.lit(period_type).alias("period_type"))


def _per_choice(totals: pl.LazyFrame) -> pl.LazyFrame:
    """Each totals row once per include_up_to choice, with `counted` saying whether it counts in that choice."""
    counted = (
        pl.col("has_figure") & pl.col("firm").is_not_null() & (pl.col("include_up_to") | ~pl.col("is_up_to"))
    )
    return totals.join(_UP_TO_CHOICES, how="cross").with_columns(counted.alias("counted"))


def firm_totals(totals: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Counted value and deal count per firm within `keys` (which include the series keys): keys + firm,
    value, n_deals."""
    return (
        _per_choice(totals)
        .filter(pl.col("counted"))
        .group_by([*keys, "firm"])
        .agg(pl.col("value").sum(), pl.col("n").sum().alias("n_deals"))
    )


def market_coverage(totals: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Per market: deals counted, left out for a missing figure or firm, and deals whose figure is 'up to'."""
    n = pl.col("n")
    has_figure, has_firm = pl.col("has_figure"), pl.col("firm").is_not_null()
    return (
        _per_choice(totals)
        .group_by(keys)
        .agg(
            n.filter(pl.col("counted")).sum().alias("n_deals"),
            n.filter(~has_figure).sum().alias("n_deals_missing_measure"),
            n.filter(has_figure & ~has_firm).sum().alias("n_deals_missing_firm"),
            n.filter(has_figure & has_firm & pl.col("is_up_to")).sum().alias("n_deals_up_to"),
        )
        .with_columns(pl.col("^n_deals.*$").cast(pl.Int64))
    )


__all__ = ["SERIES_KEYS", "firm_totals", "in_period", "market_coverage", "month_totals"]
