"""The hardware catalogue keeps the research's figures, sources and 'unconfirmed' marks."""

from __future__ import annotations

import pytest

from analytics.capacity.assumptions import assumptions, suppliers
from analytics.capacity.catalogue import FIGURES, catalogue
from core.errors import UnknownHardwareError

CAT = catalogue()
STATUSES = {"primary", "secondary", "derived", "unconfirmed", "assumption"}
RANGED = ("it_w", "facility_w", "tokens_s", "user_tokens_s", "usd_hr")
VALUE_FIELDS = {
    "bf16": ("bf16_tflops",),
    "fp8": ("fp8_tflops",),
    "fp4": ("fp4_tflops",),
    "memory": ("memory_gb",),
    "mem_bw": ("mem_bw_tbs",),
    "tdp": ("tdp_w",),
    "it_w": ("it_w_low", "it_w_mid", "it_w_high"),
    "facility_w": ("facility_w_low", "facility_w_mid", "facility_w_high"),
    "h100e": ("h100e",),
    "tokens": ("tokens_s_low", "tokens_s_mid", "tokens_s_high"),
    "user_tokens": ("user_tokens_s_low", "user_tokens_s_mid", "user_tokens_s_high"),
    "usd_hr": ("usd_hr_low", "usd_hr_mid", "usd_hr_high"),
}


def test_every_figure_has_a_resolvable_source_and_a_status() -> None:
    assert set(VALUE_FIELDS) == set(FIGURES)
    for hw in CAT.rows.values():
        for figure, fields in VALUE_FIELDS.items():
            present = [getattr(hw, f) is not None for f in fields]
            src, status = getattr(hw, f"{figure}_src"), getattr(hw, f"{figure}_status")
            if any(present):
                assert all(present), f"{hw.name}.{figure}: partial range"
                assert src, f"{hw.name}.{figure} has no source"
                assert status in STATUSES, f"{hw.name}.{figure} status {status!r}"
                assert CAT.urls(src).startswith("http")
            else:
                assert not src and not status, f"{hw.name}.{figure}: source without a value"


def test_ranges_are_ordered() -> None:
    for hw in CAT.rows.values():
        for prefix in RANGED:
            r = hw.triple(prefix)
            if r is not None:
                assert r.low <= r.mid <= r.high, (hw.name, prefix)


def test_h100e_follows_the_dense_8bit_definition() -> None:
    for hw in CAT.rows.values():
        if hw.kind == "accelerator" and hw.fp8_tflops is not None and hw.h100e is not None:
            assert hw.h100e == pytest.approx(hw.fp8_tflops / 1979, rel=0.03), hw.name


def test_h100_figures_are_the_references() -> None:
    h100 = CAT.lookup("H100")
    assert (h100.bf16_tflops, h100.fp8_tflops, h100.memory_gb, h100.mem_bw_tbs) == (989, 1979, 80, 3.35)
    assert (h100.it_w_low, h100.it_w_mid, h100.it_w_high) == (1275, 1453, 1721)
    assert h100.tokens_s_mid == 3821
    assert "epoch-research/ai-compute-users" in CAT.urls(h100.it_w_src)


@pytest.mark.parametrize(
    ("name", "figure"),
    [
        ("TPU7x", "tdp"),
        ("TPU v6e", "tdp"),
        ("Trainium2", "tdp"),
        ("MI450", "fp8"),
        ("MI450", "h100e"),
        ("CS-3", "facility_w"),
        ("CS-3", "h100e"),
        ("B200", "it_w"),
        ("GB300", "usd_hr"),
        ("Rubin", "fp8"),
        ("Groq LPU", "tdp"),
    ],
)
def test_unconfirmed_marks_are_kept(name: str, figure: str) -> None:
    assert CAT.lookup(name).shaky(figure)


def test_systems_hold_catalogued_accelerators() -> None:
    for hw in CAT.rows.values():
        if hw.kind == "system":
            inner = CAT.get(hw.contains)
            assert inner.kind == "accelerator" and hw.accelerators_per_unit > 1
        else:
            assert hw.accelerators_per_unit == 1 and not hw.contains


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ironwood", "TPU7x"),
        ("TPU v7", "TPU7x"),
        ("gb200 nvl72", "GB200 NVL72"),
        ("Trn2", "Trainium2"),
        ("mi455x", "MI450"),
    ],
)
def test_lookup_by_alias(text: str, name: str) -> None:
    assert CAT.lookup(text).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nvidia GB200 NVL72 racks", "GB200 NVL72"),
        ("AMD Instinct MI450 GPUs", "MI450"),
        ("H100s", "H100"),
        ("Blackwell Ultra GPUs", "GB300"),
        ("Google Ironwood TPUs", "TPU7x"),
    ],
)
def test_find_in_free_text(text: str, name: str) -> None:
    found = CAT.find(text)
    assert found is not None and found.name == name


def test_generic_words_name_no_model() -> None:
    assert CAT.find("one million TPUs") is None
    assert CAT.find("Nvidia GPUs") is None


def test_unknown_hardware_lists_the_known_names_on_one_line() -> None:
    with pytest.raises(UnknownHardwareError) as info:
        CAT.lookup("Z9000")
    message = str(info.value)
    assert "\n" not in message and "'Z9000'" in message
    assert all(name in message for name in CAT.known())


def test_data_files_reference_only_catalogued_hardware_and_known_sources() -> None:
    a, s = assumptions(), suppliers()
    for supplier in s.suppliers:
        if supplier.hardware:
            CAT.get(supplier.hardware)
        else:
            for era in s.era(supplier.era or ""):
                CAT.get(era.hardware)
    for name in s.mixed_fleet.mix:
        CAT.get(name)
    constants = [v for v in a.model_dump().values() if isinstance(v, dict) and "sources" in v]
    keys = {k for c in constants for k in c["sources"]} | set(s.mixed_fleet.sources)
    assert keys <= set(CAT.sources), keys - set(CAT.sources)
