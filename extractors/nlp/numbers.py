"""Numbers as the press writes them: digits, number words, scale words, ranges, qualifiers."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from core.records import Qualifier
from extractors.nlp.vocab import units

_TOKEN_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+|[a-z]+(?:\.(?=\s|$))?|[-–—~]", re.IGNORECASE)
_RANGE_JOINERS = {"-", "–", "—", "to", "and", "or"}
_MINUS = re.compile(r"[-−]|\bminus\b|\bnegative\b", re.IGNORECASE)
_MINUS_BEFORE = re.compile(r"(?:−|\bminus|\bnegative)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number or a range, already multiplied by its scale words."""

    low: float
    high: float | None = None


def _number(tok: str) -> float | None:
    if tok[0].isdigit() or tok[0] == ".":
        return float(tok.replace(",", ""))
    return units().number_words.get(tok.lower())


def scan(text: str) -> list[tuple[float, float]]:
    """(value, scale) pairs in order: '10-12 billion' -> [(10, 1), (12, 1e9)]; 'a million' -> [(1, 1e6)]."""
    u = units()
    out: list[list[float]] = []
    prev_num = False
    for tok in _TOKEN_RE.findall(text):
        low = tok.lower().rstrip(".")
        value = _number(tok)
        if value is not None:
            if prev_num and low in ("a", "an"):
                continue  # "half a billion"
            if prev_num and low == "hundred":
                out[-1][0] *= 100
            else:
                out.append([value, 1.0])
            prev_num = True
            continue
        if low in u.scales and out and out[-1][1] == 1.0 and prev_num:
            out[-1][1] = u.scales[low]
            continue
        prev_num = False
    return [(v, s) for v, s in out]


def parse_quantity(text: str) -> Quantity | None:
    """The number or range in `text`; a shared trailing scale applies to both ends ('$10-12 billion')."""
    pairs = scan(text)
    if not pairs or not all(math.isfinite(v * s) for v, s in pairs):
        return None  # no number, or one too large for a float ('1' followed by 400 digits, '1e300 trillion')
    if len(pairs) == 1 or not _is_range(text):
        v, s = pairs[0]
        return Quantity(low=v * s)
    (v1, s1), (v2, s2) = pairs[0], pairs[1]
    if s1 == 1.0 and s2 != 1.0:
        s1 = s2
    low, high = v1 * s1, v2 * s2
    if high < low:
        low, high = high, low
    return Quantity(low=low, high=high if high != low else None)


def negative(text: str, before: str = "") -> bool:
    """A minus sign on the figure: '-$5bn', '$-5 billion', 'minus five billion', or `before` ending in 'minus' /
    'negative' / '−'. A hyphen after the first number is a range ('$10-12 billion'), not a sign."""
    if _MINUS_BEFORE.search(before):
        return True
    first = next((m for m in _TOKEN_RE.finditer(text) if _number(m.group()) is not None), None)
    return first is not None and bool(_MINUS.search(text[: first.start()]))


def _is_range(text: str) -> bool:
    toks = {t.lower() for t in _TOKEN_RE.findall(text)}
    return bool(toks & _RANGE_JOINERS)


def qualifier_before(before: str) -> Qualifier | None:
    """The qualifier that ends the text just before a figure ('more than', 'up to', 'about'...)."""
    tail = " " + re.sub(r"\s+", " ", before.lower()).strip()
    best: tuple[int, Qualifier] | None = None
    for name, phrases in units().qualifiers.items():
        for phrase in phrases:
            ends = tail.endswith(" " + phrase) or (phrase == "~" and tail.endswith("~"))
            if ends and (best is None or len(phrase) > best[0]):
                best = (len(phrase), _as_qualifier(name))
    return best[1] if best else None


def _as_qualifier(name: str) -> Qualifier:
    mapping: dict[str, Qualifier] = {
        "over": "over",
        "at_least": "at_least",
        "up_to": "up_to",
        "about": "about",
    }
    return mapping[name]
