"""The one-pass monthly totals give what grouping the long-form observations gives, row for row."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from analytics.aggregate import firm_totals, in_period, market_coverage, month_totals
from analytics.concentration import KEYS, firm_values
from analytics.observations import observations
from analytics.periods import with_period
from tests.analytics.helpers import SCHEMA


def _messy_deals(n: int, seed: int) -> pl.LazyFrame:
    """Deals with every case the rules distinguish: blank and missing firms, zero, negative and missing figures,
    'up to' qualifiers, excluded statuses and types, repeated deal ids and missing dates."""
    rng = np.random.default_rng(seed)

    def pick(options: list[object]) -> list[object]:
        return [options[i] for i in rng.integers(0, len(options), n)]

    start = date(2024, 11, 20)
    return pl.LazyFrame(
        {
            "deal_id": [f"d{i}" for i in rng.integers(0, int(n * 0.8), n)],
            "buyer": pick(["A", "B", "C", None, " "]),
            "seller": pick(["S1", "S2", "S3", "S4", "S5", None, ""]),
            "status": pick(["signed", "announced", None, "cancelled", "rumoured", "expanded"]),
            "deal_type": pick(["cloud_contract", "chip_supply", None, "equity_investment"]),
            "amount_usd": pick([1e9, 2.5e9, None, 0.0, -3e9, 7e8]),
            "amount_qualifier": pick(["exact", "up_to", None, "about"]),
            "power_mw": pick([100.0, None, 0.0, 1000.0, 250.0]),
            "power_qualifier": pick(["exact", "up_to", None]),
            "h100e": pick([5e4, None, 1.2e5]),
            "first_reported": [
                None if r < 0.05 else start + timedelta(days=int(d))
                for r, d in zip(rng.random(n), rng.integers(0, 400, n), strict=True)
            ],
            "parent_deal_id": [None] * n,
        },
        schema=SCHEMA,
    )


def _reference_coverage(obs: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """The coverage counts written the obvious way, over the observations."""
    outcome = pl.col("outcome")
    up_to = (outcome == "up_to_excluded") | ((outcome == "counted") & pl.col("is_up_to"))
    return obs.group_by(keys).agg(
        (outcome == "counted").sum().cast(pl.Int64).alias("n_deals"),
        (outcome == "missing_measure").sum().cast(pl.Int64).alias("n_deals_missing_measure"),
        (outcome == "missing_firm").sum().cast(pl.Int64).alias("n_deals_missing_firm"),
        up_to.sum().cast(pl.Int64).alias("n_deals_up_to"),
    )


def _sorted(frame: pl.LazyFrame, keys: list[str]) -> pl.DataFrame:
    return frame.collect().sort(keys, nulls_last=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("period_type", ["month", "quarter"])
def test_totals_match_the_observations(seed: int, period_type: str) -> None:
    deals = _messy_deals(600, seed)
    obs = with_period(observations(deals), period_type)  # type: ignore[arg-type]
    totals = in_period(month_totals(deals), period_type)  # type: ignore[arg-type]

    want = _sorted(firm_values(obs, KEYS), [*KEYS, "firm"])
    got = _sorted(firm_totals(totals, KEYS), [*KEYS, "firm"]).select(want.columns)
    assert want.height > 50
    assert got.drop("value").equals(want.drop("value"))
    assert np.allclose(got["value"].to_numpy(), want["value"].to_numpy(), rtol=1e-12)

    want_cov = _sorted(_reference_coverage(obs, KEYS), KEYS)
    got_cov = _sorted(market_coverage(totals, KEYS), KEYS).select(want_cov.columns)
    assert got_cov.equals(want_cov)
