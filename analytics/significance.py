"""Deal significance: a score in [0, 100] per deal with its five parts, each in [0, 1] (docs/significance.md).

- size: for each of USD (`amount_usd`), MW (`power_mw`) and H100e (`h100e`), the deal's percentile among the
  deals with a figure in that measure reported in the trailing window (`size_window_days`, ending on the deal's
  `first_reported`, the deal itself included): the fraction of those figures at or below its own. The part is
  the largest of the three; a deal with no figure scores 0.
- novelty: weighted flags: no earlier deal (strictly earlier `first_reported`) between the same buyer and
  supplier, no earlier deal of the supplier, no earlier deal in the deal's `country` (0 when the column is
  absent or NULL). A deal without a supplier is never a new pair or supplier.
- status: the value of its status in `status_values` (NULL counts as announced).
- support: min(n_sources, support_cap) / support_cap.
- confidence: the consolidated confidence, clipped to [0, 1].

score = 100 * sum(weight * part) / sum(weights). Weights live in analytics/data/significance.yml.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml
from pydantic import BaseModel, Field

WEIGHTS_PATH = Path(__file__).parent / "data" / "significance.yml"
PARTS: tuple[str, ...] = ("size", "novelty", "status", "support", "confidence")
SIZE_MEASURES: dict[str, str] = {"usd": "amount_usd", "mw": "power_mw", "h100e": "h100e"}
OUTPUT_COLUMNS: list[str] = [
    "deal_id",
    *[f"size_pct_{m}" for m in SIZE_MEASURES],
    *PARTS,
    "significance",
]


class Novelty(BaseModel):
    new_pair: float = Field(ge=0)
    new_supplier: float = Field(ge=0)
    new_country: float = Field(ge=0)


class SignificanceConfig(BaseModel):
    weights: dict[str, float]
    size_window_days: int = Field(gt=0)
    support_cap: int = Field(gt=0)
    novelty: Novelty
    status_values: dict[str, float]

    def model_post_init(self, __context: object) -> None:
        if set(self.weights) != set(PARTS) or any(w < 0 for w in self.weights.values()):
            raise ValueError(f"significance weights must be non-negative and name exactly {list(PARTS)}")
        if sum(self.weights.values()) <= 0:
            raise ValueError("significance weights must not all be zero")


def load_config(path: Path = WEIGHTS_PATH) -> SignificanceConfig:
    """The weights file, validated; a malformed file raises a one-line ValueError naming it."""
    try:
        return SignificanceConfig.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValueError, OSError) as exc:
        first = str(exc).splitlines()[0]
        raise ValueError(f"{path}: invalid significance config: {first}") from exc


def _conform(deals: pl.LazyFrame) -> pl.LazyFrame:
    present = deals.collect_schema().names()
    schema: dict[str, pl.DataType] = {
        "deal_id": pl.String(),
        "buyer": pl.String(),
        "seller": pl.String(),
        "status": pl.String(),
        "country": pl.String(),
        "amount_usd": pl.Float64(),
        "power_mw": pl.Float64(),
        "h100e": pl.Float64(),
        "first_reported": pl.Date(),
        "n_sources": pl.Int64(),
        "confidence": pl.Float64(),
    }
    missing = [c for c in ("deal_id", "first_reported") if c not in present]
    if missing:
        raise ValueError(f"deals frame lacks required columns {missing}; pass the warehouse `deals` table")
    return deals.select(
        [(pl.col(c) if c in present else pl.lit(None)).cast(t).alias(c) for c, t in schema.items()]
    )


def _size_percentile(deals: pl.LazyFrame, measure: str, window_days: int) -> pl.LazyFrame:
    """deal_id and its percentile in one measure against the trailing window (NULL without a figure)."""
    col = SIZE_MEASURES[measure]
    figures = deals.select("deal_id", "first_reported", pl.col(col).alias("v")).filter(pl.col("v") > 0)
    others = figures.select(pl.col("first_reported").alias("o_day"), pl.col("v").alias("o_v"))
    start = pl.col("first_reported") - pl.duration(days=window_days - 1)
    return (
        figures.join(others, how="cross")
        .filter((pl.col("o_day") <= pl.col("first_reported")) & (pl.col("o_day") >= start))
        .group_by("deal_id")
        .agg(((pl.col("o_v") <= pl.col("v")).sum() / pl.len()).alias(f"size_pct_{measure}"))
    )


def _had_earlier(deals: pl.LazyFrame, keys: list[str], name: str) -> pl.LazyFrame:
    """deal_id and whether a deal with the same (non-null) keys was reported strictly earlier."""
    firsts = deals.drop_nulls(keys).group_by(keys).agg(pl.col("first_reported").min().alias("first_day"))
    return (
        deals.select("deal_id", "first_reported", *keys)
        .join(firsts, on=keys, how="left")
        .select("deal_id", (pl.col("first_day") < pl.col("first_reported")).fill_null(False).alias(name))
    )


def _novelty(deals: pl.LazyFrame, novelty: Novelty) -> pl.Expr:
    total = novelty.new_pair + novelty.new_supplier + novelty.new_country
    has_seller = pl.col("seller").is_not_null()
    flags = (
        novelty.new_pair * (has_seller & ~pl.col("old_pair")).cast(pl.Float64)
        + novelty.new_supplier * (has_seller & ~pl.col("old_supplier")).cast(pl.Float64)
        + novelty.new_country * (pl.col("country").is_not_null() & ~pl.col("old_country")).cast(pl.Float64)
    )
    return (flags / total if total > 0 else pl.lit(0.0)).alias("novelty")


def significance(deals: pl.LazyFrame, config: SignificanceConfig | None = None) -> pl.LazyFrame:
    """One row per deal: its size percentiles, the five parts and the score (see the module docstring)."""
    cfg = config or load_config()
    base = _conform(deals).unique(subset="deal_id", keep="first", maintain_order=True)
    scored = base
    for measure in SIZE_MEASURES:
        scored = scored.join(_size_percentile(base, measure, cfg.size_window_days), on="deal_id", how="left")
    for keys, name in (
        (["buyer", "seller"], "old_pair"),
        (["seller"], "old_supplier"),
        (["country"], "old_country"),
    ):
        scored = scored.join(_had_earlier(base, keys, name), on="deal_id", how="left")
    status_map = {**cfg.status_values}
    status = (
        pl.col("status")
        .fill_null("announced")
        .replace_strict(status_map, default=0.0, return_dtype=pl.Float64)
    )
    pct_cols = [f"size_pct_{m}" for m in SIZE_MEASURES]
    parts = scored.with_columns(
        pl.max_horizontal(pct_cols).fill_null(0.0).alias("size"),
        _novelty(scored, cfg.novelty),
        status.alias("status"),
        (pl.col("n_sources").fill_null(1).clip(0, cfg.support_cap) / cfg.support_cap).alias("support"),
        pl.col("confidence").fill_null(0.0).clip(0.0, 1.0).alias("confidence"),
    )
    total = sum(cfg.weights.values())
    score = pl.sum_horizontal([pl.col(p) * cfg.weights[p] for p in PARTS]) * (100.0 / total)
    return parts.with_columns(score.alias("significance")).select(OUTPUT_COLUMNS)
