"""The plain-NER baseline: its number parsing, and one sentence end to end through the real spaCy model."""

from __future__ import annotations

import pytest

from core.records import ExtractInput
from core.settings import get_settings
from extractors.baseline import BaselineExtractor, parse_money, parse_power


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$10 billion", 10e9),
        ("up to $100 billion", 100e9),
        ("$1.4tn", 1.4e12),
        ("US$500m", 500e6),
        ("10 billion dollars", 10e9),
        ("$350,000", 350_000.0),
        ("tens of billions of dollars", None),
    ],
)
def test_parse_money(text: str, expected: float | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.2GW", 1200.0),
        ("300 MW", 300.0),
        ("1,121 megawatts", 1121.0),
        ("6 gigawatts", 6000.0),
        ("42", None),
    ],
)
def test_parse_power(text: str, expected: float | None) -> None:
    assert parse_power(text) == expected


def test_first_two_orgs_of_a_figure_sentence() -> None:
    baseline = BaselineExtractor(get_settings().spacy_model)
    text = (
        "OpenAI agreed to buy 4.5 GW of computing capacity from Oracle for $300 billion. "
        "The companies did not comment."
    )
    [out] = list(baseline.extract_many([ExtractInput(id="x", text=text)]))
    assert out.id == "x" and out.is_compute_deal
    [deal] = out.deals
    assert (deal.buyer, deal.seller) == ("OpenAI", "Oracle")
    assert deal.amount_usd == 300e9
    assert deal.power_mw == 4500.0
    [empty] = list(baseline.extract_many([ExtractInput(id="y", text="The weather was mild in Paris.")]))
    assert not empty.is_compute_deal and empty.deals == []
