"""Worked cases from the research notes (capacity.md §0, §2, §6.4): the model lands on published figures."""

from __future__ import annotations

import pytest

from analytics.capacity.model import CapacityQuery, estimate


def test_100k_h100_is_about_174_mw_facility_within_the_published_range() -> None:
    est = estimate(CapacityQuery(kind="chips", value=100_000, hardware="H100"))
    assert est.facility_mw is not None and est.it_mw is not None and est.h100e is not None
    # Epoch's Colossus-1: 100k H100 = 174 MW; published range 140-241 MW (IT W 5th-95th pct x PUE 1.1-1.4).
    assert est.facility_mw.mid == pytest.approx(174, abs=1)
    assert 140 <= est.facility_mw.low <= est.facility_mw.high <= 241.5
    assert est.it_mw.mid == pytest.approx(100_000 * 1453 / 1e6)
    assert est.h100e.mid == pytest.approx(100_000)


def test_100k_h100_tokens_match_mlperf_server() -> None:
    est = estimate(CapacityQuery(kind="chips", value=100_000, hardware="H100"))
    assert est.tokens_per_s is not None and est.throughput_method == "measured"
    # capacity.md §6.4.1: 382M tok/s [268M vLLM - 390M offline].
    assert est.tokens_per_s.mid == pytest.approx(382e6, rel=0.01)
    assert est.tokens_per_s.low == pytest.approx(268e6, rel=0.01)
    assert est.tokens_per_s.high == pytest.approx(390e6, rel=0.01)


def test_1_gw_of_gb200_is_within_the_published_accelerators_per_mw() -> None:
    est = estimate(CapacityQuery(kind="facility_mw", value=1000, hardware="GB200"))
    assert est.accelerators is not None
    per_mw = est.accelerators.per(1000.0)
    # Published: Abilene 100.8k GPUs / 295 MW = 342 per MW ... Huang 10 GW ~ 4-5 M GPUs = 400-500 per MW;
    # Epoch Colossus-2 550k / 1,379 MW = 399; SemiAnalysis 2.1 kW all-in = 476.
    assert 342 <= per_mw.mid <= 500
    assert per_mw.low >= 340 and per_mw.high <= 500


def test_10_billion_as_capex_buys_about_126k_gb200() -> None:
    est = estimate(CapacityQuery(kind="usd_capex", value=10e9, hardware="GB200"))
    assert est.facility_mw is not None and est.it_mw is not None and est.accelerators is not None
    assert est.h100e is not None
    # capacity.md §6.4.5: $10B / $29-50B per facility GW = 0.20-0.34 GW; mid $38B per IT GW = 0.26 GW IT
    # -> 126k GB200 ~ 318k H100e.
    assert est.facility_mw.low == pytest.approx(200, rel=0.01)
    assert est.facility_mw.high == pytest.approx(345, rel=0.01)
    assert est.it_mw.mid == pytest.approx(263, rel=0.01)
    assert est.accelerators.mid == pytest.approx(126_000, rel=0.01)
    assert est.h100e.mid == pytest.approx(318_000, rel=0.01)
    assert any("USD->facility MW" in step for step in est.basis)


def test_10_billion_as_a_five_year_contract_buys_69k_to_103k_gb200() -> None:
    est = estimate(CapacityQuery(kind="usd_contract", value=10e9, term_years=5, hardware="GB200"))
    assert est.accelerators is not None
    # capacity.md §6.4.5: at $2.21/GPU-hr owning TCO ~ 103k GPUs; at $3.30 rental ~ 69k GPUs.
    assert est.accelerators.high == pytest.approx(103_000, rel=0.01)
    assert est.accelerators.low == pytest.approx(69_000, rel=0.01)
    assert est.input_kind == "usd_contract"


def test_the_two_money_readings_differ_and_say_which_was_used() -> None:
    capex = estimate(CapacityQuery(kind="usd_capex", value=10e9, hardware="GB200"))
    contract = estimate(CapacityQuery(kind="usd_contract", value=10e9, term_years=5, hardware="GB200"))
    assert capex.basis[0] != contract.basis[0]
    assert "capital" in capex.basis[0] and "contract" in contract.basis[0]


def test_750_mw_of_cerebras_is_about_24k_systems() -> None:
    est = estimate(CapacityQuery(kind="facility_mw", value=750, suppliers=["Cerebras"], basis_stated=False))
    assert est.accelerators is not None and est.it_mw is not None
    # capacity.md §6.4.2: IT = 750 / 1.2 = 625 MW; systems ~24k [18k-30k] (CS-3 power unconfirmed).
    assert est.hardware == "CS-3"
    assert est.it_mw.mid == pytest.approx(625)
    assert est.accelerators.mid == pytest.approx(24_000, rel=0.01)
    assert est.accelerators.low >= 18_000 and est.accelerators.high <= 30_000
    assert est.throughput_method == "per_user_speed"
    assert any("unconfirmed" in step for step in est.basis)


def test_1_gw_of_mi450_is_the_reference_assumption() -> None:
    est = estimate(CapacityQuery(kind="facility_mw", value=1000, hardware="MI450"))
    assert est.accelerators is not None
    # capacity.md §6.4.3: 1 GW ~ 256k GPUs [227k-294k] at an assumed 3.9 kW [3.4-4.4].
    assert est.accelerators.triple() == pytest.approx((227_273, 256_410, 294_118), rel=1e-3)
    assert est.throughput_method == "roofline"


def test_1_million_ironwood_tpus_draw_about_2_gw() -> None:
    est = estimate(CapacityQuery(kind="chips", value=1e6, hardware="TPU7x"))
    assert est.facility_mw is not None and est.h100e is not None
    # capacity.md §6.4.4: ~2.0 GW [1.84-2.34]; 2.33M H100e if all Ironwood.
    assert est.facility_mw.triple() == pytest.approx((1840, 2000, 2340))
    assert est.h100e.mid == pytest.approx(2.33e6)
