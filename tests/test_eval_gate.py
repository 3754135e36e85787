"""The eval gate: the real extractor on the development set must reach every pinned floor in eval/floors.json.

Floors only go up (`infradeals eval --write-floors`); the acceptance floors of issue 3 are the minimum.
"""

from __future__ import annotations

import pytest

from core.settings import REPO_ROOT, get_settings
from extractors.evaluate import EvalReport, parse_devset, predict, score
from extractors.floors import parse_floors, shortfalls
from extractors.nlp import Extractor

EVAL = REPO_ROOT / "eval"
ACCEPTANCE_F1 = {
    "whole_deal": 0.85,
    "amount": 0.92,
    "power": 0.92,
    "counterparty_pair": 0.85,
    "document_relevance": 0.92,
}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    docs = parse_devset((EVAL / "devset.jsonl").read_text(encoding="utf-8"))
    return score(docs, predict(Extractor(get_settings().spacy_model), docs))


def test_floors_never_fall_below_acceptance() -> None:
    floors = parse_floors((EVAL / "floors.json").read_text(encoding="utf-8"))
    assert {f: floors[f]["f1"] for f in ACCEPTANCE_F1 if floors[f]["f1"] < ACCEPTANCE_F1[f]} == {}


def test_every_figure_reaches_its_floor(report: EvalReport) -> None:
    floors = parse_floors((EVAL / "floors.json").read_text(encoding="utf-8"))
    below = [f"{b.field} {b.metric} {b.value:.4f} < {b.floor:.4f}" for b in shortfalls(report, floors)]
    assert below == []
