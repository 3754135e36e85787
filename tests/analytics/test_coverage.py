"""Which deals count: status, duplicates, expansions, missing figures or firms, 'up to' figures."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from analytics.concentration import concentration
from tests.analytics.helpers import deals

COVERAGE = [
    "include_up_to",
    "hhi",
    "n_firms",
    "n_deals",
    "n_deals_missing_measure",
    "n_deals_missing_firm",
    "n_deals_up_to",
    "total_value",
]


def _q3_supplier_usd(lf: pl.LazyFrame) -> pl.DataFrame:
    return (
        concentration(lf, period_types=("quarter",))
        .filter(pl.col("side") == "supplier", pl.col("measure") == "usd", pl.col("period") == "2025-Q3")
        .select(COVERAGE)
        .collect()
    )


def _coverage_rows(*rows: tuple[bool, float | None, int, int, int, int, int, float | None]) -> pl.DataFrame:
    schema = {
        "include_up_to": pl.Boolean,
        "hhi": pl.Float64,
        "n_firms": pl.Int64,
        "n_deals": pl.Int64,
        "n_deals_missing_measure": pl.Int64,
        "n_deals_missing_firm": pl.Int64,
        "n_deals_up_to": pl.Int64,
        "total_value": pl.Float64,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def test_cancelled_and_rumoured_deals_are_left_out() -> None:
    lf = deals(
        {"seller": "A", "amount_usd": 1.0, "status": "signed"},
        {"seller": "B", "amount_usd": 1.0, "status": "expanded"},
        {"seller": "C", "amount_usd": 5.0, "status": "cancelled"},
        {"seller": "D", "amount_usd": 5.0, "status": "rumoured"},
    )
    expected = _coverage_rows((True, 5_000.0, 2, 2, 0, 0, 0, 2.0), (False, 5_000.0, 2, 2, 0, 0, 0, 2.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_a_repeated_deal_id_counts_once() -> None:
    lf = deals(
        {"deal_id": "x", "seller": "A", "amount_usd": 3.0},
        {"deal_id": "x", "seller": "A", "amount_usd": 3.0},
        {"deal_id": "y", "seller": "B", "amount_usd": 1.0},
    )
    expected = _coverage_rows((True, 6_250.0, 2, 2, 0, 0, 0, 4.0), (False, 6_250.0, 2, 2, 0, 0, 0, 4.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_an_expansion_counts_its_own_increment_in_its_own_period() -> None:
    lf = deals(
        {
            "deal_id": "base",
            "seller": "A",
            "amount_usd": 10.0,
            "status": "expanded",
            "first_reported": date(2025, 8, 1),
        },
        {
            "deal_id": "more",
            "seller": "A",
            "amount_usd": 4.0,
            "parent_deal_id": "base",
            "first_reported": date(2025, 9, 1),
        },
        {"deal_id": "other", "seller": "B", "amount_usd": 6.0, "first_reported": date(2025, 9, 5)},
    )
    # A: 10 + 4 = 14, B: 6 of 20 -> 70 % and 30 %: 4900 + 900
    expected = _coverage_rows((True, 5_800.0, 2, 3, 0, 0, 0, 20.0), (False, 5_800.0, 2, 3, 0, 0, 0, 20.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_missing_figures_and_firms_are_counted_not_shared() -> None:
    lf = deals(
        {"seller": "A", "amount_usd": 2.0},
        {"seller": "B", "amount_usd": None},
        {"seller": "C", "amount_usd": 0.0},
        {"seller": None, "amount_usd": 9.0},
        {"seller": "", "amount_usd": 9.0},
    )
    expected = _coverage_rows((True, 10_000.0, 1, 1, 2, 2, 0, 2.0), (False, 10_000.0, 1, 1, 2, 2, 0, 2.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_up_to_figures_are_flagged_and_can_be_left_out() -> None:
    lf = deals(
        {"seller": "A", "amount_usd": 1.0},
        {"seller": "B", "amount_usd": 3.0, "amount_qualifier": "up_to"},
        {"seller": "C", "amount_usd": 1.0, "amount_qualifier": "about"},
    )
    # with: 20/60/20 % -> 400 + 3600 + 400; without: 50/50 %
    expected = _coverage_rows((True, 4_400.0, 3, 3, 0, 0, 1, 5.0), (False, 5_000.0, 2, 2, 0, 0, 1, 2.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_h100e_is_up_to_when_power_or_amount_is() -> None:
    lf = deals(
        {"seller": "A", "h100e": 1.0, "power_qualifier": "up_to"},
        {"seller": "B", "h100e": 1.0, "amount_qualifier": "up_to"},
        {"seller": "C", "h100e": 2.0, "power_qualifier": "exact"},
    )
    got = (
        concentration(lf, period_types=("quarter",))
        .filter(pl.col("side") == "supplier", pl.col("measure") == "h100e")
        .select(COVERAGE)
        .collect()
    )
    expected = _coverage_rows((True, 3_750.0, 3, 3, 0, 0, 2, 4.0), (False, 10_000.0, 1, 1, 0, 0, 2, 2.0))
    assert_frame_equal(got, expected)


def test_deals_without_a_date_have_no_period() -> None:
    lf = deals({"seller": "A", "amount_usd": 1.0}, {"seller": "B", "amount_usd": 1.0, "first_reported": None})
    expected = _coverage_rows((True, 10_000.0, 1, 1, 0, 0, 0, 1.0), (False, 10_000.0, 1, 1, 0, 0, 0, 1.0))
    assert_frame_equal(_q3_supplier_usd(lf), expected)


def test_a_deals_frame_without_h100e_or_parent_columns_is_accepted() -> None:
    lf = deals({"seller": "A", "amount_usd": 1.0}).drop("h100e", "parent_deal_id")
    got = _q3_supplier_usd(lf)
    assert got["n_deals"].to_list() == [1, 1]
