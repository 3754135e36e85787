"""Output tokens/s per accelerator for a dense reference model, with the method used.

1. measured: MLPerf Inference v5.1 Llama-2-70B Server results in the catalogue (low / mid / high per chip);
   for another model size, scaled by the chip's own roofline ratio (same workload shape, other size).
2. per_user_speed: SRAM machines (Cerebras, Groq) publish single-stream speed only; aggregate = per-user speed
   x concurrent streams per replica / accelerators per replica, streams being an explicit, unconfirmed
   assumption.
3. roofline: decode bounded by memory bandwidth (weights + KV cache read every step, batch limited by memory)
   and by compute (2 x params FLOP per token), times an efficiency calibrated on the measured chips.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache
from typing import Literal

from analytics.capacity.assumptions import Assumptions, assumptions
from analytics.capacity.catalogue import Catalogue, Hardware, Precision, catalogue
from analytics.capacity.ranges import Range, fmt, fmt_range

Method = Literal["measured", "roofline", "per_user_speed"]


@dataclass(frozen=True)
class Throughput:
    per_accelerator: Range
    method: Method
    step: str


def roofline_tokens(hw: Hardware, params: float, precision: Precision, a: Assumptions) -> float | None:
    """Decode tokens/s per accelerator at the memory-limited batch: min(bandwidth bound, compute bound)."""
    peak, memory, bandwidth = hw.tflops(precision), hw.memory_gb, hw.mem_bw_tbs
    if peak is None or memory is None or bandwidth is None or hw.memory_type == "SRAM":
        return None
    rl = a.roofline
    flops, mem_bytes, bytes_s = peak * 1e12, memory * 1e9, bandwidth * 1e12
    weights = params * rl.bytes_per_param[precision]
    kv_per_sequence = rl.context_tokens * rl.kv_bytes_per_token_per_param * params
    replica = 1
    while weights > rl.max_weight_fraction * replica * mem_bytes:
        replica *= 2
    batch = max(1, math.floor((rl.usable_memory_fraction * replica * mem_bytes - weights) / kv_per_sequence))
    t_memory = (weights + batch * kv_per_sequence) / (replica * bytes_s)
    t_compute = 2 * params * batch / (replica * flops)
    return batch / max(t_memory, t_compute) / replica


def _measured_precision(hw: Hardware) -> Precision:
    return hw.tokens_precision or hw.best_precision() or "bf16"


@dataclass(frozen=True)
class Calibration:
    efficiency: Range
    by_chip: dict[str, float]

    def describe(self) -> str:
        chips = ", ".join(f"{name} {eff:.2f}" for name, eff in self.by_chip.items())
        return f"efficiency {fmt_range(self.efficiency)} = min/median/max of measured / roofline ({chips})"


def calibrate(cat: Catalogue, a: Assumptions) -> Calibration:
    """Measured mid tokens/s / roofline tokens/s at the reference size, for every chip with both."""
    params = a.reference_model_params.number("mid")
    by_chip: dict[str, float] = {}
    for hw in cat.rows.values():
        if hw.tokens_s_mid is None:
            continue
        bound = roofline_tokens(hw, params, _measured_precision(hw), a)
        if bound:
            by_chip[hw.name] = hw.tokens_s_mid / bound
    if not by_chip:
        raise ValueError("no chip has both a measurement and roofline inputs: cannot calibrate")
    values = sorted(by_chip.values())
    return Calibration(Range(low=values[0], mid=statistics.median(values), high=values[-1]), by_chip)


@cache
def _default_calibration() -> Calibration:
    return calibrate(catalogue(), assumptions())


def _measured(hw: Hardware, params: float, a: Assumptions) -> Throughput | None:
    measured = hw.triple("tokens_s")
    if measured is None:
        return None
    ref = a.reference_model_params.number("mid")
    step = (
        f"tokens/s: measured MLPerf Inference v5.1 Llama-2-70B Server {fmt_range(measured)} output tok/s "
        f"per {hw.name} ({hw.tokens_precision}) [{hw.tokens_src}]"
    )
    if params == ref:
        return Throughput(measured, "measured", step)
    precision = _measured_precision(hw)
    at_ref, at_size = (
        roofline_tokens(hw, params=ref, precision=precision, a=a),
        roofline_tokens(hw, params, precision, a),
    )
    if not at_ref or not at_size:
        return None
    ratio = at_size / at_ref
    step += f", scaled to {fmt(params / 1e9)}B params by the roofline ratio x{ratio:.3g}"
    return Throughput(measured.times(ratio), "measured", step)


def _per_user(hw: Hardware, params: float, a: Assumptions) -> Throughput | None:
    speed, memory = hw.triple("user_tokens_s"), hw.memory_gb
    if speed is None or memory is None:
        return None
    pu = a.per_user
    ref = a.reference_model_params.number("mid")
    speed = speed.times((ref / params) ** pu.size_exponent)
    replica = max(1, math.ceil(params * pu.weight_bytes_per_param / (memory * 1e9)))
    per_accel = speed.times(pu.streams()).times(1 / replica)
    step = (
        f"tokens/s: per-user speed {fmt_range(speed)} tok/s at {fmt(params / 1e9)}B [{hw.user_tokens_src}] x "
        f"{fmt_range(pu.streams())} streams per replica of {replica} x {hw.name} "
        f"(16-bit weights / {fmt(memory)} GB on-chip) [{' '.join(pu.sources)}] = {fmt_range(per_accel)} per "
        f"{hw.name} (unconfirmed: no aggregate throughput published; streams are an assumption)"
    )
    return Throughput(per_accel, "per_user_speed", step)


def _roofline(hw: Hardware, params: float, a: Assumptions, calibration: Calibration) -> Throughput | None:
    precision = hw.best_precision()
    bound = roofline_tokens(hw, params, precision, a) if precision else None
    if not bound or precision is None:
        return None
    per_accel = calibration.efficiency.times(bound)
    shaky = " (unconfirmed inputs)" if any(hw.shaky(f) for f in (precision, "memory", "mem_bw")) else ""
    step = (
        f"tokens/s: roofline {fmt(bound)} tok/s per {hw.name} ({fmt(params / 1e9)}B, {precision} weights, "
        f"{hw.memory_gb:g} GB at {hw.mem_bw_tbs:g} TB/s [{hw.mem_bw_src}]){shaky} x {calibration.describe()} "
        f"[MLP51] = {fmt_range(per_accel)}; no MLPerf Server result for {hw.name}"
    )
    return Throughput(per_accel, "roofline", step)


def throughput(
    hw: Hardware,
    params: float,
    cat: Catalogue | None = None,
    a: Assumptions | None = None,
    calibration: Calibration | None = None,
) -> Throughput | None:
    """Tokens/s per accelerator of `hw` for a dense model of `params` parameters; None if nothing applies."""
    cat = cat or catalogue()
    a = a or assumptions()
    hw = cat.accelerator_of(hw)
    found = _measured(hw, params, a) or _per_user(hw, params, a)
    if found is not None:
        return found
    return _roofline(hw, params, a, calibration or _default_calibration())
