"""The obvious approach, for comparison in `infradeals eval --baseline`.

Plain spaCy NER (the configured en_core_web_sm package, no infradeals components, no alias registry):
every sentence that holds a MONEY entity or a megawatt/gigawatt figure becomes one deal whose buyer and
seller are the first two ORG entities of that sentence, amount the first MONEY entity and power the first
MW/GW figure. Currencies are read as dollars; names stay as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from core.records import DealMention, DocumentExtraction, ExtractInput

if TYPE_CHECKING:
    from spacy.tokens import Span

BASELINE_VERSION = "baseline-ner-1"

_SCALES = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "million": 1e6,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
}
_MONEY = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(thousand|million|billion|trillion|mln|mn|bn|tn|[kmbt])?\b", re.I
)
_POWER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*(mw|gw|megawatts?|gigawatts?)\b", re.I)
_UNIT = re.compile(r"(mw|gw|megawatts?|gigawatts?)$", re.I)


def parse_money(text: str) -> float | None:
    """The first number of a MONEY entity times its scale word ("$1.4tn" -> 1.4e12); None without a number."""
    m = _MONEY.search(text)
    if m is None:
        return None
    value = float(m.group(1).replace(",", ""))
    scale = (m.group(2) or "").lower()
    return value * _SCALES.get(scale, 1.0)


def parse_power(text: str) -> float | None:
    """Megawatts from "1.2GW", "300 MW", "1,121 megawatts"; None when no unit follows a number."""
    m = _POWER.search(text)
    if m is None:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * 1000 if m.group(2).lower().startswith("g") else value


class BaselineExtractor:
    """Loads the plain spaCy pipeline once; `extract_many` yields one extraction per input, in order."""

    def __init__(self, model_name: str) -> None:
        import spacy

        self.nlp = spacy.load(model_name)
        self.version = BASELINE_VERSION

    def extract_many(
        self, docs: Iterable[ExtractInput], batch_size: int = 32
    ) -> Iterator[DocumentExtraction]:
        pairs = ((d.text, d) for d in docs)
        for sdoc, inp in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            deals = [deal for sent in sdoc.sents if (deal := _sentence_deal(sent, inp.id)) is not None]
            yield DocumentExtraction(
                id=inp.id,
                is_compute_deal=bool(deals),
                score=1.0 if deals else 0.0,
                deals=deals,
                extractor_version=self.version,
            )


def _power_in(sent: Span) -> float | None:
    """The first QUANTITY/CARDINAL entity carrying (or followed by) an MW/GW unit."""
    for ent in sent.ents:
        if ent.label_ not in ("QUANTITY", "CARDINAL"):
            continue
        text = ent.text
        if not _UNIT.search(text) and ent.end < len(ent.doc) and _UNIT.match(ent.doc[ent.end].text):
            text = f"{text} {ent.doc[ent.end].text}"
        value = parse_power(text)
        if value is not None:
            return value
    return None


def _sentence_deal(sent: Span, doc_id: str) -> DealMention | None:
    ents = list(sent.ents)
    money = [e.text for e in ents if e.label_ == "MONEY"]
    amount = next((v for v in map(parse_money, money) if v is not None), None)
    power = _power_in(sent)
    if not money and power is None:
        return None
    orgs: list[str] = []
    for e in ents:
        if e.label_ == "ORG" and e.text not in orgs:
            orgs.append(e.text)
    buyer = orgs[0] if orgs else None
    seller = orgs[1] if len(orgs) > 1 else None
    return DealMention(
        buyer=buyer,
        seller=seller,
        parties=orgs[:2],
        amount_usd=amount,
        power_mw=power,
        evidence=str(sent),
        doc_id=doc_id,
    )
