"""Calendar periods for the marts: a deal's period is the month or quarter of its `first_reported` date.

A period is identified by an integer index (months or quarters since year 0) so that a gap-free spine of
periods can be built and "the previous period" is simply index - 1. Labels are '2025-09' for months and
'2025-Q3' for quarters; `period_start` is the first day of the period.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

PeriodType = Literal["month", "quarter"]
PERIOD_TYPES: tuple[PeriodType, ...] = ("month", "quarter")
PERIODS_PER_YEAR: dict[PeriodType, int] = {"month": 12, "quarter": 4}
ROLLING_12M_PERIODS: dict[PeriodType, int] = {"month": 12, "quarter": 4}


def period_index(date_col: str, period_type: PeriodType) -> pl.Expr:
    """The period index of a date column (NULL for a NULL date)."""
    d = pl.col(date_col)
    if period_type == "month":
        return (d.dt.year().cast(pl.Int64) * 12 + d.dt.month().cast(pl.Int64) - 1).alias("period_index")
    return (d.dt.year().cast(pl.Int64) * 4 + d.dt.quarter().cast(pl.Int64) - 1).alias("period_index")


def period_labels(period_type: PeriodType, index_col: str = "period_index") -> list[pl.Expr]:
    """`period` (label) and `period_start` (DATE) computed from a period index column."""
    per_year = PERIODS_PER_YEAR[period_type]
    idx = pl.col(index_col)
    year = (idx // per_year).cast(pl.Int32)
    slot = idx % per_year
    month = (slot * (12 // per_year) + 1).cast(pl.Int8)
    start = pl.date(year, month, 1)
    if period_type == "month":
        label = start.dt.strftime("%Y-%m")
    else:
        label = pl.concat_str([start.dt.strftime("%Y"), pl.lit("-Q"), (slot + 1).cast(pl.String)])
    return [label.alias("period"), start.alias("period_start")]


def with_period(lf: pl.LazyFrame, period_type: PeriodType, date_col: str = "first_reported") -> pl.LazyFrame:
    """Rows with a date get `period_type` and `period_index`; rows without a date are dropped."""
    return lf.filter(pl.col(date_col).is_not_null()).with_columns(
        pl.lit(period_type).alias("period_type"), period_index(date_col, period_type)
    )


def period_spine(indexed: pl.LazyFrame, period_type: PeriodType) -> pl.LazyFrame:
    """Every period from the first to the last index in `indexed`, gaps included (empty input: no rows)."""
    idx = pl.col("period_index")
    return (
        indexed.select(
            pl.int_range(idx.min().fill_null(0), (idx.max() + 1).fill_null(0)).alias("period_index")
        )
        .with_columns(pl.lit(period_type).alias("period_type"))
        .with_columns(period_labels(period_type))
    )
