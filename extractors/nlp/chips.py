"""Chip counts and types: '100,000 H100s', 'a million TPUs', '400,000 GB200 GPUs', 'Instinct MI450',
'CS-3 systems', 'Trainium2'. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.records import Qualifier
from extractors.nlp.lexicon import lexicon
from extractors.nlp.numbers import negative, parse_quantity, qualifier_before

_TYPE_PREFIXES = lexicon().chips.type_prefixes

_VAGUE_COUNT = re.compile(
    r"\b(?:tens|hundreds|thousands|millions)\s+of\b|\b(?:several|many|a\s+few|some)\s+(?:hundred|thousand|million)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ChipFigure:
    count: int | None
    type: str | None
    qualifier: Qualifier | None = None


def canonical_type(surface: str, pattern_id: str | None = None) -> str | None:
    """'H100s' -> 'H100'; 'Instinct MI450' -> 'MI450'; 'Trainium 2' -> 'Trainium2'; ids other than '=' win."""
    if pattern_id and pattern_id != "=":
        return pattern_id
    words = [w for w in surface.split() if w not in _TYPE_PREFIXES]
    if not words:
        return None
    if len(words) >= 2 and words[0] == "MI":
        words = ["MI" + words[1], *words[2:]]
    first = words[0]
    if re.fullmatch(r"[A-Za-z-]+\d*[A-Z]?s", first) and not first.endswith("ss"):
        first = first[:-1]
    if len(words) >= 2 and words[1].isdigit() and len(words[1]) == 1:
        return first + words[1]
    return first


def parse_count(text: str) -> int | None:
    """The chip count written before a type or noun ('100,000', 'a million', '1.5 million'); None when vague,
    negative ('-5') or too large for a float."""
    if not text.strip() or _VAGUE_COUNT.search(text) or negative(text):
        return None
    qty = parse_quantity(text)
    if qty is None or qty.low < 1:
        return None
    return round(qty.low)


def parse_chips(count_text: str, chip_type: str | None, before: str = "") -> ChipFigure:
    """A chip figure from the count words in front of it and its canonical type (None for generic nouns)."""
    return ChipFigure(count=parse_count(count_text), type=chip_type, qualifier=qualifier_before(before))
