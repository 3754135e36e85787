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


def bare_polars(deals: pl.DataFrame) -> pl.DataFrame:
    """HHI and CR4 per (period type, period, side, measure, include_up_to), by hand."""
    frames = []
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
                    shares = per_firm.with_columns(
                        (pl.col("v") / pl.col("v").sum().over("p") * 100).alias("s")
                    )
                    frames.append(
                        shares.group_by("p")
                        .agg((pl.col("s") ** 2).sum().alias("hhi"), pl.col("s").top_k(4).sum().alias("cr4"))
                        .with_columns(
                            pl.lit(period_type).alias("period_type"),
                            pl.lit(side).alias("side"),
                            pl.lit(measure).alias("measure"),
                            pl.lit(up_to).alias("include_up_to"),
                        )
                    )
    return pl.concat(pl.collect_all(frames))


def bench_marts(n: int) -> dict[str, float]:
    from analytics.concentration import concentration
    from analytics.shares import compute_share

    deals = synthetic_deals(n)
    start = time.perf_counter()
    bare = bare_polars(deals)
    bare_s = time.perf_counter() - start
    start = time.perf_counter()
    conc, _shares = pl.collect_all([concentration(deals.lazy()), compute_share(deals.lazy())])
    ours_s = time.perf_counter() - start
    return {
        "marts_deals": float(n),
        "marts_bare_polars_s": bare_s,
        "marts_s": ours_s,
        "marts_vs_bare_polars": ours_s / bare_s,
        "marts_series_bare": float(bare.select("period_type", "side", "measure", "include_up_to").n_unique()),
        "marts_rows": float(conc.height),
    }
