"""Throughput: measured references first, a calibrated roofline otherwise, and the output says which."""

from __future__ import annotations

import pytest

from analytics.capacity.assumptions import assumptions
from analytics.capacity.catalogue import catalogue
from analytics.capacity.throughput import calibrate, roofline_tokens, throughput

CAT, A = catalogue(), assumptions()


def test_chips_with_an_mlperf_server_result_use_it() -> None:
    for name in ("H100", "H200", "B200", "GB200", "MI300X", "MI325X"):
        tp = throughput(CAT.get(name), 70e9)
        assert tp is not None and tp.method == "measured"
        assert tp.per_accelerator.mid == CAT.get(name).tokens_s_mid
        assert "MLPerf" in tp.step


def test_chips_without_one_use_the_roofline_and_say_so() -> None:
    for name in ("TPU7x", "Trainium2", "MI355X", "GB300", "A100"):
        tp = throughput(CAT.get(name), 70e9)
        assert tp is not None and tp.method == "roofline"
        assert "roofline" in tp.step and f"no MLPerf Server result for {name}" in tp.step


def test_calibration_comes_from_the_measured_chips() -> None:
    cal = calibrate(CAT, A)
    measured = {n for n, hw in CAT.rows.items() if hw.tokens_s_mid is not None}
    assert set(cal.by_chip) == measured
    assert cal.efficiency.low == min(cal.by_chip.values()) and cal.efficiency.high == max(
        cal.by_chip.values()
    )
    assert 0 < cal.efficiency.low <= cal.efficiency.high <= 1


def test_roofline_range_covers_mi355x_open_division_result() -> None:
    # MI355X has only an open-division Offline result, 11,631 tok/s/GPU (capacity.md §4.1): the calibrated
    # roofline, which never saw it, brackets it.
    tp = throughput(CAT.get("MI355X"), 70e9)
    assert tp is not None
    assert tp.per_accelerator.low <= 11_631 <= tp.per_accelerator.high


def test_roofline_is_memory_then_compute_bound() -> None:
    h100 = CAT.get("H100")
    bound = roofline_tokens(h100, 70e9, "fp8", A)
    assert bound is not None
    # never above the compute bound: peak FLOP/s / (2 x params)
    assert bound <= 1979e12 / (2 * 70e9)
    # more bandwidth, same chip otherwise: more tokens
    faster = h100.model_copy(update={"mem_bw_tbs": 6.7})
    faster_bound = roofline_tokens(faster, 70e9, "fp8", A)
    assert faster_bound is not None and faster_bound > bound


def test_sram_machines_use_per_user_speed_marked_unconfirmed() -> None:
    tp = throughput(CAT.get("CS-3"), 70e9)
    assert tp is not None and tp.method == "per_user_speed"
    assert "unconfirmed" in tp.step
    assert roofline_tokens(CAT.get("CS-3"), 70e9, "bf16", A) is None


def test_measured_values_scale_with_model_size() -> None:
    at_70 = throughput(CAT.get("H100"), 70e9)
    at_405 = throughput(CAT.get("H100"), 405e9)
    assert at_70 is not None and at_405 is not None and at_405.method == "measured"
    assert at_405.per_accelerator.mid < at_70.per_accelerator.mid
    assert at_405.per_accelerator.mid == pytest.approx(
        at_70.per_accelerator.mid
        * (roofline_tokens(CAT.get("H100"), 405e9, "fp8", A) or 0)
        / (roofline_tokens(CAT.get("H100"), 70e9, "fp8", A) or 1)
    )
