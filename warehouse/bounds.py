"""Plausibility bounds (warehouse/bounds.yml) and the pure screening of mentions and facts against them.

`screen_mention` returns the mention the consolidation may see (out-of-bounds figures removed; None when its
date is out of bounds) and one Violation per figure it removed. warehouse.quarantine writes the violations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from core.errors import WarehouseError
from core.records import DealMention

BOUNDS_FILE = Path(__file__).resolve().parent / "bounds.yml"

Field = Literal["amount_usd", "power_mw", "chips", "date"]
FIGURE_FIELDS: tuple[Field, ...] = ("amount_usd", "power_mw", "chips")
FACT_FIELDS: dict[str, Field] = {"money": "amount_usd", "power": "power_mw", "chips": "chips"}


class FigureBound(BaseModel):
    """A figure must be finite, strictly above `above` and at most `at_most`."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    above: float
    at_most: float


class DateBound(BaseModel):
    """A date must not be before `not_before` nor after the run date."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    not_before: date


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    amount_usd: FigureBound
    power_mw: FigureBound
    chips: FigureBound
    dates: DateBound

    def figure(self, field: Field) -> FigureBound:
        if field == "amount_usd":
            return self.amount_usd
        if field == "power_mw":
            return self.power_mw
        if field == "chips":
            return self.chips
        raise WarehouseError(f"{field} is not a figure")


@cache
def load_bounds(path: Path = BOUNDS_FILE) -> Bounds:
    """The bounds in `path` (default warehouse/bounds.yml); WarehouseError when the file is unreadable or invalid."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Bounds.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise WarehouseError(f"plausibility bounds {path}: {first}") from exc


@dataclass(frozen=True)
class Violation:
    """One figure or date out of bounds."""

    field: Field
    raw: float | date
    reason: str

    @property
    def raw_text(self) -> str:
        return self.raw.isoformat() if isinstance(self.raw, date) else number(self.raw)


def number(value: float) -> str:
    """A figure as a reason states it: integers without a fraction or exponent (999999000, -5000000000)."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return repr(float(value))


def figure_reason(field: Field, value: float, bounds: Bounds) -> str | None:
    """Why `value` is out of the bound of `field`, or None when it is within it."""
    bound = bounds.figure(field)
    if not math.isfinite(value):
        return f"{field} {number(value)} is not finite"
    if value <= bound.above:
        return f"{field} {number(value)} not above the bound {number(bound.above)}"
    if value > bound.at_most:
        return f"{field} {number(value)} above the bound {number(bound.at_most)}"
    return None


def date_reason(value: date, bounds: Bounds, run_date: date) -> str | None:
    """Why `value` is out of the date bounds (before not_before, after the run date), or None."""
    if value < bounds.dates.not_before:
        return f"date {value.isoformat()} before the bound {bounds.dates.not_before.isoformat()}"
    if value > run_date:
        return f"date {value.isoformat()} after the run date {run_date.isoformat()}"
    return None


def _figures(m: DealMention) -> dict[Field, float | None]:
    chips = m.chips.count if m.chips is not None else None
    return {
        "amount_usd": m.amount_usd,
        "power_mw": m.power_mw,
        "chips": None if chips is None else float(chips),
    }


def _without(m: DealMention, fields: set[Field]) -> DealMention:
    update: dict[str, object] = {}
    if "amount_usd" in fields:
        update.update(amount_usd=None, amount_qualifier=None, amount_per_year=False)
    if "power_mw" in fields:
        update.update(power_mw=None, power_qualifier=None, power_basis=None)
    if "chips" in fields and m.chips is not None:
        update["chips"] = m.chips.model_copy(update={"count": None}) if m.chips.type is not None else None
    return m.model_copy(update=update)


def screen_mention(
    m: DealMention, bounds: Bounds, run_date: date
) -> tuple[DealMention | None, list[Violation]]:
    """(the mention with its out-of-bounds figures removed, or None when its date is out; the violations)."""
    found: list[Violation] = []
    for field, value in _figures(m).items():
        if value is not None and (reason := figure_reason(field, value, bounds)) is not None:
            found.append(Violation(field, value, reason))
    if m.published is not None and (reason := date_reason(m.published, bounds, run_date)) is not None:
        found.append(Violation("date", m.published, reason))
        return None, found
    return (_without(m, {v.field for v in found}) if found else m), found


def screen_fact(kind: str, values: list[float | None], bounds: Bounds) -> list[Violation]:
    """Violations of a money, power or chips fact's value and upper value (other kinds have none)."""
    field = FACT_FIELDS.get(kind)
    if field is None:
        return []
    found = []
    for value in values:
        if value is not None and (reason := figure_reason(field, value, bounds)) is not None:
            found.append(Violation(field, value, reason))
    return found
