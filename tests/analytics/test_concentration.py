"""HHI / CR4 / coverage against hand-computed tables."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.concentration import OUTPUT_COLUMNS, concentration
from tests.analytics.helpers import deals, supplier_deals

METRICS = ["period", "hhi", "cr4", "n_firms", "n_deals"]


def _series(
    lf: pl.LazyFrame,
    *,
    period_type: str = "quarter",
    side: str = "supplier",
    measure: str = "usd",
    include_up_to: bool = True,
) -> pl.LazyFrame:
    return concentration(lf).filter(
        pl.col("period_type") == period_type,
        pl.col("side") == side,
        pl.col("measure") == measure,
        pl.col("include_up_to") == include_up_to,
    )


def _expected(rows: list[tuple[str, float | None, float | None, int, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "period": pl.String,
            "hhi": pl.Float64,
            "cr4": pl.Float64,
            "n_firms": pl.Int64,
            "n_deals": pl.Int64,
        },
        orient="row",
    )


@pytest.mark.parametrize(
    ("values", "hhi", "cr4"),
    [
        pytest.param({"Oracle": 7.0}, 10_000.0, 100.0, id="one-firm"),
        pytest.param({"Oracle": 5.0, "AMD": 5.0}, 5_000.0, 100.0, id="two-equal-firms"),
        # 40/30/20/10 %: 1600 + 900 + 400 + 100
        pytest.param({"A": 40.0, "B": 30.0, "C": 20.0, "D": 10.0}, 3_000.0, 100.0, id="four-firms"),
        # 30/25/20/15/10 %: 900 + 625 + 400 + 225 + 100; CR4 = 30 + 25 + 20 + 15
        pytest.param({"A": 3.0, "B": 2.5, "C": 2.0, "D": 1.5, "E": 1.0}, 2_250.0, 90.0, id="five-firms"),
        # five firms at 20 %: 5 x 400; any four of them make 80
        pytest.param({f"F{i}": 2.0 for i in range(5)}, 2_000.0, 80.0, id="five-way-tie"),
        # 40/20/15/15/10 %: tie at 3rd-4th place; 1600 + 400 + 225 + 225 + 100; CR4 = 40 + 20 + 15 + 15
        pytest.param({"A": 8.0, "B": 4.0, "C": 3.0, "D": 3.0, "E": 2.0}, 2_550.0, 90.0, id="tie-at-fourth"),
    ],
)
def test_hhi_and_cr4_hand_computed(values: dict[str, float], hhi: float, cr4: float) -> None:
    got = _series(deals(*supplier_deals(values))).select(METRICS).collect()
    n = len(values)
    assert_frame_equal(got, _expected([("2025-Q3", hhi, cr4, n, n)]))


def test_one_firm_with_several_deals_is_one_firm() -> None:
    lf = deals(
        *supplier_deals({"Oracle": 3.0}), *supplier_deals({"Oracle": 1.0}), *supplier_deals({"AMD": 4.0})
    )
    got = _series(lf).select(METRICS).collect()
    assert_frame_equal(got, _expected([("2025-Q3", 5_000.0, 100.0, 2, 3)]))


def test_empty_period_keeps_its_row_and_breaks_the_delta() -> None:
    lf = deals(
        *supplier_deals({"A": 1.0}, date(2025, 2, 10)),
        *supplier_deals({"A": 1.0, "B": 1.0}, date(2025, 8, 1)),
        *supplier_deals({"A": 3.0, "B": 1.0}, date(2025, 12, 31)),
    )
    got = _series(lf).select([*METRICS, "hhi_delta", "band_2023", "band_2010"]).collect()
    expected = _expected(
        [
            ("2025-Q1", 10_000.0, 100.0, 1, 1),
            ("2025-Q2", None, None, 0, 0),
            ("2025-Q3", 5_000.0, 100.0, 2, 2),
            ("2025-Q4", 6_250.0, 100.0, 2, 2),  # 75 % and 25 %: 5625 + 625
        ]
    ).with_columns(
        pl.Series("hhi_delta", [None, None, None, 1_250.0], dtype=pl.Float64),
        pl.Series("band_2023", ["high", None, "high", "high"], dtype=pl.String),
        pl.Series("band_2010", ["high", None, "high", "high"], dtype=pl.String),
    )
    assert_frame_equal(got, expected)


def test_no_deals_gives_an_empty_mart_with_its_columns() -> None:
    got = concentration(deals()).collect()
    assert got.height == 0
    assert got.columns == OUTPUT_COLUMNS


def test_month_and_quarter_labels() -> None:
    lf = deals(*supplier_deals({"A": 1.0}, date(2025, 9, 30)), *supplier_deals({"B": 3.0}, date(2025, 11, 2)))
    got = (
        concentration(lf)
        .filter(pl.col("side") == "supplier", pl.col("measure") == "usd", pl.col("include_up_to"))
        .select("period_type", "period", "period_start", "hhi")
        .collect()
    )
    expected = pl.DataFrame(
        {
            "period_type": ["month", "month", "month", "quarter", "quarter"],
            "period": ["2025-09", "2025-10", "2025-11", "2025-Q3", "2025-Q4"],
            "period_start": [
                date(2025, 9, 1),
                date(2025, 10, 1),
                date(2025, 11, 1),
                date(2025, 7, 1),
                date(2025, 10, 1),
            ],
            "hhi": [10_000.0, None, 10_000.0, 10_000.0, 10_000.0],
        }
    )
    assert_frame_equal(got, expected)


def test_buyer_side_uses_the_buyer() -> None:
    lf = deals(
        {"buyer": "OpenAI", "seller": "Oracle", "amount_usd": 3.0},
        {"buyer": "OpenAI", "seller": "AMD", "amount_usd": 1.0},
        {"buyer": "Anthropic", "seller": "Google", "amount_usd": 4.0},
    )
    got = _series(lf, side="buyer").select(METRICS).collect()
    assert_frame_equal(got, _expected([("2025-Q3", 5_000.0, 100.0, 2, 3)]))


def test_each_measure_uses_its_own_column() -> None:
    lf = deals(
        {"seller": "A", "amount_usd": 9.0, "power_mw": 1.0, "h100e": 1.0},
        {"seller": "B", "amount_usd": 1.0, "power_mw": 1.0, "h100e": None},
    )
    usd = _series(lf, measure="usd").select(METRICS).collect()
    mw = _series(lf, measure="mw").select(METRICS).collect()
    h100e = _series(lf, measure="h100e").select([*METRICS, "n_deals_missing_measure"]).collect()
    assert_frame_equal(usd, _expected([("2025-Q3", 8_200.0, 100.0, 2, 2)]))  # 90 % and 10 %: 8100 + 100
    assert_frame_equal(mw, _expected([("2025-Q3", 5_000.0, 100.0, 2, 2)]))
    assert_frame_equal(
        h100e,
        _expected([("2025-Q3", 10_000.0, 100.0, 1, 1)]).with_columns(
            pl.Series("n_deals_missing_measure", [1], dtype=pl.Int64)
        ),
    )
