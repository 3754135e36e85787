"""The scorer on small hand-computed cases (rules: eval/README.md)."""

from __future__ import annotations

import json

import pytest

from core.errors import InputLineError
from core.records import Chips, DealMention, DocumentExtraction
from extractors.evaluate import (
    FieldScore,
    GoldLabels,
    close,
    max_matching,
    norm_name,
    parse_devset,
    score,
    score_document,
    types_agree,
)
from extractors.floors import parse_floors, raised_floors, shortfalls


def _deal(
    buyer: str | None,
    seller: str | None,
    amount: float | None = None,
    power: float | None = None,
    chips: tuple[int | None, str | None] | None = None,
) -> DealMention:
    c = None if chips is None else Chips(count=chips[0], type=chips[1])
    return DealMention(buyer=buyer, seller=seller, amount_usd=amount, power_mw=power, chips=c)


def _pred(doc_id: str, deals: list[DealMention], relevant: bool = True) -> DocumentExtraction:
    return DocumentExtraction(
        id=doc_id, is_compute_deal=relevant, score=1.0 if relevant else 0.0, deals=deals
    )


def _counts(s: FieldScore) -> tuple[int, int, int]:
    return s.tp, s.n_pred, s.n_gold


def test_field_score_definitions() -> None:
    s = FieldScore(tp=2, n_pred=4, n_gold=2)
    assert (s.precision, s.recall) == (0.5, 1.0)
    assert s.f1 == pytest.approx(2 / 3)
    empty = FieldScore(tp=0, n_pred=0, n_gold=0)
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)
    missed = FieldScore(tp=0, n_pred=0, n_gold=3)
    assert (missed.precision, missed.recall, missed.f1) == (0.0, 0.0, 0.0)
    spurious = FieldScore(tp=0, n_pred=2, n_gold=0)
    assert (spurious.precision, spurious.recall, spurious.f1) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Meta Platforms, Inc.", "metaplatforms"),
        ("CoreWeave, Inc.", "coreweave"),
        ("Oracle Corp.", "oracle"),
        ("  core scientific ", "corescientific"),
        ("Co.", None),
        (None, None),
        ("", None),
    ],
)
def test_norm_name(raw: str | None, expected: str | None) -> None:
    assert norm_name(raw) == expected


def test_close_is_relative_to_gold_within_two_percent() -> None:
    assert close(101.9, 100.0)
    assert close(98.0, 100.0)
    assert not close(102.1, 100.0)
    assert not close(97.9, 100.0)


def test_types_agree_by_containment() -> None:
    assert types_agree("Nvidia GB300 GPUs", "GB300")
    assert types_agree("TPUs", "TPU")
    assert types_agree(None, "H100")
    assert not types_agree("H100", "MI450")


def test_max_matching_finds_the_maximum_where_greedy_would_not() -> None:
    # pred "a" fits both gold items, pred "b" only the first: greedy a->x would leave b unmatched.
    fits = {("a", "x"), ("a", "y"), ("b", "x")}
    assert max_matching(["a", "b"], ["x", "y"], lambda p, g: (p, g) in fits) == 2
    assert max_matching(["a", "a"], ["x"], lambda p, g: True) == 1


def test_score_document_hand_computed() -> None:
    gold = GoldLabels(
        is_compute_deal=True,
        deals=[
            _deal("OpenAI", "AMD", power=6000),
            _deal("Nvidia", "OpenAI", amount=100e9),
            _deal("OpenAI", "Nvidia", power=10000),
        ],
    )
    pred = _pred(
        "d",
        [
            _deal("AMD", "OpenAI", power=6000),  # roles reversed
            _deal("Nvidia, Inc.", "OpenAI", amount=101e9),  # within 2%, suffix ignored
            _deal("OpenAI", "Nvidia", amount=100e9, power=10000),  # an amount that is not this deal's
            _deal("Nvidia", "OpenAI", amount=100e9),  # the same deal again
        ],
    )
    s = score_document(gold, pred)
    assert _counts(s["document_relevance"]) == (1, 1, 1)
    assert _counts(s["amount"]) == (1, 3, 1)
    assert _counts(s["power"]) == (2, 2, 2)
    assert _counts(s["chips"]) == (0, 0, 0)
    assert _counts(s["counterparty_pair"]) == (3, 4, 3)
    assert _counts(s["roles"]) == (2, 4, 3)
    assert _counts(s["whole_deal"]) == (1, 4, 3)


def test_chips_need_count_within_tolerance_and_agreeing_type() -> None:
    gold = GoldLabels(
        is_compute_deal=True,
        deals=[
            _deal("Anthropic", "Amazon", chips=(500000, "Trainium2")),
            _deal("Oracle", "AMD", chips=(50000, "MI450")),
        ],
    )
    pred = _pred(
        "d",
        [
            _deal("Anthropic", "Amazon", chips=(495000, "trainium 2 chips")),  # 1% off, same type
            _deal("Oracle", "AMD", chips=(50000, "H100")),  # right count, wrong type
            _deal("Oracle", "AMD", chips=(None, "MI450")),  # no count: not a chips item
        ],
    )
    assert _counts(score_document(gold, pred)["chips"]) == (1, 2, 2)


