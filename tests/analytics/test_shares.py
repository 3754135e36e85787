"""Compute-share trends (period, cumulative, rolling 12 months) and the run-summary top shares."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.concentration import top_shares
from analytics.shares import compute_share
from tests.analytics.helpers import deals

TREND = ["window_type", "period", "firm", "value", "market_value", "share", "rank", "n_deals"]


def _trend_deals() -> pl.LazyFrame:
    return deals(
        {"seller": "Oracle", "amount_usd": 30.0, "first_reported": date(2025, 1, 10)},
        {"seller": "Google", "amount_usd": 10.0, "first_reported": date(2025, 12, 1)},
        {"seller": "Oracle", "amount_usd": 20.0, "first_reported": date(2026, 3, 1)},
        {"seller": "Google", "amount_usd": 5.0, "first_reported": date(2026, 3, 2), "status": "cancelled"},
    )


def _quarterly(lf: pl.LazyFrame) -> pl.DataFrame:
    return (
        compute_share(lf, period_types=("quarter",))
        .filter(pl.col("side") == "supplier", pl.col("measure") == "usd", pl.col("include_up_to"))
        .select(TREND)
        .collect()
    )


def test_quarterly_trend_hand_computed() -> None:
    rows = [
        # cumulative: Oracle alone until Google arrives in Q4 2025; Oracle 50 of 60 in Q1 2026
        ("cumulative", "2025-Q1", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("cumulative", "2025-Q2", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("cumulative", "2025-Q3", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("cumulative", "2025-Q4", "Oracle", 30.0, 40.0, 0.75, 1, 1),
        ("cumulative", "2025-Q4", "Google", 10.0, 40.0, 0.25, 2, 1),
        ("cumulative", "2026-Q1", "Oracle", 50.0, 60.0, 50 / 60, 1, 2),
        ("cumulative", "2026-Q1", "Google", 10.0, 60.0, 10 / 60, 2, 1),
        ("period", "2025-Q1", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("period", "2025-Q4", "Google", 10.0, 10.0, 1.0, 1, 1),
        ("period", "2026-Q1", "Oracle", 20.0, 20.0, 1.0, 1, 1),
        # rolling 4 quarters: Oracle's Q1 2025 deal falls out in Q1 2026, its new deal comes in
        ("rolling_12m", "2025-Q1", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("rolling_12m", "2025-Q2", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("rolling_12m", "2025-Q3", "Oracle", 30.0, 30.0, 1.0, 1, 1),
        ("rolling_12m", "2025-Q4", "Oracle", 30.0, 40.0, 0.75, 1, 1),
        ("rolling_12m", "2025-Q4", "Google", 10.0, 40.0, 0.25, 2, 1),
        ("rolling_12m", "2026-Q1", "Oracle", 20.0, 30.0, 20 / 30, 1, 1),
        ("rolling_12m", "2026-Q1", "Google", 10.0, 30.0, 10 / 30, 2, 1),
    ]
    schema = {
        "window_type": pl.String,
        "period": pl.String,
        "firm": pl.String,
        "value": pl.Float64,
        "market_value": pl.Float64,
        "share": pl.Float64,
        "rank": pl.Int64,
        "n_deals": pl.Int64,
    }
    assert_frame_equal(_quarterly(_trend_deals()), pl.DataFrame(rows, schema=schema, orient="row"))


def test_monthly_rolling_window_is_twelve_months() -> None:
    got = (
        compute_share(_trend_deals(), period_types=("month",))
        .filter(
            pl.col("side") == "supplier",
            pl.col("measure") == "usd",
            pl.col("include_up_to"),
            pl.col("window_type") == "rolling_12m",
            pl.col("firm") == "Oracle",
        )
        .select("period")
        .collect()
    )
    # Jan 2025 deal is inside the windows ending Jan-Dec 2025; the Mar 2026 deal starts a new run
    expected = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-03"]
    assert got["period"].to_list() == expected


def test_tied_firms_share_a_rank() -> None:
    lf = deals(
        {"seller": "B", "amount_usd": 1.0},
        {"seller": "A", "amount_usd": 1.0},
        {"seller": "C", "amount_usd": 2.0},
    )
    got = _quarterly(lf).filter(pl.col("window_type") == "period").select("firm", "rank", "share")
    expected = pl.DataFrame({"firm": ["C", "A", "B"], "rank": [1, 2, 2], "share": [0.5, 0.25, 0.25]})
    assert_frame_equal(got, expected)


def test_no_deals_gives_an_empty_trend() -> None:
    assert _quarterly(deals()).height == 0


def test_top_shares_over_all_time() -> None:
    lf = deals(
        {"seller": "Oracle", "amount_usd": 6.0, "first_reported": date(2025, 1, 1)},
        {"seller": "AMD", "amount_usd": 2.0, "first_reported": None},
        {"seller": "Nvidia", "amount_usd": 2.0, "amount_qualifier": "up_to"},
        {"seller": "Broadcom", "amount_usd": 9.0, "status": "rumoured"},
    )
    got = top_shares(lf, side="supplier", measure="usd", n=2).collect()
    expected = pl.DataFrame({"supplier": ["Oracle", "AMD"], "value": [6.0, 2.0], "share": [0.6, 0.2]})
    assert_frame_equal(got, expected)
    without = top_shares(lf, side="supplier", measure="usd", n=5, include_up_to=False).collect()
    assert_frame_equal(
        without, pl.DataFrame({"supplier": ["Oracle", "AMD"], "value": [6.0, 2.0], "share": [0.75, 0.25]})
    )


def test_top_shares_names_the_buyer_column_for_the_buyer_side() -> None:
    lf = deals({"buyer": "OpenAI", "seller": "Oracle", "power_mw": 4500.0})
    got = top_shares(lf, side="buyer", measure="mw", n=3).collect()
    assert_frame_equal(got, pl.DataFrame({"buyer": ["OpenAI"], "value": [4500.0], "share": [1.0]}))


def test_top_shares_rejects_an_unknown_measure() -> None:
    with pytest.raises(ValueError, match="measure"):
        top_shares(deals(), side="supplier", measure="chips", n=3)


def test_equity_investments_are_not_supply() -> None:
    lf = deals(
        {"buyer": "OpenAI", "seller": "Oracle", "amount_usd": 3.0, "deal_type": "compute_capacity"},
        {"buyer": "Nvidia", "seller": "OpenAI", "amount_usd": 100.0, "deal_type": "equity_investment"},
        {"buyer": "Meta", "seller": "CoreWeave", "amount_usd": 1.0},
    )
    got = top_shares(lf, side="supplier", measure="usd", n=5).collect()
    expected = pl.DataFrame({"supplier": ["Oracle", "CoreWeave"], "value": [3.0, 1.0], "share": [0.75, 0.25]})
    assert_frame_equal(got, expected)


def test_power_purchase_agreements_are_not_compute() -> None:
    # A Constellation-style nuclear PPA: a utility sells 835 MW of grid power to a hyperscaler. It is power, not
    # compute, so it must not appear in any compute measure (usd, mw or h100e), on either side.
    lf = deals(
        {
            "buyer": "Microsoft",
            "seller": "Constellation",
            "power_mw": 835.0,
            "h100e": 740883.0,
            "amount_usd": 16.0,
            "deal_type": "power_supply",
        },
        {
            "buyer": "OpenAI",
            "seller": "Oracle",
            "power_mw": 300.0,
            "h100e": 200.0,
            "amount_usd": 3.0,
            "deal_type": "compute_capacity",
        },
        {"buyer": "Meta", "seller": "CoreWeave", "power_mw": 100.0, "h100e": 50.0, "amount_usd": 1.0},
    )
    for measure in ("usd", "mw", "h100e"):
        suppliers = top_shares(lf, side="supplier", measure=measure, n=5).collect()["supplier"].to_list()
        buyers = top_shares(lf, side="buyer", measure=measure, n=5).collect()["buyer"].to_list()
        assert suppliers == ["Oracle", "CoreWeave"], measure
        assert buyers == ["OpenAI", "Meta"], measure


def test_power_purchase_agreements_stay_out_of_compute_share_and_concentration() -> None:
    from analytics.concentration import concentration

    ppa = {
        "buyer": "Microsoft",
        "seller": "Constellation",
        "power_mw": 835.0,
        "h100e": 740883.0,
        "deal_type": "power_supply",
    }
    compute = {
        "buyer": "OpenAI",
        "seller": "Oracle",
        "power_mw": 300.0,
        "h100e": 200.0,
        "deal_type": "cloud_contract",
    }
    shares = compute_share(deals(ppa, compute)).collect()
    assert set(shares["firm"].to_list()) == {"OpenAI", "Oracle"}
    conc = concentration(deals(ppa, compute)).filter(pl.col("measure").is_in(["mw", "h100e"])).collect()
    assert conc["n_deals"].max() == 1
