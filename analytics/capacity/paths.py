"""Conversion paths for one accelerator type: power, count or money -> MW, accelerators, H100e, tokens/s."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from analytics.capacity.assumptions import Assumptions
from analytics.capacity.catalogue import Catalogue, Hardware
from analytics.capacity.power import Watts, watts
from analytics.capacity.ranges import Range, fmt, fmt_range
from analytics.capacity.throughput import throughput

if TYPE_CHECKING:
    from analytics.capacity.model import CapacityQuery


@dataclass
class PartEstimate:
    facility_mw: Range | None = None
    it_mw: Range | None = None
    accelerators: Range | None = None
    h100e: Range | None = None
    tokens_per_s: Range | None = None
    method: str | None = None
    steps: list[str] = field(default_factory=list)


def _power(kind: str, value: float, hw: Hardware, w: Watts, a: Assumptions, out: PartEstimate) -> None:
    pue = a.pue.range()
    if kind == "facility_mw":
        out.facility_mw = Range.point(value)
        out.it_mw = out.facility_mw.per(pue)
        out.accelerators = Range.point(value * 1e6).per(w.facility_w)
        out.steps += [
            f"facility MW->IT MW via PUE {fmt_range(pue)} {a.pue.cite()}",
            f"facility MW->accelerators via {w.facility_step}",
        ]
    else:
        out.it_mw = Range.point(value)
        out.facility_mw = out.it_mw.times(pue)
        out.accelerators = Range.point(value * 1e6).per(w.it_w)
        out.steps += [
            f"IT MW->facility MW via PUE {fmt_range(pue)} {a.pue.cite()}",
            f"IT MW->accelerators via {w.it_step}",
        ]


def _from_count(w: Watts, out: PartEstimate) -> None:
    assert out.accelerators is not None
    out.it_mw = out.accelerators.times(w.it_w).times(1e-6)
    out.facility_mw = out.accelerators.times(w.facility_w).times(1e-6)
    out.steps += [f"accelerators->IT MW via {w.it_step}", f"accelerators->facility MW via {w.facility_step}"]


def _capex(value: float, w: Watts, a: Assumptions, out: PartEstimate) -> None:
    pue, per_fac, per_it = a.pue.range(), a.capex_per_facility_gw_usd, a.capex_per_it_gw_usd
    fac_low, fac_high = value / per_fac.number("high") * 1e3, value / per_fac.number("low") * 1e3
    it_mid = value / per_it.number("mid") * 1e3
    out.facility_mw = Range.sorted_of(fac_low, it_mid * pue.mid, fac_high)
    out.it_mw = Range.sorted_of(fac_low / pue.high, it_mid, fac_high / pue.low)
    out.accelerators = out.it_mw.times(1e6).per(w.it_w)
    it_bn = fmt(per_it.number("mid") / 1e9)
    out.steps += [
        f"USD->facility MW via ${fmt(per_fac.number('low') / 1e9)}-{fmt(per_fac.number('high') / 1e9)}B per "
        f"facility GW {per_fac.cite()}; mid via ${it_bn}B per IT GW {per_it.cite()} x PUE {fmt(pue.mid)}",
        f"IT MW = facility MW / PUE {fmt_range(pue)} {a.pue.cite()}, mid ${it_bn}B per IT GW",
        f"IT MW->accelerators via {w.it_step}",
    ]


def _hourly_price(hw: Hardware, a: Assumptions) -> tuple[Range, str]:
    listed = hw.triple("usd_hr")
    if listed is not None:
        mark = " (unconfirmed)" if hw.shaky("usd_hr") else ""
        return listed, f"${fmt_range(listed)} per {hw.name}-hour [{hw.usd_hr_src}]{mark}"
    per_h100e = a.usd_per_h100e_hour.range()
    h100e = hw.h100e or 1.0
    price = per_h100e.times(h100e)
    return price, (
        f"${fmt_range(per_h100e)} per H100e-hour {a.usd_per_h100e_hour.cite()} x {h100e:g} H100e = "
        f"${fmt_range(price)} per {hw.name}-hour (no published price for {hw.name})"
    )


def _contract(
    value: float, hw: Hardware, w: Watts, q: CapacityQuery, a: Assumptions, out: PartEstimate
) -> None:
    term = q.term_years
    if term is None:
        term = a.default_term_years.number("mid")
        out.steps.append(f"term: {fmt(term)} years assumed {a.default_term_years.cite()}")
    hours = a.hours_per_year.number("mid")
    price, price_step = _hourly_price(hw, a)
    out.accelerators = Range.point(value / term / hours).per(price)
    out.steps.append(
        f"USD->accelerators: ${fmt(value / 1e9)}B / {fmt(term)} years / ({price_step} x {hours:,.0f} h/yr) "
        f"{a.hours_per_year.cite()}; accelerators rented around the clock"
    )
    _from_count(w, out)


def estimate_part(
    kind: str, value: float, hw: Hardware, per_unit: int, q: CapacityQuery, cat: Catalogue, a: Assumptions
) -> PartEstimate:
    """All outputs for `value` (this part's share of the stated figure) on accelerator `hw`."""
    out = PartEstimate()
    w = watts(hw, cat, a)
    if w is None:
        out.steps.append(f"no power figure, TDP or H100e for {hw.name}: no estimate")
        return out
    if kind in ("facility_mw", "it_mw"):
        _power(kind, value, hw, w, a, out)
    elif kind == "chips":
        out.accelerators = Range.point(value * per_unit)
        _from_count(w, out)
    elif kind == "usd_capex":
        _capex(value, w, a, out)
    else:
        _contract(value, hw, w, q, a, out)
    _outputs(hw, q.model_params, cat, a, out)
    return out


def _outputs(hw: Hardware, params: float, cat: Catalogue, a: Assumptions, out: PartEstimate) -> None:
    if out.accelerators is None:
        return
    if hw.h100e is not None:
        out.h100e = out.accelerators.times(hw.h100e)
        mark = " (unconfirmed)" if hw.shaky("h100e") else ""
        out.steps.append(
            f"accelerators->H100e x{hw.h100e:g} (dense 8-bit TFLOP/s / 1,979) [{hw.h100e_src}]{mark}"
        )
    tp = throughput(hw, params, cat, a)
    if tp is None:
        out.steps.append(f"tokens/s: no measurement and no roofline inputs for {hw.name}")
        return
    out.tokens_per_s = out.accelerators.times(tp.per_accelerator)
    out.method = tp.method
    out.steps.append(tp.step)
