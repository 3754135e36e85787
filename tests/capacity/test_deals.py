"""estimate_deal and estimates_frame: which stated figure is converted, and one row per deal."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.capacity.deals import estimate_deal
from analytics.capacity.frame import SCHEMA, estimates_frame
from core.records import Deal


def _deal(**kw: object) -> Deal:
    return Deal.model_validate({"deal_id": "x", **kw})


def test_chips_take_precedence_over_power_and_money() -> None:
    est = estimate_deal(_deal(chips_count=100_000, chip_type="H100 GPUs", power_mw=500, amount_usd=5e9))
    assert est.input_kind == "chips" and est.hardware == "H100"
    assert any("500 MW" in step for step in est.basis)


def test_a_deals_chip_count_is_accelerators_even_for_a_system_type() -> None:
    est = estimate_deal(_deal(chips_count=7200, chip_type="GB200 NVL72 racks"))
    assert est.accelerators is not None and est.accelerators.mid == 7200
    assert any("read as accelerators" in step for step in est.basis)


def test_power_without_basis_is_read_as_facility_and_says_so() -> None:
    est = estimate_deal(_deal(power_mw=750, seller="Cerebras", buyer="OpenAI", power_qualifier="up_to"))
    assert est.input_kind == "facility_mw" and est.up_to
    assert "basis not stated" in est.basis[0]


def test_it_basis_is_honoured() -> None:
    est = estimate_deal(_deal(power_mw=100, power_basis="it", chip_type="GB200"))
    assert est.input_kind == "it_mw"
    assert est.it_mw is not None and est.it_mw.mid == 100


def test_money_reading_follows_the_deal_type() -> None:
    contract = estimate_deal(_deal(deal_type="cloud_contract", amount_usd=38e9, term_years=7, seller="AWS"))
    capex = estimate_deal(_deal(deal_type="chip_supply", amount_usd=10e9, seller="Nvidia"))
    equity = estimate_deal(_deal(deal_type="equity_investment", amount_usd=5e9, seller="Intel"))
    assert contract.input_kind == "usd_contract" and any("7 years" in s for s in contract.basis)
    assert capex.input_kind == "usd_capex"
    assert equity.input_kind == "none" and equity.h100e is None and equity.hardware is None
    assert any("not read as compute" in s for s in equity.basis)


def test_unknown_chip_type_falls_back_to_the_supplier_default() -> None:
    est = estimate_deal(_deal(chips_count=1000, chip_type="Instinct accelerators", seller="AMD"))
    assert est.hardware == "MI355X"
    assert "names no catalogue model" in est.basis[1]


def test_nvidia_default_uses_the_deal_date() -> None:
    est = estimate_deal(_deal(power_mw=1000, seller="Nvidia", first_reported=date(2023, 6, 1)))
    assert est.hardware == "H100"


def test_seller_first_then_other_parties() -> None:
    est = estimate_deal(_deal(power_mw=100, buyer="Anthropic", parties=["Anthropic", "Google"]))
    assert est.hardware == "TPU7x"


def test_a_tranche_is_marked() -> None:
    est = estimate_deal(_deal(power_mw=100, seller="CoreWeave", parent_deal_id="parent1"))
    assert est.tranche_of == "parent1"
    assert any("tranche" in s for s in est.basis)


def test_frame_has_one_row_per_deal_with_the_schema() -> None:
    deals = [
        _deal(deal_id="a", chips_count=1000, chip_type="H100"),
        _deal(deal_id="b", power_mw=100),
        _deal(deal_id="c", deal_type="other"),
    ]
    frame = estimates_frame(deals)
    assert frame.schema == pl.Schema(SCHEMA)
    assert frame["deal_id"].to_list() == ["a", "b", "c"]
    row_a = frame.row(0, named=True)
    assert row_a["accelerators_mid"] == 1000 and row_a["throughput_method"] == "measured"
    assert " | " in row_a["basis"] and row_a["basis"].startswith("input:")
    assert frame.row(2, named=True)["h100e_mid"] is None
    assert estimates_frame([]).schema == pl.Schema(SCHEMA)


def test_a_power_purchase_gets_no_compute_estimate() -> None:
    """An 835 MW nuclear PPA is grid power bought, not 740,000 H100e of compute."""
    est = estimate_deal(
        _deal(deal_type="power_supply", power_mw=835, seller="Constellation", buyer="Microsoft")
    )
    assert est.input_kind == "none" and est.h100e is None and est.accelerators is None
    assert est.basis == ["a power purchase: its megawatts are grid power bought, not compute (no estimate)"]
    compute = estimate_deal(
        _deal(deal_type="compute_capacity", power_mw=835, seller="Nebius", buyer="Microsoft")
    )
    assert compute.h100e is not None and compute.h100e.mid > 0
