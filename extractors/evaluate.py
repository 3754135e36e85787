"""Pure scoring of extractions against the labelled development set (the rules are in eval/README.md).

Every field is scored per document, one-to-one (maximum bipartite matching), and summed over the set.
Figures match within TOLERANCE of the gold value; names match after case-folding and dropping punctuation and
corporate suffixes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, computed_field, model_validator

from core.errors import InputLineError
from core.records import DealMention, DocumentExtraction, ExtractInput

FIELDS: tuple[str, ...] = (
    "document_relevance",
    "amount",
    "power",
    "chips",
    "counterparty_pair",
    "roles",
    "whole_deal",
)
METRICS: tuple[str, ...] = ("precision", "recall", "f1")
TOLERANCE = 0.02
_SUFFIXES = frozenset({"inc", "corp", "corporation", "ltd", "limited", "llc", "plc", "co"})

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldLabels(_Model):
    is_compute_deal: bool
    deals: list[DealMention]

    @model_validator(mode="after")
    def _relevance_matches_deals(self) -> GoldLabels:
        if self.is_compute_deal != bool(self.deals):
            raise ValueError("gold.is_compute_deal must be true exactly when gold.deals is not empty")
        return self


class DevDocument(_Model):
    """One line of eval/devset.jsonl."""

    id: str
    text: str
    published: date | None = None
    url: str | None = None
    style: str
    hard_cases: list[str]
    gold: GoldLabels

    def to_input(self) -> ExtractInput:
        return ExtractInput(id=self.id, text=self.text, published=self.published, url=self.url)


class FieldScore(_Model):
    tp: int
    n_pred: int
    n_gold: int

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        if self.n_pred == 0:
            return 1.0 if self.n_gold == 0 else 0.0
        return self.tp / self.n_pred

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        if self.n_gold == 0:
            return 1.0 if self.n_pred == 0 else 0.0
        return self.tp / self.n_gold

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def metric(self, name: str) -> float:
        return float(getattr(self, name))

    def __add__(self, other: FieldScore) -> FieldScore:
        return FieldScore(
            tp=self.tp + other.tp, n_pred=self.n_pred + other.n_pred, n_gold=self.n_gold + other.n_gold
        )


class EvalReport(_Model):
    n_documents: int
    fields: dict[str, FieldScore]

    def figure(self, field: str, metric: str) -> float:
        return self.fields[field].metric(metric)


class DealExtractor(Protocol):
    def extract_many(self, docs: Iterable[ExtractInput]) -> Iterable[DocumentExtraction]: ...


# --- loading -----------------------------------------------------------------------------------------------


def parse_devset(text: str) -> list[DevDocument]:
    """Parse devset JSONL; a bad line raises InputLineError naming its line number."""
    docs: list[DevDocument] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            doc = DevDocument.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            first = str(exc).splitlines()[0] if isinstance(exc, json.JSONDecodeError) else _first_error(exc)
            raise InputLineError(f"devset line {lineno}: {first}") from exc
        if doc.id in seen:
            raise InputLineError(f"devset line {lineno}: duplicate id {doc.id!r}")
        seen.add(doc.id)
        docs.append(doc)
    return docs


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "line"
    return f"{where}: {err['msg']}"


def predict(extractor: DealExtractor, docs: Sequence[DevDocument]) -> dict[str, DocumentExtraction]:
    """Run an extractor over the dev set, keyed by document id."""
    return {ex.id: ex for ex in extractor.extract_many(d.to_input() for d in docs)}


# --- matching helpers --------------------------------------------------------------------------------------


def norm_name(name: str | None) -> str | None:
    """Case-folded, punctuation and corporate suffixes dropped, spaces removed; None for empty names."""
    if name is None:
        return None
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return "".join(words) or None


def close(pred: float, gold: float, tolerance: float = TOLERANCE) -> bool:
    """pred within `tolerance` of gold, relative to gold."""
    return abs(pred - gold) <= tolerance * abs(gold)


def _same_or_both_null(pred: float | None, gold: float | None) -> bool:
    if pred is None or gold is None:
        return pred is None and gold is None
    return close(pred, gold)


def _norm_type(chip_type: str) -> str:
    return re.sub(r"[^0-9a-z]", "", chip_type.casefold())


def types_agree(pred: str | None, gold: str | None) -> bool:
    """True when either type is missing, or one normalised type contains the other."""
    if not pred or not gold:
        return True
    p, g = _norm_type(pred), _norm_type(gold)
    return p in g or g in p


def assignment(preds: Sequence[T], golds: Sequence[T], ok: Callable[[T, T], bool]) -> dict[int, int]:
    """A maximum one-to-one matching between preds and golds under `ok` (augmenting paths): pred index ->
    gold index."""
    adjacent = [[j for j, g in enumerate(golds) if ok(p, g)] for p in preds]
    owner: list[int] = [-1] * len(golds)

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacent[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] == -1 or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(preds)):
        augment(i, set())
    return {i: j for j, i in enumerate(owner) if i != -1}


def max_matching(preds: Sequence[T], golds: Sequence[T], ok: Callable[[T, T], bool]) -> int:
    """Size of a maximum one-to-one matching between preds and golds under `ok`."""
    return len(assignment(preds, golds, ok))


def _score(preds: Sequence[T], golds: Sequence[T], ok: Callable[[T, T], bool]) -> FieldScore:
    return FieldScore(tp=max_matching(preds, golds, ok), n_pred=len(preds), n_gold=len(golds))


# --- per-field items ---------------------------------------------------------------------------------------

Roles = tuple[str | None, str | None]
ChipItem = tuple[float, str | None]


def _roles(d: DealMention) -> Roles:
    return norm_name(d.buyer), norm_name(d.seller)


def _amounts(deals: Sequence[DealMention]) -> list[float]:
    return [d.amount_usd for d in deals if d.amount_usd is not None]


def _powers(deals: Sequence[DealMention]) -> list[float]:
    return [d.power_mw for d in deals if d.power_mw is not None]


def _chips(deals: Sequence[DealMention]) -> list[ChipItem]:
    return [
        (float(d.chips.count), d.chips.type)
        for d in deals
        if d.chips is not None and d.chips.count is not None
    ]


def _pairs(deals: Sequence[DealMention]) -> list[frozenset[str]]:
    sets = (frozenset(n for n in _roles(d) if n is not None) for d in deals)
    return [s for s in sets if s]


def _ordered(deals: Sequence[DealMention]) -> list[Roles]:
    return [r for r in map(_roles, deals) if r != (None, None)]


def _chips_ok(p: ChipItem, g: ChipItem) -> bool:
    return close(p[0], g[0]) and types_agree(p[1], g[1])


def _whole_ok(p: DealMention, g: DealMention) -> bool:
    return (
        _roles(p) == _roles(g)
        and _same_or_both_null(p.amount_usd, g.amount_usd)
        and _same_or_both_null(p.power_mw, g.power_mw)
    )


def _eq(a: object, b: object) -> bool:
    return a == b


def score_document(gold: GoldLabels, pred: DocumentExtraction) -> dict[str, FieldScore]:
    """Every field's counts for one document."""
    g, p = gold.deals, pred.deals
    relevant = FieldScore(
        tp=int(gold.is_compute_deal and pred.is_compute_deal),
        n_pred=int(pred.is_compute_deal),
        n_gold=int(gold.is_compute_deal),
    )
    return {
        "document_relevance": relevant,
        "amount": _score(_amounts(p), _amounts(g), close),
        "power": _score(_powers(p), _powers(g), close),
        "chips": _score(_chips(p), _chips(g), _chips_ok),
        "counterparty_pair": _score(_pairs(p), _pairs(g), _eq),
        "roles": _score(_ordered(p), _ordered(g), _eq),
        "whole_deal": _score(list(p), list(g), _whole_ok),
    }


def score(docs: Sequence[DevDocument], predictions: Mapping[str, DocumentExtraction]) -> EvalReport:
    """Micro-averaged scores over the set. Every document needs a prediction (ValueError otherwise)."""
    missing = [d.id for d in docs if d.id not in predictions]
    if missing:
        raise ValueError(f"no prediction for {len(missing)} document(s), e.g. {', '.join(missing[:3])}")
    totals = {f: FieldScore(tp=0, n_pred=0, n_gold=0) for f in FIELDS}
    for d in docs:
        for field, counts in score_document(d.gold, predictions[d.id]).items():
            totals[field] = totals[field] + counts
    return EvalReport(n_documents=len(docs), fields=totals)
