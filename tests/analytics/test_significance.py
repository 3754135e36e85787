"""The significance score on hand-made deals: each part moves the score the way docs/significance.md says."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from analytics.significance import OUTPUT_COLUMNS, load_config, significance

BASE: dict[str, Any] = {
    "buyer": "Buyer Co",
    "seller": "Cloud Co",
    "status": "announced",
    "amount_usd": None,
    "power_mw": None,
    "h100e": None,
    "first_reported": date(2025, 6, 1),
    "n_sources": 1,
    "confidence": 0.5,
}


def scored(*rows: dict[str, Any]) -> dict[str, dict[str, Any]]:
    frame = pl.LazyFrame([{"deal_id": f"d{i}", **BASE, **r} for i, r in enumerate(rows)])
    return {row["deal_id"]: row for row in significance(frame).collect().to_dicts()}


def test_lone_deal_hand_computed() -> None:
    row = scored({"amount_usd": 1e9, "status": "signed", "n_sources": 3, "confidence": 0.8})["d0"]
    # size 1 (only deal), novelty (0.5 + 0.3) / 1, status 1, support 1, confidence 0.8
    expected = 100 * (0.35 * 1 + 0.20 * 0.8 + 0.20 * 1 + 0.10 * 1 + 0.15 * 0.8)
    assert row["significance"] == pytest.approx(expected)
    assert list(row) == OUTPUT_COLUMNS


def test_bigger_deal_scores_higher_on_size() -> None:
    rows = scored({"amount_usd": 1e9, "seller": "A"}, {"amount_usd": 5e9, "seller": "B"})
    assert rows["d0"]["size_pct_usd"] == pytest.approx(0.5)
    assert rows["d1"]["size_pct_usd"] == pytest.approx(1.0)
    assert rows["d1"]["significance"] > rows["d0"]["significance"]


def test_size_window_is_trailing_12_months() -> None:
    old = {"amount_usd": 9e9, "first_reported": date(2024, 1, 1), "seller": "A"}
    rows = scored(old, {"amount_usd": 1e9, "seller": "B"})
    assert rows["d1"]["size_pct_usd"] == pytest.approx(1.0)  # the 2024 deal is out of the window
    rows = scored({**old, "first_reported": date(2025, 1, 1)}, {"amount_usd": 1e9, "seller": "B"})
    assert rows["d1"]["size_pct_usd"] == pytest.approx(0.5)


def test_size_takes_the_largest_measure_percentile() -> None:
    rows = scored(
        {"amount_usd": 1e9, "power_mw": 10.0, "seller": "A"}, {"amount_usd": 2e9, "power_mw": 500.0}
    )
    assert rows["d0"]["size"] == pytest.approx(0.5)
    assert rows["d1"]["size"] == pytest.approx(1.0)


def test_repeat_pair_and_supplier_lose_novelty() -> None:
    first = {"first_reported": date(2025, 1, 1)}
    rows = scored(first, {}, {"buyer": "Other Buyer"})
    assert rows["d0"]["novelty"] == pytest.approx(0.8)
    assert rows["d1"]["novelty"] == pytest.approx(0.0)  # same pair, same supplier, earlier
    assert rows["d2"]["novelty"] == pytest.approx(0.5)  # new pair, known supplier
    assert rows["d0"]["significance"] > rows["d2"]["significance"] > rows["d1"]["significance"]


def test_first_deal_in_a_country_is_novel() -> None:
    rows = scored({"country": "NO", "first_reported": date(2025, 1, 1)}, {"country": "NO"}, {"country": "FI"})
    assert rows["d2"]["novelty"] - rows["d1"]["novelty"] == pytest.approx(0.2)  # only the country differs


def test_signed_beats_rumoured_and_null_is_announced() -> None:
    rows = scored(
        {"status": "signed", "seller": "A"},
        {"status": "rumoured", "seller": "B"},
        {"status": None, "seller": "C"},
    )
    assert rows["d0"]["significance"] > rows["d2"]["significance"] > rows["d1"]["significance"]
    assert rows["d2"]["status"] == pytest.approx(0.6)


def test_more_sources_more_support_up_to_the_cap() -> None:
    rows = scored(
        {"n_sources": 1, "seller": "A"}, {"n_sources": 2, "seller": "B"}, {"n_sources": 9, "seller": "C"}
    )
    assert rows["d0"]["support"] < rows["d1"]["support"] < rows["d2"]["support"] == pytest.approx(1.0)


def test_confidence_moves_the_score() -> None:
    rows = scored({"confidence": 0.2, "seller": "A"}, {"confidence": 0.9, "seller": "B"})
    assert rows["d1"]["significance"] - rows["d0"]["significance"] == pytest.approx(100 * 0.15 * 0.7)


def test_score_stays_in_range() -> None:
    rows = scored({"confidence": 7.0, "n_sources": 50, "status": "signed", "amount_usd": 1.0})
    assert 0 <= rows["d0"]["significance"] <= 100


def test_bad_weights_file_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "sig.yml"
    bad.write_text("weights: {size: 1}\nsize_window_days: 365\nsupport_cap: 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="invalid significance config") as info:
        load_config(bad)
    assert "\n" not in str(info.value)


def test_missing_required_column_is_clear() -> None:
    with pytest.raises(ValueError, match="first_reported"):
        significance(pl.LazyFrame({"deal_id": ["x"]}))
