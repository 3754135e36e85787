"""The HHI bands are data: boundaries as the 2023 and 2010 guidelines state them."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from analytics.bands import assign_band, load_bands

HHI = [0.0, 999.99, 1_000.0, 1_499.99, 1_500.0, 1_800.0, 1_800.01, 2_500.0, 2_500.01, 10_000.0, None]
BAND_2023 = [
    "unconcentrated",
    "unconcentrated",
    "moderate",
    "moderate",
    "moderate",
    "moderate",
    "high",
    "high",
    "high",
    "high",
    None,
]
BAND_2010 = [
    "unconcentrated",
    "unconcentrated",
    "unconcentrated",
    "unconcentrated",
    "moderate",
    "moderate",
    "moderate",
    "moderate",
    "high",
    "high",
    None,
]


def test_bands_at_their_boundaries() -> None:
    lf = pl.LazyFrame({"hhi": HHI}, schema={"hhi": pl.Float64})
    bands = load_bands()
    got = assign_band(assign_band(lf, bands, "2023", "band_2023"), bands, "2010", "band_2010").collect()
    expected = pl.DataFrame({"hhi": HHI, "band_2023": BAND_2023, "band_2010": BAND_2010})
    assert_frame_equal(got, expected)


def test_each_guideline_covers_0_to_10000_without_gaps() -> None:
    bands = load_bands().collect().sort("guideline", "hhi_lower")
    assert sorted(bands["guideline"].unique().to_list()) == ["2010", "2023"]
    for _, group in bands.group_by("guideline"):
        lowers, uppers = group["hhi_lower"].to_list(), group["hhi_upper"].to_list()
        assert lowers[0] == 0.0 and uppers[-1] == 10_000.0
        assert lowers[1:] == uppers[:-1]
        # a shared boundary is inclusive on exactly one side
        assert [
            a != b for a, b in zip(group["upper_inclusive"][:-1], group["lower_inclusive"][1:], strict=True)
        ] == [
            True,
            True,
        ]


def test_a_custom_threshold_set_is_only_data() -> None:
    custom = pl.LazyFrame(
        {
            "guideline": ["1992", "1992", "1992"],
            "band": ["unconcentrated", "moderate", "high"],
            "hhi_lower": [0.0, 1_000.0, 1_800.0],
            "lower_inclusive": [True, True, False],
            "hhi_upper": [1_000.0, 1_800.0, 10_000.0],
            "upper_inclusive": [False, True, True],
            "source": ["", "", ""],
        }
    )
    got = assign_band(pl.LazyFrame({"hhi": [1_800.0, 1_900.0]}), custom, "1992", "band").collect()
    assert_frame_equal(got, pl.DataFrame({"hhi": [1_800.0, 1_900.0], "band": ["moderate", "high"]}))
