"""HHI concentration bands kept as data (`analytics/data/hhi_bands.csv`), one threshold set per guideline.

The CSV has one row per (guideline, band) with its HHI interval and whether each end is inclusive, so a new
threshold set (or a corrected one) is a data change. Shipped sets: DOJ/FTC 2023 (below 1,000 unconcentrated,
1,000-1,800 moderate, above 1,800 high) and the 2010 Horizontal Merger Guidelines (1,500 / 2,500).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

BANDS_PATH = Path(__file__).parent / "data" / "hhi_bands.csv"
BANDS_SCHEMA: dict[str, pl.DataType] = {
    "guideline": pl.String(),
    "band": pl.String(),
    "hhi_lower": pl.Float64(),
    "lower_inclusive": pl.Boolean(),
    "hhi_upper": pl.Float64(),
    "upper_inclusive": pl.Boolean(),
    "source": pl.String(),
}


def load_bands(path: Path = BANDS_PATH) -> pl.LazyFrame:
    """The threshold sets as a LazyFrame (schema BANDS_SCHEMA)."""
    return pl.scan_csv(path, schema=BANDS_SCHEMA)


def assign_band(lf: pl.LazyFrame, bands: pl.LazyFrame, guideline: str, out_col: str) -> pl.LazyFrame:
    """Add `out_col`: the band of `guideline` whose interval holds column `hhi` (NULL when hhi is NULL).

    Rows are matched by a cross join with the (few) bands of that guideline, then joined back, so row order
    and row count of `lf` are kept. Several matching bands (overlapping data) raise on the join's 1:1 check.
    """
    hhi = pl.col("hhi")
    lower_ok = (hhi > pl.col("hhi_lower")) | (pl.col("lower_inclusive") & (hhi == pl.col("hhi_lower")))
    upper_ok = (hhi < pl.col("hhi_upper")) | (pl.col("upper_inclusive") & (hhi == pl.col("hhi_upper")))
    indexed = lf.with_row_index("_band_row")
    matched = (
        indexed.select("_band_row", "hhi")
        .join(
            bands.filter(pl.col("guideline") == guideline).select([c for c in BANDS_SCHEMA if c != "source"]),
            how="cross",
        )
        .filter(lower_ok & upper_ok)
        .select("_band_row", pl.col("band").alias(out_col))
    )
    return (
        indexed.join(matched, on="_band_row", how="left", validate="1:1", maintain_order="left")
        .sort("_band_row")
        .drop("_band_row")
    )
