"""Power figures: '750 MW', '1.2GW', 'one gigawatt', '6-gigawatt', '1-2 GW', IT versus facility load. Pure."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from core.records import Qualifier
from extractors.nlp.numbers import negative, parse_quantity, qualifier_before, scan
from extractors.nlp.vocab import units

Basis = Literal["facility", "it"]


@dataclass(frozen=True)
class Power:
    mw: float | None
    mw_high: float | None = None
    qualifier: Qualifier | None = None
    basis: Basis | None = None
    vague: bool = False


def unit_factor(surface: str) -> float | None:
    """MW per unit of the last power unit named in `surface`."""
    factor = None
    for word in re.findall(r"[a-z]+", surface.lower()):
        if word in units().power_units:
            factor = units().power_units[word]
    return factor


def power_basis(before: str, after: str) -> Basis | None:
    """'it' when the words around say IT/critical load, 'facility' when they say facility power, else None."""
    window_after = after[:40]
    window_before = before[-30:]
    it_re = r"\bIT\b|\bcritical\s+(?:IT|load|power)\b"
    if re.search(it_re, window_after) or re.search(
        r"(?:\bIT\b|\bcritical\b)(?:\s+(?:IT|load|capacity|power))*(?:\s+of)?[\s-]*$", window_before
    ):
        return "it"
    low = (window_before + " " + window_after).lower()
    if any(p in low for p in units().facility_power):
        return "facility"
    return None


def parse_power(surface: str, before: str = "", after: str = "") -> Power | None:
    """Normalise one power surface to MW; None when it names no power unit, is negative ('-5 MW', 'minus 1 GW')
    or its number is too large for a float."""
    factor = unit_factor(surface)
    qualifier = qualifier_before(before)
    if factor is None or negative(surface):
        return None
    qty = parse_quantity(surface)
    if qty is None and scan(surface):
        return None
    if qty is None:
        return Power(mw=None, qualifier=qualifier, vague=True)
    high = qty.high * factor if qty.high is not None else None
    if not math.isfinite(qty.low * factor) or (high is not None and not math.isfinite(high)):
        return None
    return Power(
        mw=round(qty.low * factor, 3),
        mw_high=round(high, 3) if high is not None else None,
        qualifier=qualifier,
        basis=power_basis(before, after),
    )