def test_joint_venture_with_null_roles() -> None:
    gold = GoldLabels(is_compute_deal=True, deals=[_deal(None, None, amount=500e9, power=10000)])
    s = score_document(gold, _pred("d", [_deal(None, None, amount=500e9, power=10000)]))
    assert _counts(s["whole_deal"]) == (1, 1, 1)
    assert _counts(s["counterparty_pair"]) == (0, 0, 0)
    assert _counts(s["roles"]) == (0, 0, 0)
    named = score_document(gold, _pred("d", [_deal("OpenAI", None, amount=500e9, power=10000)]))
    assert _counts(named["whole_deal"]) == (0, 1, 1)


def test_whole_deal_needs_figures_equal_or_both_null() -> None:
    gold = GoldLabels(is_compute_deal=True, deals=[_deal("Meta", "CoreWeave", amount=14.2e9)])
    assert _counts(score_document(gold, _pred("d", [_deal("Meta", "CoreWeave")]))["whole_deal"]) == (0, 1, 1)
    with_power = _pred("d", [_deal("Meta", "CoreWeave", amount=14.2e9, power=100)])
    assert _counts(score_document(gold, with_power)["whole_deal"]) == (0, 1, 1)


def _dev_line(doc_id: str, deals: list[DealMention]) -> str:
    gold = {
        "is_compute_deal": bool(deals),
        "deals": [d.model_dump(mode="json", exclude={"evidence"}) for d in deals],
    }
    return json.dumps(
        {
            "id": doc_id,
            "text": "t",
            "published": "2025-01-01",
            "url": None,
            "style": "wire",
            "hard_cases": [],
            "gold": gold,
        }
    )


def test_score_sums_documents_and_needs_every_prediction() -> None:
    docs = parse_devset(
        "\n".join([_dev_line("a", [_deal("Microsoft", "Nebius", amount=17.4e9)]), _dev_line("b", [])])
    )
    preds = {
        "a": _pred("a", [_deal("Microsoft", "Nebius", amount=17.4e9)]),
        "b": _pred("b", [_deal("X", "Y")]),
    }
    report = score(docs, preds)
    assert _counts(report.fields["document_relevance"]) == (1, 2, 1)
    assert _counts(report.fields["whole_deal"]) == (1, 2, 1)
    assert report.figure("document_relevance", "precision") == 0.5
    with pytest.raises(ValueError, match="no prediction"):
        score(docs, {"a": preds["a"]})


def test_parse_devset_names_the_bad_line() -> None:
    good = _dev_line("a", [])
    with pytest.raises(InputLineError, match="line 2"):
        parse_devset(good + "\n{not json")
    with pytest.raises(InputLineError, match="line 2: duplicate id 'a'"):
        parse_devset(good + "\n" + good)
    inconsistent = json.loads(good)
    inconsistent["gold"]["is_compute_deal"] = True
    with pytest.raises(InputLineError, match="line 1"):
        parse_devset(json.dumps(inconsistent))


def _floors(value: float) -> str:
    fields = ["document_relevance", "amount", "power", "chips", "counterparty_pair", "roles", "whole_deal"]
    return json.dumps({f: {"precision": value, "recall": value, "f1": value} for f in fields})


def test_floors_shortfalls_and_raising_never_lowers() -> None:
    docs = parse_devset(_dev_line("a", [_deal("Microsoft", "Nebius", amount=17.4e9)]))
    half = score(docs, {"a": _pred("a", [_deal("Microsoft", "Nebius", amount=17.4e9), _deal("A", "B")])})
    floors = parse_floors(_floors(0.6))
    below = shortfalls(half, floors)
    # one of two predicted deals is right: every deal-level precision is 0.5; F1 is 2/3, above 0.6
    assert {(b.field, b.metric) for b in below} == {
        ("counterparty_pair", "precision"),
        ("roles", "precision"),
        ("whole_deal", "precision"),
    }
    assert all(b.value < b.floor for b in below)
    raised = raised_floors(half, floors)
    assert raised["whole_deal"]["precision"] == 0.6  # 0.5 now: the floor stays
    assert raised["whole_deal"]["recall"] == 1.0
    assert raised["whole_deal"]["f1"] == 0.6666  # 2/3 rounded down, never up past the figure
    assert shortfalls(half, raised_floors(half, parse_floors(_floors(0.0)))) == []


def test_parse_floors_rejects_missing_fields_and_bad_values() -> None:
    with pytest.raises(ValueError, match="exactly the fields"):
        parse_floors(json.dumps({"amount": {"precision": 0, "recall": 0, "f1": 0}}))
    bad = json.loads(_floors(0.5))
    bad["power"]["f1"] = 1.5
    with pytest.raises(ValueError, match="power"):
        parse_floors(json.dumps(bad))
