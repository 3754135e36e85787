"""Whole documents (written for these tests) through the real extractor: the deals found, nothing more."""

import json
from pathlib import Path

import pytest

from core.records import DealMention, ExtractInput
from extractors.nlp import Extractor

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.json"))


def _row(d: DealMention) -> tuple[str | None, str | None, float | None, float | None, int | None]:
    return (d.buyer, d.seller, d.amount_usd, d.power_mw, d.chips.count if d.chips else None)


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 0.02 * abs(b))


def _matches(got: tuple[object, ...], want: dict[str, object]) -> bool:
    buyer, seller, amount, power, chips = got
    return (
        (buyer, seller) == (want["buyer"], want["seller"])
        and _close(amount, want["amount_usd"])  # type: ignore[arg-type]
        and _close(power, want["power_mw"])  # type: ignore[arg-type]
        and chips == want["chips_count"]
    )


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden_document(path: Path, extractor: Extractor) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    out = extractor.extract(ExtractInput.model_validate(case["input"]))
    expected = case["expected"]
    got = [_row(d) for d in out.deals]
    assert out.is_compute_deal == expected["is_compute_deal"]
    missing = [w for w in expected["deals"] if not any(_matches(g, w) for g in got)]
    extra = [g for g in got if not any(_matches(g, w) for w in expected["deals"])]
    assert (missing, extra) == ([], [])
    for deal in out.deals:
        assert deal.evidence and 0.0 <= deal.confidence <= 1.0
        assert case["input"]["text"][deal.evidence_start : deal.evidence_end].strip() == deal.evidence


def test_golden_set_includes_a_long_analysis_with_headings() -> None:
    texts = [json.loads(p.read_text(encoding="utf-8"))["input"]["text"] for p in GOLDEN]
    assert any(len(t.split()) > 250 and "\nFAQ\n" in t for t in texts)
