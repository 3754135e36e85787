"""Properties that hold for every hardware and path: ordering, monotonicity, and stated fallbacks."""

from __future__ import annotations

import itertools

import pytest

from analytics.capacity.catalogue import catalogue
from analytics.capacity.model import CapacityEstimate, CapacityQuery, estimate

MEASURES = ("facility_mw", "it_mw", "accelerators", "h100e", "tokens_per_s")
HARDWARE = [*catalogue().known(), None]
KINDS = ("facility_mw", "it_mw", "chips", "usd_capex", "usd_contract")


def _est(kind: str, value: float, hardware: str | None, params: float = 70e9) -> CapacityEstimate:
    return estimate(
        CapacityQuery(kind=kind, value=value, hardware=hardware, strict_hardware=True, model_params=params)
    )


@pytest.mark.parametrize(("hardware", "kind"), list(itertools.product(HARDWARE, KINDS)))
def test_low_mid_high_are_ordered_and_positive_everywhere(hardware: str | None, kind: str) -> None:
    for params in (8e9, 70e9, 405e9):
        est = _est(kind, 500.0 if "mw" in kind else 1e9 if "usd" in kind else 10_000, hardware, params)
        for measure in MEASURES:
            r = getattr(est, measure)
            assert r is not None, f"{hardware} {kind}: no {measure}"
            assert 0 < r.low <= r.mid <= r.high, (hardware, kind, measure, r)
        assert est.basis and est.basis[0].startswith("input:")
        assert est.throughput_method in ("measured", "roofline", "per_user_speed") or (
            hardware is None and est.throughput_method is not None
        )


@pytest.mark.parametrize("hardware", HARDWARE)
def test_monotonic_in_mw(hardware: str | None) -> None:
    values = [1.0, 10.0, 100.0, 750.0, 6000.0]
    for kind in ("facility_mw", "it_mw"):
        runs = [_est(kind, v, hardware) for v in values]
        for measure in MEASURES:
            for end in ("low", "mid", "high"):
                series = [getattr(getattr(e, measure), end) for e in runs]
                assert series == sorted(series) and series[0] < series[-1], (hardware, kind, measure, end)


@pytest.mark.parametrize("hardware", HARDWARE)
def test_monotonic_in_chips(hardware: str | None) -> None:
    runs = [_est("chips", v, hardware) for v in (1, 8, 1000, 100_000, 1_000_000)]
    for measure in MEASURES:
        for end in ("low", "mid", "high"):
            series = [getattr(getattr(e, measure), end) for e in runs]
            assert series == sorted(series) and series[0] < series[-1], (hardware, measure, end)


def test_tokens_fall_as_the_model_grows() -> None:
    for hardware in ("H100", "GB200", "TPU7x", "CS-3"):
        tokens = [_est("chips", 1000, hardware, p).tokens_per_s for p in (8e9, 70e9, 405e9)]
        mids = [t.mid for t in tokens if t is not None]
        assert len(mids) == 3 and mids[0] > mids[1] > mids[2], hardware


def test_model_size_changes_tokens_only() -> None:
    small, large = _est("facility_mw", 100, "H100", 8e9), _est("facility_mw", 100, "H100", 405e9)
    assert small.accelerators == large.accelerators and small.h100e == large.h100e
    assert any("scaled to 8B" in step for step in small.basis)


def test_a_system_counts_its_accelerators() -> None:
    racks, gpus = _est("chips", 10, "GB200 NVL72"), _est("chips", 720, "GB200")
    assert racks.accelerators == gpus.accelerators and racks.facility_mw == gpus.facility_mw
    assert racks.hardware == "GB200 NVL72 (72 x GB200)"


def test_it_and_facility_bases_are_consistent() -> None:
    facility = _est("facility_mw", 1200, "H100")
    it = _est("it_mw", 1000, "H100")
    assert facility.it_mw is not None and it.facility_mw is not None
    assert facility.it_mw.mid == pytest.approx(1000) and it.facility_mw.mid == pytest.approx(1200)


def test_unknown_supplier_is_a_stated_mixed_fleet() -> None:
    est = estimate(CapacityQuery(kind="facility_mw", value=1000, suppliers=["Acme Compute"]))
    assert est.hardware is not None and est.hardware.startswith("mixed fleet")
    assert set(est.accelerators_by_type) == {"GB200", "H100", "TPU7x", "Trainium2"}
    assert "assumption" in est.basis[1] and "Acme Compute" in est.basis[1]
    assert est.accelerators is not None
    assert est.accelerators.mid == pytest.approx(sum(r.mid for r in est.accelerators_by_type.values()))


@pytest.mark.parametrize(
    ("supplier", "expected"),
    [
        ("AMD", "MI355X"),
        ("Google Cloud", "TPU7x"),
        ("AWS", "Trainium2"),
        ("Cerebras", "CS-3"),
        ("CoreWeave", "GB200"),
    ],
)
def test_supplier_defaults(supplier: str, expected: str) -> None:
    est = estimate(CapacityQuery(kind="chips", value=1000, suppliers=[supplier]))
    assert est.hardware == expected
    assert "supplier default" in est.basis[1]


def test_nvidia_default_follows_the_era() -> None:
    from datetime import date

    hopper = estimate(CapacityQuery(kind="chips", value=1, suppliers=["Nvidia"], when=date(2023, 8, 1)))
    blackwell = estimate(CapacityQuery(kind="chips", value=1, suppliers=["Nvidia"], when=date(2025, 9, 22)))
    ultra = estimate(CapacityQuery(kind="chips", value=1, suppliers=["Nvidia"], when=date(2026, 3, 1)))
    assert (hopper.hardware, blackwell.hardware, ultra.hardware) == ("H100", "GB200", "GB300")


def test_up_to_is_marked_not_inflated() -> None:
    exact = estimate(CapacityQuery(kind="facility_mw", value=750, hardware="CS-3"))
    up_to = estimate(CapacityQuery(kind="facility_mw", value=750, hardware="CS-3", qualifier="up_to"))
    assert up_to.up_to and not exact.up_to
    for measure in MEASURES:
        assert getattr(up_to, measure) == getattr(exact, measure)
    assert "'up to'" in up_to.basis[0]


def test_hardware_without_any_power_figure_uses_the_h100e_per_mw_fallback() -> None:
    est = _est("facility_mw", 100, "Trainium3")
    assert any("no power figure published" in step for step in est.basis)
