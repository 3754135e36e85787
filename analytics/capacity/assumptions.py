"""Typed capacity-model constants and supplier defaults: capacity_assumptions.yml, capacity_suppliers.yml."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from analytics.capacity.catalogue import DATA_DIR, Status
from analytics.capacity.ranges import Range

ASSUMPTIONS_YML = DATA_DIR / "capacity_assumptions.yml"
SUPPLIERS_YML = DATA_DIR / "capacity_suppliers.yml"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Constant(_Frozen):
    """A sourced constant: any of low / mid / high (or a text value), its sources, status and note."""

    low: float | None = None
    mid: float | None = None
    high: float | None = None
    value: str | None = None
    sources: list[str]
    status: Status
    note: str

    def range(self) -> Range:
        """low / mid / high; a constant with only `mid` is a point. A missing mid is never invented."""
        if self.mid is None:
            raise ValueError("constant has no mid value")
        low = self.low if self.low is not None else self.mid
        high = self.high if self.high is not None else self.mid
        return Range(low=low, mid=self.mid, high=high)

    def number(self, end: Literal["low", "mid", "high"]) -> float:
        value = getattr(self, end)
        if value is None:
            raise ValueError(f"constant has no {end} value")
        return float(value)

    def cite(self) -> str:
        mark = " (unconfirmed)" if self.status in ("unconfirmed", "assumption") else ""
        return f"[{' '.join(self.sources)}]{mark}"


class Roofline(_Frozen):
    sources: list[str]
    status: Status
    note: str
    bytes_per_param: dict[str, float]
    kv_bytes_per_token_per_param: float
    kv_note: str
    context_tokens: int
    usable_memory_fraction: float
    max_weight_fraction: float


class PerUser(_Frozen):
    sources: list[str]
    status: Status
    note: str
    streams_per_replica: dict[Literal["low", "mid", "high"], float]
    weight_bytes_per_param: float
    size_exponent: float

    def streams(self) -> Range:
        s = self.streams_per_replica
        return Range(low=s["low"], mid=s["mid"], high=s["high"])


class Assumptions(_Frozen):
    pue: Constant
    tdp_to_it: Constant
    h100e_per_facility_mw: Constant
    capex_per_facility_gw_usd: Constant
    capex_per_it_gw_usd: Constant
    usd_per_h100e_hour: Constant
    default_term_years: Constant
    hours_per_year: Constant
    default_power_basis: Constant
    reference_model_params: Constant
    roofline: Roofline
    per_user: PerUser


class Era(_Frozen):
    before: date | None
    hardware: str
    note: str


class Supplier(_Frozen):
    name: str
    aliases: list[str] = Field(default_factory=list)
    hardware: str | None = None
    era: str | None = None
    cloud: bool = False

    @model_validator(mode="after")
    def _one_default(self) -> Supplier:
        if (self.hardware is None) == (self.era is None):
            raise ValueError(f"supplier {self.name}: give exactly one of hardware, era")
        return self


class MixedFleet(_Frozen):
    label: str
    status: Status
    sources: list[str]
    note: str
    mix: dict[str, float]

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> MixedFleet:
        if abs(sum(self.mix.values()) - 1.0) > 1e-9:
            raise ValueError("mixed_fleet shares must sum to 1")
        return self


class Suppliers(_Frozen):
    eras: dict[str, list[Era] | str]
    suppliers: list[Supplier]
    chip_words: dict[str, str]
    mixed_fleet: MixedFleet

    def era(self, name: str) -> list[Era]:
        value = self.eras[name]
        if isinstance(value, str):
            raise ValueError(f"eras.{name} is not a list")
        return value

    def undated(self, name: str) -> str:
        value = self.eras[f"{name}_undated"]
        if not isinstance(value, str):
            raise ValueError(f"eras.{name}_undated is not a name")
        return value


def _yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def assumptions(path: Path = ASSUMPTIONS_YML) -> Assumptions:
    return Assumptions.model_validate(_yaml(path))


@cache
def suppliers(path: Path = SUPPLIERS_YML) -> Suppliers:
    return Suppliers.model_validate(_yaml(path))
