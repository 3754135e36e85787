"""The capacity model: a stated figure (MW, chips, USD) -> facility MW, IT MW, accelerators, H100e, tokens/s.

Each output is a low / mid / high Range and every estimate carries its path (`basis`), one step per line.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from analytics.capacity.assumptions import Assumptions, assumptions, suppliers
from analytics.capacity.catalogue import Catalogue, catalogue
from analytics.capacity.fleet import Fleet, Part, choose_fleet
from analytics.capacity.paths import PartEstimate, estimate_part
from analytics.capacity.ranges import Range, fmt, total
from core.records import Qualifier

InputKind = Literal["facility_mw", "it_mw", "chips", "usd_capex", "usd_contract", "none"]


class CapacityQuery(BaseModel):
    """One figure to convert, and what is known about the hardware behind it."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["facility_mw", "it_mw", "chips", "usd_capex", "usd_contract"]
    value: float = Field(gt=0)
    basis_stated: bool = Field(default=True, description="False when a MW basis was assumed, not stated.")
    term_years: float | None = Field(default=None, gt=0)
    hardware: str | None = None
    strict_hardware: bool = False
    suppliers: list[str] = Field(default_factory=list)
    when: date | None = None
    qualifier: Qualifier | None = None
    model_params: float = Field(default=70e9, gt=0)
    count_is_units: bool = Field(
        default=True, description="chips counts units of a named system (racks); False: always accelerators."
    )


class CapacityEstimate(BaseModel):
    """What a figure buys, as ranges, with the path that produced them."""

    model_config = ConfigDict(extra="forbid")

    deal_id: str | None = None
    hardware: str | None = None
    input_kind: InputKind = "none"
    facility_mw: Range | None = None
    it_mw: Range | None = None
    accelerators: Range | None = None
    accelerators_by_type: dict[str, Range] = Field(default_factory=dict)
    h100e: Range | None = None
    tokens_per_s: Range | None = None
    throughput_method: str | None = None
    model_params: float = 70e9
    up_to: bool = False
    tranche_of: str | None = None
    basis: list[str] = Field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """The `infradeals capacity --json` object."""

        def r(x: Range | None, digits: int) -> dict[str, float] | None:
            return x.as_dict(digits) if x is not None else None

        return {
            "facility_mw": r(self.facility_mw, 1),
            "it_mw": r(self.it_mw, 1),
            "accelerators": r(self.accelerators, 0),
            "hardware": self.hardware,
            "h100e": r(self.h100e, 0),
            "tokens_per_s": r(self.tokens_per_s, 0),
            "throughput_method": self.throughput_method,
            "accelerators_by_type": {k: v.as_dict(0) for k, v in self.accelerators_by_type.items()},
            "up_to": self.up_to,
            "basis": self.basis,
        }


def _input_step(q: CapacityQuery, fleet: Fleet) -> str:
    what = {
        "facility_mw": f"{fmt(q.value)} MW facility power",
        "it_mw": f"{fmt(q.value)} MW IT power",
        "chips": f"{fmt(q.value)} x {fleet.unit}"
        if fleet.unit and q.count_is_units
        else f"{fmt(q.value)} accelerators",
        "usd_capex": f"${fmt(q.value / 1e9)}B read as capital spending",
        "usd_contract": f"${fmt(q.value / 1e9)}B read as a compute contract",
    }[q.kind]
    if q.kind in ("facility_mw", "it_mw") and not q.basis_stated:
        what += (
            " (basis not stated: read as facility power, the usual headline basis [EP-PARAMS COMPUTETAPE])"
        )
    if q.qualifier == "up_to":
        what += "; 'up to': a ceiling, used as stated, not inflated"
    elif q.qualifier in ("over", "at_least", "about"):
        what += f"; qualifier '{q.qualifier}': used as stated"
    return f"input: {what}"


def _method(parts: list[tuple[Part, PartEstimate]]) -> str | None:
    methods = sorted({e.method for _, e in parts if e.method})
    return methods[0] if len(methods) == 1 else ("mixed: " + ", ".join(methods) if methods else None)


def estimate(
    q: CapacityQuery, cat: Catalogue | None = None, a: Assumptions | None = None
) -> CapacityEstimate:
    """Convert one figure. Raises UnknownHardwareError for an unknown --hardware when `strict_hardware`."""
    cat, a = cat or catalogue(), a or assumptions()
    fleet = choose_fleet(
        cat, suppliers(), hardware=q.hardware, strict=q.strict_hardware, suppliers=q.suppliers, when=q.when
    )
    per_unit = fleet.per_unit if q.count_is_units else 1
    if fleet.per_unit > 1 and not q.count_is_units:
        fleet.steps.append(
            "the count is read as accelerators, not systems (a deal's chips_count counts chips)"
        )
    basis = [_input_step(q, fleet), *fleet.steps]
    parts = [
        (p, estimate_part(q.kind, q.value * p.share, p.hardware, per_unit, q, cat, a)) for p in fleet.parts
    ]
    mixed = len(parts) > 1
    for part, est in parts:
        prefix = f"{part.hardware.name} ({part.share:.0%}): " if mixed else ""
        basis.extend(prefix + step for step in est.steps)

    def summed(name: str) -> Range | None:
        values = [getattr(e, name) for _, e in parts]
        return None if any(v is None for v in values) else total(values)

    return CapacityEstimate(
        hardware=fleet.label,
        input_kind=q.kind,
        facility_mw=summed("facility_mw"),
        it_mw=summed("it_mw"),
        accelerators=summed("accelerators"),
        accelerators_by_type={
            p.hardware.name: e.accelerators for p, e in parts if e.accelerators is not None
        },
        h100e=summed("h100e"),
        tokens_per_s=summed("tokens_per_s"),
        throughput_method=_method(parts),
        model_params=q.model_params,
        up_to=q.qualifier == "up_to",
        basis=basis,
    )
