"""Watts per accelerator, IT and facility, with the path that produced them.

Order of preference: the catalogue's facility and IT watts; IT = facility / PUE or facility = IT x PUE when
only one is published; IT = chip TDP x Epoch's TDP-to-IT ratio when neither is; facility = H100e / (H100e per
facility MW at Epoch-tracked campuses) as the last resort.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.capacity.assumptions import Assumptions
from analytics.capacity.catalogue import Catalogue, Hardware
from analytics.capacity.ranges import Range, fmt_range


@dataclass(frozen=True)
class Watts:
    """Per accelerator: IT watts (server + network) and facility watts (IT x PUE), and how each was found."""

    it_w: Range
    facility_w: Range
    it_step: str
    facility_step: str


def _mark(hw: Hardware, figure: str) -> str:
    return " (unconfirmed)" if hw.shaky(figure) else ""


def _positional(a: Range, b: Range, divide: bool) -> Range:
    """a / b or a x b at matching ends (both ranges already pair low with low), re-ordered."""
    if divide:
        return Range.sorted_of(a.low / b.low, a.mid / b.mid, a.high / b.high)
    return Range.sorted_of(a.low * b.low, a.mid * b.mid, a.high * b.high)


def _it_without_facility(hw: Hardware, a: Assumptions) -> tuple[Range, str] | None:
    it = hw.triple("it_w")
    if it is not None:
        return it, f"IT W per {hw.name} {fmt_range(it, 'W')} {_cite(hw, 'it_w')}{_mark(hw, 'it_w')}"
    if hw.tdp_w is not None:
        ratio = a.tdp_to_it.range()
        it = ratio.times(hw.tdp_w)
        return it, (
            f"IT W per {hw.name} = TDP {hw.tdp_w:,.0f} W {_cite(hw, 'tdp')}{_mark(hw, 'tdp')} x TDP-to-IT "
            f"{fmt_range(ratio)} {a.tdp_to_it.cite()} = {fmt_range(it, 'W')}"
        )
    return None


def _cite(hw: Hardware, figure: str) -> str:
    keys = getattr(hw, f"{figure}_src")
    return f"[{keys}]" if keys else "[no source]"


def watts(hw: Hardware, cat: Catalogue, a: Assumptions) -> Watts | None:
    """IT and facility watts per accelerator of `hw` (a system: its accelerator); None if unknown."""
    hw = cat.accelerator_of(hw)
    pue = a.pue.range()
    facility = hw.triple("facility_w")
    it_listed = hw.triple("it_w")
    if facility is not None:
        fac_step = f"facility W per {hw.name} {fmt_range(facility, 'W')} {_cite(hw, 'facility_w')}"
        fac_step += _mark(hw, "facility_w")
        if it_listed is not None:
            it_step = f"IT W per {hw.name} {fmt_range(it_listed, 'W')} {_cite(hw, 'it_w')}{_mark(hw, 'it_w')}"
            return Watts(it_listed, facility, it_step, fac_step)
        it = _positional(facility, pue, divide=True)
        it_step = (
            f"IT W per {hw.name} = facility W / PUE {fmt_range(pue)} {a.pue.cite()} = {fmt_range(it, 'W')}"
        )
        return Watts(it, facility, it_step, fac_step)
    it_found = _it_without_facility(hw, a)
    if it_found is not None:
        it, it_step = it_found
        facility = _positional(it, pue, divide=False)
        fac_step = f"facility W per {hw.name} = IT W x PUE {fmt_range(pue)} {a.pue.cite()} = "
        return Watts(it, facility, it_step, fac_step + fmt_range(facility, "W"))
    if hw.h100e is None:
        return None
    per_mw = a.h100e_per_facility_mw.range()
    facility = Range.point(hw.h100e * 1e6).per(per_mw)
    fac_step = (
        f"facility W per {hw.name} = {hw.h100e:g} H100e / H100e per facility MW {fmt_range(per_mw)} "
        f"{a.h100e_per_facility_mw.cite()} = {fmt_range(facility, 'W')} (no power figure published)"
    )
    it = _positional(facility, pue, divide=True)
    it_step = f"IT W per {hw.name} = facility W / PUE {fmt_range(pue)} {a.pue.cite()} = {fmt_range(it, 'W')}"
    return Watts(it, facility, it_step, fac_step)
