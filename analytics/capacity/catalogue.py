"""The hardware catalogue: analytics/data/hardware.csv (one row per accelerator or system) and its sources.

Every figure has a `<figure>_src` (keys of capacity_sources.csv, space-separated) and a `<figure>_status`
(primary | secondary | derived | unconfirmed | assumption), carried over from the research notes.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from analytics.capacity.ranges import Range
from core.errors import UnknownHardwareError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
HARDWARE_CSV = DATA_DIR / "hardware.csv"
SOURCES_CSV = DATA_DIR / "capacity_sources.csv"

Status = Literal["", "primary", "secondary", "derived", "unconfirmed", "assumption"]
Precision = Literal["fp4", "fp8", "bf16"]
FIGURES: tuple[str, ...] = (
    "bf16", "fp8", "fp4", "memory", "mem_bw", "tdp",
    "it_w", "facility_w", "h100e", "tokens", "user_tokens", "usd_hr",
)  # fmt: skip
SHAKY: frozenset[str] = frozenset({"unconfirmed", "assumption"})


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    url: str
    publisher: str
    secondary: bool


class Hardware(BaseModel):
    """One catalogue row. Figures per accelerator (per unit for kind='system'); None when not published."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    vendor: str
    family: str
    kind: Literal["accelerator", "system"]
    contains: str = ""
    accelerators_per_unit: int = 1
    status: str = ""
    aliases: str = ""
    memory_type: str = ""
    bf16_tflops: float | None = None
    bf16_src: str = ""
    bf16_status: Status = ""
    fp8_tflops: float | None = None
    fp8_src: str = ""
    fp8_status: Status = ""
    fp4_tflops: float | None = None
    fp4_src: str = ""
    fp4_status: Status = ""
    memory_gb: float | None = None
    memory_src: str = ""
    memory_status: Status = ""
    mem_bw_tbs: float | None = None
    mem_bw_src: str = ""
    mem_bw_status: Status = ""
    tdp_w: float | None = None
    tdp_src: str = ""
    tdp_status: Status = ""
    it_w_low: float | None = None
    it_w_mid: float | None = None
    it_w_high: float | None = None
    it_w_src: str = ""
    it_w_status: Status = ""
    facility_w_low: float | None = None
    facility_w_mid: float | None = None
    facility_w_high: float | None = None
    facility_w_src: str = ""
    facility_w_status: Status = ""
    h100e: float | None = None
    h100e_src: str = ""
    h100e_status: Status = ""
    tokens_s_low: float | None = None
    tokens_s_mid: float | None = None
    tokens_s_high: float | None = None
    tokens_precision: Precision | None = None
    tokens_src: str = ""
    tokens_status: Status = ""
    user_tokens_s_low: float | None = None
    user_tokens_s_mid: float | None = None
    user_tokens_s_high: float | None = None
    user_tokens_src: str = ""
    user_tokens_status: Status = ""
    usd_hr_low: float | None = None
    usd_hr_mid: float | None = None
    usd_hr_high: float | None = None
    usd_hr_src: str = ""
    usd_hr_status: Status = ""
    notes: str = ""

    def triple(self, prefix: str) -> Range | None:
        """The low / mid / high of a figure (it_w, facility_w, tokens_s, user_tokens_s, usd_hr), or None."""
        low, mid, high = (getattr(self, f"{prefix}_{end}") for end in ("low", "mid", "high"))
        if low is None or mid is None or high is None:
            return None
        return Range(low=float(low), mid=float(mid), high=float(high))

    def tflops(self, precision: Precision) -> float | None:
        value: float | None = getattr(self, f"{precision}_tflops")
        return value

    def best_precision(self) -> Precision | None:
        """The lowest precision with a dense peak figure (what MLPerf submitters serve at), fp4 first."""
        for precision in ("fp4", "fp8", "bf16"):
            if self.tflops(precision) is not None:
                return precision
        return None

    def shaky(self, figure: str) -> bool:
        """True when the research marks this figure unconfirmed (or as an assumption)."""
        return getattr(self, f"{figure}_status", "") in SHAKY

    def names(self) -> list[str]:
        return [self.name, *(a for a in self.aliases.split("|") if a)]


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, single-spaced: 'TPU7x (Ironwood)' -> 'tpu7x ironwood'."""
    return " ".join(re.sub(r"[^a-z0-9.]+", " ", text.lower()).split())


class Catalogue:
    """The hardware rows by name, with alias lookup and source resolution."""

    def __init__(self, rows: list[Hardware], sources: dict[str, Source]) -> None:
        self.rows = {r.name: r for r in rows}
        self.sources = sources
        self._index: dict[str, str] = {}
        for row in rows:
            for alias in row.names():
                self._index.setdefault(normalise(alias), row.name)

    def known(self) -> list[str]:
        return list(self.rows)

    def get(self, name: str) -> Hardware:
        return self.rows[name]

    def lookup(self, name: str) -> Hardware:
        """Exact name or alias (case and punctuation ignored); UnknownHardwareError lists the known names."""
        found = self._index.get(normalise(name))
        if found is None:
            raise UnknownHardwareError(f"unknown hardware {name!r}; known: {', '.join(self.known())}")
        return self.rows[found]

    def find(self, text: str) -> Hardware | None:
        """The hardware a chip description names ('Nvidia GB200 NVL72 racks'), longest alias first."""
        words = f" {normalise(text)} "
        singular = f" {' '.join(w[:-1] if w.endswith('s') and len(w) > 3 else w for w in words.split())} "
        for alias in sorted(self._index, key=len, reverse=True):
            if f" {alias} " in words or f" {alias} " in singular:
                return self.rows[self._index[alias]]
        return None

    def accelerator_of(self, hw: Hardware) -> Hardware:
        """The accelerator a system row holds (the row itself for an accelerator)."""
        return self.rows[hw.contains] if hw.kind == "system" else hw

    def cite(self, keys: str) -> str:
        """'[EP-ITPWR SA-IX]' for a figure's source keys."""
        return f"[{keys}]" if keys else "[no source]"

    def urls(self, keys: str) -> str:
        """The figure's source URLs, space-separated (unknown keys raise KeyError)."""
        return " ".join(self.sources[k].url for k in keys.split())


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_sources(path: Path = SOURCES_CSV) -> dict[str, Source]:
    rows = _read_csv(path)
    return {
        r["key"]: Source(
            key=r["key"], url=r["url"], publisher=r["publisher"], secondary=r["secondary"] == "true"
        )
        for r in rows
    }


def read_catalogue(path: Path = HARDWARE_CSV, sources_path: Path = SOURCES_CSV) -> Catalogue:
    rows = [Hardware.model_validate({k: v for k, v in r.items() if v != ""}) for r in _read_csv(path)]
    return Catalogue(rows, read_sources(sources_path))


@cache
def catalogue() -> Catalogue:
    """The repository's catalogue, read once."""
    return read_catalogue()
