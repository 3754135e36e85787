"""The development set itself: shape, coverage and labels that follow eval/README.md."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from core.settings import REPO_ROOT
from extractors.evaluate import DevDocument, parse_devset

EVAL = REPO_ROOT / "eval"
STYLES = {"press_release", "trade_press", "wire", "blog", "filing", "excerpt", "analysis"}
HARD_CASES = {
    "other_company_figures",
    "prior_deal_in_passing",
    "rumour",
    "denial",
    "cancellation",
    "currency",
    "range",
    "multi_deal",
    "negative",
    "excerpt",
    "it_power",
    "long_with_faq",
}


@lru_cache(maxsize=1)
def _docs() -> tuple[DevDocument, ...]:
    return tuple(parse_devset((EVAL / "devset.jsonl").read_text(encoding="utf-8")))


def _canonical_names() -> set[str]:
    readme = (EVAL / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Canonical names used in the set", 1)[1].split("###", 1)[0]
    return {n.strip().rstrip(".") for n in block.replace("\n", " ").split(",") if n.strip()}


def test_size_styles_and_negatives() -> None:
    docs = _docs()
    assert len(docs) >= 80
    assert {d.style for d in docs} == STYLES
    negatives = sum(not d.gold.is_compute_deal for d in docs)
    assert negatives >= 0.3 * len(docs)
    assert all(("negative" in d.hard_cases) == (not d.gold.is_compute_deal) for d in docs)


def test_every_hard_case_is_covered_by_positives_and_negatives() -> None:
    tags = Counter(t for d in _docs() for t in d.hard_cases)
    assert {t for t in HARD_CASES if tags[t] == 0} == set()
    positive_tags = {t for d in _docs() if d.gold.is_compute_deal for t in d.hard_cases}
    assert {"currency", "range", "denial", "cancellation", "rumour", "multi_deal"} <= positive_tags


def test_long_analysis_pieces_have_headings_and_faq() -> None:
    long_docs = [d for d in _docs() if d.style == "analysis"]
    assert len(long_docs) >= 10
    for d in long_docs:
        words = len(d.text.split())
        assert 600 <= words <= 1200, (d.id, words)
        assert "\n\nFAQ\n\n" in d.text, d.id
        assert len(re.findall(r"^Q: ", d.text, flags=re.M)) >= 3, d.id


def test_excerpts_start_mid_story() -> None:
    excerpts = [d for d in _docs() if d.style == "excerpt"]
    assert len(excerpts) >= 4
    assert all(d.text.startswith("...") for d in excerpts)


def test_gold_names_are_canonical() -> None:
    canonical = _canonical_names()
    used = {
        n for d in _docs() for deal in d.gold.deals for n in (deal.buyer, deal.seller, *deal.parties) if n
    }
    assert used - canonical == set()


def test_gold_deals_are_well_formed() -> None:
    for d in _docs():
        for deal in d.gold.deals:
            assert (deal.amount_usd is None) == (deal.amount_qualifier is None), d.id
            assert (deal.power_mw is None) == (deal.power_qualifier is None), d.id
            assert deal.amount_usd is None or deal.amount_usd >= 1e6, d.id
            assert deal.power_mw is None or 1 <= deal.power_mw <= 20_000, d.id
            assert deal.chips is None or (deal.chips.count or 0) > 0, d.id
            named = [n for n in (deal.buyer, deal.seller) if n]
            assert set(named) <= set(deal.parties), d.id
            assert len(set(named)) == len(named), d.id
