"""The concentration marts over many synthetic deals, against bare polars computing the same series.

Bare polars: for each (side, measure, quarter) the firms' values, shares, HHI and CR4 in one group-by, which is
what an analyst would write by hand for the same 24 series (2 sides x 3 measures x 2 'up to' choices x
month/quarter). Ours: `analytics.concentration.concentration` and `analytics.shares.compute_share`, which also
handle duplicates, exclusions, missing figures, deltas and rolling windows.
"""

from __future__ import annotations

import time
from datetime import date, timedelta

import numpy as np
import polars as pl

FIRMS = 40


def synthetic_deals(n: int, seed: int = 11) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    start = date(2023, 1, 1)
    days = rng.integers(0, 1200, n)
    return pl.DataFrame(
        {
            "deal_id": [f"d{i}" for i in range(n)],
            "buyer": [f"buyer{b}" for b in rng.integers(0, FIRMS, n)],
            "seller": [f"seller{s}" for s in rng.integers(0, FIRMS, n)],
            "status": rng.choice(["signed", "announced", "expanded", "rumoured"], n),
            "deal_type": rng.choice(["compute_capacity", "cloud_contract", "chip_supply"], n),
            "amount_usd": rng.lognormal(21, 1.5, n),
            "amount_qualifier": rng.choice(["exact", "up_to", "about"], n),
            "power_mw": rng.lognormal(5, 1, n),
            "power_qualifier": rng.choice(["exact", "up_to"], n),
            "h100e": rng.lognormal(11, 1, n),
            "first_reported": [start + timedelta(days=int(d)) for d in days],
            "parent_deal_id": [None] * n,
        }
    )


def _bare_series(deals: pl.DataFrame):  # type: ignore[no-untyped-def]
    base = deals.lazy().filter(~pl.col("status").is_in(["cancelled", "rumoured"]))
    for period_type, trunc in (("month", "1mo"), ("quarter", "1q")):
        for side, col in (("supplier", "seller"), ("buyer", "buyer")):
            for measure, value, qual in (
                ("usd", "amount_usd", "amount_qualifier"),
                ("mw", "power_mw", "power_qualifier"),
                ("h100e", "h100e", "power_qualifier"),
            ):
                for up_to in (True, False):
                    src = base if up_to else base.filter(pl.col(qual) != "up_to")
                    per_firm = src.group_by(pl.col("first_reported").dt.truncate(trunc).alias("p"), col).agg(
                        pl.col(value).sum().alias("v")
                    )
                    tags = (
                        pl.lit(period_type).alias("period_type"),
                        pl.lit(side).alias("side"),
                        pl.lit(measure).alias("measure"),
                        pl.lit(up_to).alias("include_up_to"),
                    )
                    yield period_type, col, per_firm, tags


def bare_concentration(deals: pl.DataFrame) -> list[pl.LazyFrame]:
    """HHI and CR4 per (period type, period, side, measure, include_up_to), by hand."""
    frames = []
    for _pt, _col, per_firm, tags in _bare_series(deals):
        shares = per_firm.with_columns((pl.col("v") / pl.col("v").sum().over("p") * 100).alias("s"))
        frames.append(
            shares.group_by("p")
            .agg((pl.col("s") ** 2).sum().alias("hhi"), pl.col("s").top_k(4).sum().alias("cr4"))
            .with_columns(*tags)
        )
    return frames


def bare_shares(deals: pl.DataFrame) -> list[pl.LazyFrame]:
    """Each firm's share per period, cumulative and over a rolling 12 months, by hand."""
    frames = []
    for period_type, col, per_firm, tags in _bare_series(deals):
        window = "12mo"
        ordered = per_firm.sort("p").with_columns(
            pl.col("v").cum_sum().over(col).alias("cum"),
            pl.col("v").rolling_sum_by("p", window).over(col).alias("roll"),
        )
        frames.append(
            ordered.with_columns(
                (pl.col(c) / pl.col(c).sum().over("p")).alias(f"share_{c}") for c in ("v", "cum", "roll")
            ).with_columns(*tags, pl.lit(period_type).alias("pt"))
        )
    return frames


def bare_polars(deals: pl.DataFrame) -> pl.DataFrame:
    """The concentration series by hand (kept for callers that want only HHI and CR4)."""
    return pl.concat(pl.collect_all(bare_concentration(deals)))


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def bench_marts(n: int) -> dict[str, float]:
    """Best of three runs each: bare polars for HHI/CR4 and for shares, against the refresh's path."""
    from analytics.aggregate import month_totals
    from analytics.concentration import concentration_from_totals
    from analytics.shares import compute_share_from_totals

    deals = synthetic_deals(n)

    def ours() -> None:
        totals = month_totals(deals.lazy(), ids_unique=True).collect().lazy()
        marts = [concentration_from_totals(totals), compute_share_from_totals(totals)]
        pl.collect_all(marts, engine="in-memory")

    bare_conc_s = _best(lambda: pl.collect_all(bare_concentration(deals)))
    bare_shares_s = _best(lambda: pl.collect_all(bare_shares(deals)))
    ours_s = _best(ours)
    bare_s = bare_conc_s + bare_shares_s
    return {
        "marts_deals": float(n),
        "marts_bare_polars_concentration_s": bare_conc_s,
        "marts_bare_polars_shares_s": bare_shares_s,
        "marts_bare_polars_s": bare_s,
        "marts_s": ours_s,
        "marts_vs_bare_polars": ours_s / bare_s,
    }
