"""Deals to observations, one per (deal, side, measure, include_up_to): the input of every metric.

Decisions, shared by the concentration and compute-share marts and by `top_shares`:

- **Which deals count.** The `deals` table holds one row per consolidated deal, so a story told by ten
  articles is one row; rows repeating a `deal_id` are dropped (the first by `first_reported` is kept) so
  nothing is counted twice. Deals with status 'cancelled' (it will not happen) or 'rumoured' (not confirmed by
  a party) are excluded; a NULL status counts as announced (the `Deal` default). Equity investments
  (deal_type 'equity_investment') are excluded too: a stake is not compute supplied. Power purchase agreements
  (deal_type 'power_supply', e.g. a nuclear PPA) are excluded as well: megawatts of grid power bought are not
  compute, so they never enter H100e, compute share or the compute concentration marts (they stay in `deals`).
- **Sides.** The seller is the supplier and the buyer is the buyer. A deal without a firm on a side is left
  out of that side and counted in `n_deals_missing_firm`.
- **Measures.** 'usd' is `amount_usd` (US dollars, as consolidated), 'mw' is `power_mw` (megawatts, the basis
  the deal states), 'h100e' is `h100e` (H100-equivalents, the capacity model's mid estimate). A deal without a
  positive figure in a measure is left out of that measure and counted in `n_deals_missing_measure`.
- **'Up to' figures.** A figure is 'up to' when its qualifier is 'up_to'; for 'h100e', which the capacity
  model derives from power or dollars, when either `power_qualifier` or `amount_qualifier` is 'up_to'. Every
  metric is computed twice: `include_up_to=True` counts them, `include_up_to=False` leaves them out (and
  counts them in `n_deals_up_to`).
- **Expansions.** A deal with `parent_deal_id` set is a later tranche; its own figure is taken as its
  increment and it counts in its own period. The parent keeps its original figure, so the two never overlap.
  (This relies on the consolidator storing the tranche, not the new running total, on the expansion row.)
"""

from __future__ import annotations

import polars as pl

EXCLUDED_STATUSES: tuple[str, ...] = ("cancelled", "rumoured")
# Equity stakes move money, not compute, and PPAs buy grid power, not compute: neither is compute supply, so both
# stay out of every compute share and index (issue 10).
EXCLUDED_DEAL_TYPES: tuple[str, ...] = ("equity_investment", "power_supply")
SIDES: dict[str, str] = {"supplier": "seller", "buyer": "buyer"}
MEASURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "usd": ("amount_usd", ("amount_qualifier",)),
    "mw": ("power_mw", ("power_qualifier",)),
    "h100e": ("h100e", ("power_qualifier", "amount_qualifier")),
}
SERIES_KEYS: list[str] = ["side", "measure", "include_up_to"]
OUTCOMES: tuple[str, ...] = ("counted", "missing_measure", "missing_firm", "up_to_excluded")

DEAL_SCHEMA: dict[str, pl.DataType] = {
    "deal_id": pl.String(),
    "buyer": pl.String(),
    "seller": pl.String(),
    "status": pl.String(),
    "deal_type": pl.String(),
    "amount_usd": pl.Float64(),
    "amount_qualifier": pl.String(),
    "power_mw": pl.Float64(),
    "power_qualifier": pl.String(),
    "h100e": pl.Float64(),
    "first_reported": pl.Date(),
    "parent_deal_id": pl.String(),
}


def conform_deals(deals: pl.LazyFrame) -> pl.LazyFrame:
    """The deal columns the analytics use, cast to their types; an absent optional column becomes NULL."""
    present = deals.collect_schema().names()
    missing = [c for c in ("deal_id", "status", "first_reported") if c not in present]
    if missing:
        raise ValueError(f"deals frame lacks required columns {missing}; pass the warehouse `deals` table")
    return deals.select(
        [
            (pl.col(name) if name in present else pl.lit(None)).cast(dtype).alias(name)
            for name, dtype in DEAL_SCHEMA.items()
        ]
    )


def eligible_deals(deals: pl.LazyFrame, *, ids_unique: bool = False) -> pl.LazyFrame:
    """One row per deal_id, without cancelled, rumoured, equity-investment or power-supply deals (module docstring).

    `ids_unique=True` skips the de-duplication (a sort of every row by its string id, most of the cost over a
    million deals) for a caller that guarantees one row per deal_id, as the warehouse does: its load refuses a
    repeated deal_id (`warehouse.load`).
    """
    kept = (
        conform_deals(deals)
        .filter(pl.col("status").is_null() | ~pl.col("status").is_in(EXCLUDED_STATUSES))
        .filter(pl.col("deal_type").is_null() | ~pl.col("deal_type").is_in(EXCLUDED_DEAL_TYPES))
    )
    if ids_unique:
        return kept
    return kept.sort(["deal_id", "first_reported"], nulls_last=True).unique(
        subset="deal_id", keep="first", maintain_order=True
    )


def _is_up_to(qualifiers: tuple[str, ...]) -> pl.Expr:
    flags = [pl.col(q).fill_null("") == "up_to" for q in qualifiers]
    return pl.any_horizontal(flags)


def _one_series(deals: pl.LazyFrame, side: str, measure: str, include_up_to: bool) -> pl.LazyFrame:
    value_col, qualifiers = MEASURES[measure]
    firm = pl.col(SIDES[side])
    value = pl.col(value_col)
    has_figure = value.is_not_null() & (value > 0)
    up_to = has_figure & _is_up_to(qualifiers)
    outcome = (
        pl.when(~has_figure)
        .then(pl.lit("missing_measure"))
        .when(firm.is_null() | (firm.str.strip_chars() == ""))
        .then(pl.lit("missing_firm"))
        .when(up_to & pl.lit(not include_up_to))
        .then(pl.lit("up_to_excluded"))
        .otherwise(pl.lit("counted"))
    )
    return deals.select(
        "deal_id",
        "first_reported",
        pl.lit(side).alias("side"),
        pl.lit(measure).alias("measure"),
        pl.lit(include_up_to).alias("include_up_to"),
        firm.alias("firm"),
        pl.when(has_figure).then(value).otherwise(None).alias("value"),
        up_to.alias("is_up_to"),
        outcome.alias("outcome"),
    )


def observations(
    deals: pl.LazyFrame,
    sides: tuple[str, ...] = tuple(SIDES),
    measures: tuple[str, ...] = tuple(MEASURES),
    include_up_to: tuple[bool, ...] = (True, False),
) -> pl.LazyFrame:
    """Eligible deals in long form: one row per (deal, side, measure, include_up_to) with its `outcome`.

    Only rows with outcome 'counted' enter shares; the other outcomes feed the coverage counts.
    """
    base = eligible_deals(deals)
    parts = [_one_series(base, s, m, u) for s in sides for m in measures for u in include_up_to]
    return pl.concat(parts, how="vertical")


def series_frame(
    sides: tuple[str, ...] = tuple(SIDES),
    measures: tuple[str, ...] = tuple(MEASURES),
    include_up_to: tuple[bool, ...] = (True, False),
) -> pl.LazyFrame:
    """Every (side, measure, include_up_to) series, so a series with no deals still gets its rows."""
    rows = [(s, m, u) for s in sides for m in measures for u in include_up_to]
    return pl.LazyFrame(
        {
            "side": [r[0] for r in rows],
            "measure": [r[1] for r in rows],
            "include_up_to": [r[2] for r in rows],
        },
        schema={"side": pl.String, "measure": pl.String, "include_up_to": pl.Boolean},
    )
