"""The plausibility bounds file (warehouse/bounds.yml), its pydantic model and the pure screen of a mention."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.errors import WarehouseError
from core.records import Chips, DealMention
from warehouse.bounds import BOUNDS_FILE, Bounds, load_bounds, screen_mention
from warehouse.quarantine import run_date


def test_run_date_is_the_later_of_as_of_and_today() -> None:
    assert run_date(date(2026, 6, 1), today=date(2026, 12, 3)) == date(2026, 12, 3)
    assert run_date(date(2027, 1, 5), today=date(2026, 12, 3)) == date(2027, 1, 5)
    assert run_date(None, today=date(2026, 12, 3)) == date(2026, 12, 3)


def test_bounds_file_and_model() -> None:
    bounds = load_bounds()
    assert (bounds.amount_usd.above, bounds.amount_usd.at_most) == (0.0, 2e12)
    assert (bounds.power_mw.at_most, bounds.chips.at_most) == (50_000.0, 10_000_000.0)
    assert bounds.dates.not_before == date(2000, 1, 1)
    assert BOUNDS_FILE.name == "bounds.yml"


def test_bad_bounds_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bounds.yml"
    path.write_text("amount_usd: {above: 0}\n", encoding="utf-8")
    with pytest.raises(WarehouseError, match="plausibility bounds"):
        load_bounds(path)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"amount_usd": math.nan}, "amount_usd nan is not finite"),
        ({"amount_usd": math.inf}, "amount_usd inf is not finite"),
        ({"amount_usd": 2.5e12}, "amount_usd 2500000000000 above the bound 2000000000000"),
        ({"power_mw": -10.0}, "power_mw -10 not above the bound 0"),
        ({"chips": Chips(count=0)}, "chips 0 not above the bound 0"),
        ({"published": date(1999, 12, 31)}, "date 1999-12-31 before the bound 2000-01-01"),
    ],
)
def test_screen_mention_reasons(fields: dict[str, Any], reason: str) -> None:
    m = DealMention(
        **({"mention_id": "m", "doc_id": "d", "buyer": "A", "seller": "B", "amount_usd": 5e9} | fields)
    )
    kept, found = screen_mention(m, load_bounds(), date(2026, 6, 1))
    assert [v.reason for v in found] == [reason]
    if "published" in fields:
        assert kept is None
    else:
        assert kept is not None and kept.buyer == "A"


def test_bounds_at_the_edge_are_sane() -> None:
    bounds: Bounds = load_bounds()
    m = DealMention(
        amount_usd=2e12, power_mw=50_000.0, chips=Chips(count=10_000_000), published=date(2000, 1, 1)
    )
    assert screen_mention(m, bounds, date(2026, 6, 1)) == (m, [])
    today = DealMention(published=date(2026, 6, 1))
    assert screen_mention(today, bounds, date(2026, 6, 1)) == (today, [])
