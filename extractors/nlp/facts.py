"""Turns the pipeline's spans into typed Facts: value, unit, qualifier, sentence and character offsets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span

from core.ids import make_id
from core.records import Fact, FactKind
from extractors.nlp.chips import canonical_type, parse_chips
from extractors.nlp.money import parse_money
from extractors.nlp.orgs import AliasRegistry, Org
from extractors.nlp.power import parse_power
from extractors.nlp.vocab import units


@dataclass
class Figure:
    """A typed fact plus where it sits in the spaCy doc (token offsets) and the extra bits frames need."""

    fact: Fact
    start: int
    end: int
    vague: bool = False
    term_years: float | None = None
    per_year: bool = False
    foreign: bool = False

    @property
    def kind(self) -> str:
        return self.fact.kind


@dataclass
class OrgRef:
    org: Org
    start: int
    end: int
    fact: Fact


def _base(doc: Doc, doc_id: str, kind: FactKind, span: Span, version: str) -> dict[str, Any]:
    """Offsets, surface and sentence, cut from the original text (doc.user_data['original'] when the
    pipeline saw a whitespace-normalised copy of the same length)."""
    sent = span.sent
    text = doc.user_data.get("original", doc.text)
    return {
        "fact_id": make_id(doc_id, kind, span.start_char, span.end_char),
        "doc_id": doc_id,
        "kind": kind,
        "surface": text[span.start_char : span.end_char],
        "start": span.start_char,
        "end": span.end_char,
        "sentence": text[sent.start_char : sent.end_char].strip(),
        "sent_start": sent.start_char,
        "sent_end": sent.end_char,
        "extractor_version": version,
    }


def _around(span: Span) -> tuple[str, str]:
    sent = span.sent
    text = span.doc.text
    return text[sent.start_char : span.start_char], text[span.end_char : sent.end_char]


def _measure(
    doc: Doc,
    doc_id: str,
    kind: FactKind,
    span: Span,
    version: str,
    value: tuple[Any, ...],
    extra: dict[str, Any],
) -> Fact:
    """A measured fact: (value, value_high, unit, qualifier) plus the kind's own fields."""
    low, high, unit, qualifier = value
    return Fact(
        **_base(doc, doc_id, kind, span, version),
        value=low,
        value_high=high,
        unit=unit,
        qualifier=qualifier,
        **extra,
    )


def money_figure(doc: Doc, doc_id: str, span: Span, published: date | None, version: str) -> Figure | None:
    before, after = _around(span)
    m = parse_money(span.text, before, after, on=published)
    if m is None:
        return None
    basis = "per_year" if m.per_year else "total"
    extra = {"currency": m.currency, "original_value": m.original, "basis": basis}
    fact = _measure(doc, doc_id, "money", span, version, (m.usd, m.usd_high, "USD", m.qualifier), extra)
    return Figure(fact, span.start, span.end, vague=m.vague, term_years=m.term_years, per_year=m.per_year)


def power_figure(doc: Doc, doc_id: str, span: Span, version: str) -> Figure | None:
    before, after = _around(span)
    p = parse_power(span.text, before, after)
    if p is None:
        return None
    fact = _measure(
        doc, doc_id, "power", span, version, (p.mw, p.mw_high, "MW", p.qualifier), {"basis": p.basis}
    )
    return Figure(fact, span.start, span.end, vague=p.vague)


def chip_figure(doc: Doc, doc_id: str, span: Span, version: str) -> Figure:
    words = units().chip_count_words | set(units().scales)
    n = 0
    while n < len(span) and (span[n].like_num or span[n].lower_ in words):
        n += 1
    count_text = span[:n].text if n else ""
    chip_type = None
    if span.label_ == "CHIP_TYPE":
        type_tokens = [t.text for t in span[n:] if t.lower_ not in units().chip_count_skip]
        chip_type = canonical_type(" ".join(type_tokens[:2]), span.kb_id_ or None)
    before, _ = _around(span)
    c = parse_chips(count_text, chip_type, before)
    fact = Fact(
        **_base(doc, doc_id, "chips", span, version),
        value=float(c.count) if c.count is not None else None,
        unit="chips",
        qualifier=c.qualifier,
        chip_type=c.type,
    )
    return Figure(fact, span.start, span.end, vague=c.count is None)


def org_ref(doc: Doc, doc_id: str, span: Span, registry: AliasRegistry, version: str) -> OrgRef | None:
    org = registry.by_name(span.kb_id_) if span.label_ == "ORG" else registry.unknown(span.kb_id_)
    if org is None:
        return None
    fact = Fact(**_base(doc, doc_id, "org", span, version), org=org.name, org_id=org.org_id)
    return OrgRef(org, span.start, span.end, fact)


def collect(
    doc: Doc, doc_id: str, published: date | None, registry: AliasRegistry, version: str
) -> tuple[list[Figure], list[OrgRef]]:
    """Every figure and organisation of a processed doc, in text order."""
    figures: list[Figure] = []
    for span in doc.spans.get("money", []):
        if (f := money_figure(doc, doc_id, span, published, version)) is not None:
            figures.append(f)
    for span in doc.spans.get("power", []):
        if (f := power_figure(doc, doc_id, span, version)) is not None:
            figures.append(f)
    figures += [chip_figure(doc, doc_id, span, version) for span in doc.spans.get("chips", [])]
    orgs = [r for s in doc.spans.get("orgs", []) if (r := org_ref(doc, doc_id, s, registry, version))]
    figures.sort(key=lambda f: f.start)
    return figures, orgs
