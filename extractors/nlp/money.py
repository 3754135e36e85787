"""Money figures: '$10 billion', '$1.4tn', 'US$500m', '10 billion dollars', '€5 billion', '$10-12 billion',
'multi-billion', '$3 billion a year for five years'. Pure: text in, a typed value out."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from core.records import Qualifier
from extractors.nlp.fx import FxTable, default_fx
from extractors.nlp.numbers import negative, parse_quantity, qualifier_before, scan
from extractors.nlp.vocab import units

_NUM_START = re.compile(
    r"\d|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|half)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Money:
    usd: float | None
    usd_high: float | None = None
    currency: str | None = "USD"
    original: float | None = None
    original_high: float | None = None
    qualifier: Qualifier | None = None
    per_year: bool = False
    term_years: float | None = None
    vague: bool = False

    @property
    def total_usd(self) -> float | None:
        """The whole-term amount: a yearly figure times its term when both are stated."""
        if self.usd is None:
            return None
        if self.per_year and self.term_years:
            return self.usd * self.term_years
        return self.usd


def currency_of(surface: str, before: str = "") -> str | None:
    """The currency a money surface is written in; None when it names none."""
    u = units()
    low = surface.lower()
    m = _NUM_START.search(surface)
    prefix = surface[: m.start()].strip() if m else surface.strip()
    prefix = re.sub(r"(?i)^between\s+", "", prefix)
    for sym in sorted(u.currency_symbols, key=len, reverse=True):
        if prefix.endswith(sym) or (prefix.upper().endswith(sym.upper()) and sym.isalpha()):
            return _country_dollar(u.currency_symbols[sym], low, before)
    for word, code in u.currency_words.items():
        if re.search(rf"\b{re.escape(word)}\b", low):
            return _country_dollar(code, low, before)
    return None


def _country_dollar(code: str, low: str, before: str) -> str:
    if code != "USD":
        return code
    context = (before[-20:] + " " + low).lower()
    for country, cur in units().dollar_countries.items():
        if re.search(rf"\b{country}\s+(?:\$|dollars?)", context):
            return cur
    return code


def per_year_after(after: str, before: str = "") -> bool:
    head = re.sub(r"^[\s,]+", "", after.lower())
    if any(head.startswith(p) for p in units().per_year):
        return True
    return bool(re.search(r"\b(?:annual|yearly|an annual)\s*$", before.lower()))


def term_years(text: str) -> float | None:
    """'over five years', 'for 10 years', 'a five-year deal', 'a decade', 'multi-year' (None)."""
    u = units()
    low = text.lower()
    years = "|".join(u.term_words)
    m = re.search(
        rf"\b(?:over|for|across|spanning|during|through|of)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+)?"
        rf"([\w.,]+(?:\s+and\s+a\s+half)?)\s*(?:-\s*)?(?:{years})\b",
        low,
    ) or re.search(
        r"\b(?!(?:a|an|per|each|every|the|this|last|next|that|one)\b)([\w.]+)(?:-|\s)year\b(?!s)", low
    )
    if m:
        pairs = scan(m.group(1))
        if pairs and 0 < pairs[0][0] <= 40:
            return pairs[0][0] * pairs[0][1]
    if re.search(rf"\b(?:a|one|over a|the next)\s+(?:{'|'.join(u.decade_words)})\b", low):
        return 10.0
    return None


def parse_money(
    surface: str,
    before: str = "",
    after: str = "",
    on: date | None = None,
    fx: FxTable | None = None,
    default_currency: str = "USD",
) -> Money | None:
    """Normalise one money surface. `before`/`after` are the sentence text around it (qualifier, per-year, term).

    None for an unknown currency and a number too large for a float. A sign is kept: '$-5 billion' and 'minus $5
    billion' are -5e9 (never a deal's value: the warehouse's plausibility bounds quarantine it, with its reason)."""
    sign = -1.0 if negative(surface, before) else 1.0
    qualifier = qualifier_before(before)
    per_year = per_year_after(after, before)
    term = term_years(after[:80]) or term_years(before[-100:])
    qty = parse_quantity(surface)
    if qty is None and scan(surface):  # a number, but too large for a float
        return None
    if qty is None or (not any(ch.isdigit() for ch in surface) and not _has_scale(surface)):
        return Money(
            usd=None,
            currency=currency_of(surface, before),
            qualifier=qualifier,
            vague=True,
            per_year=per_year,
            term_years=term,
        )
    currency = currency_of(surface, before) or default_currency
    rate = (fx or default_fx()).rate(currency, on)
    if rate is None:
        return None
    usd = sign * qty.low * rate
    usd_high = (
        qty.high * rate if qty.high is not None and sign > 0 else None
    )  # a negative range: its sign only
    if not math.isfinite(usd) or (usd_high is not None and not math.isfinite(usd_high)):
        return None
    return Money(
        usd=round(usd, 2),
        usd_high=round(usd_high, 2) if usd_high is not None else None,
        currency=currency,
        original=sign * qty.low,
        original_high=qty.high if sign > 0 else None,
        qualifier=qualifier,
        per_year=per_year,
        term_years=term,
    )


def _has_scale(surface: str) -> bool:
    words = re.findall(r"[a-z]+", surface.lower())
    return any(w in units().scales for w in words) and bool(_NUM_START.search(surface))
