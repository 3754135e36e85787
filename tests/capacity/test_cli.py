"""`infradeals capacity`: table or one JSON object; unknown hardware is a one-line error listing the known."""

from __future__ import annotations

import json

import pytest

from analytics.capacity.catalogue import catalogue
from infradeals.cli import main

KEYS = {"facility_mw", "it_mw", "accelerators", "hardware", "h100e", "tokens_per_s", "basis"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["capacity", *argv, "--json"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    parsed: dict[str, object] = json.loads(out)
    return parsed


def test_json_object_for_100k_h100(capsys: pytest.CaptureFixture[str]) -> None:
    obj = _json(capsys, "--chips", "100000", "--hardware", "H100")
    assert set(obj) >= KEYS
    assert obj["hardware"] == "H100"
    for key in ("facility_mw", "it_mw", "accelerators", "h100e", "tokens_per_s"):
        r = obj[key]
        assert isinstance(r, dict) and set(r) == {"low", "mid", "high"} and r["low"] <= r["mid"] <= r["high"]
    assert obj["facility_mw"] == {"low": 140.0, "mid": 174.0, "high": 241.0}
    assert isinstance(obj["basis"], list) and all(isinstance(s, str) for s in obj["basis"])


def test_supplier_and_basis_options(capsys: pytest.CaptureFixture[str]) -> None:
    facility = _json(capsys, "--mw", "750", "--supplier", "Cerebras")
    it = _json(capsys, "--mw", "750", "--basis", "it", "--supplier", "Cerebras")
    assert facility["hardware"] == it["hardware"] == "CS-3"
    assert it["it_mw"] == {"low": 750.0, "mid": 750.0, "high": 750.0}
    assert facility["facility_mw"] == {"low": 750.0, "mid": 750.0, "high": 750.0}


def test_usd_paths(capsys: pytest.CaptureFixture[str]) -> None:
    capex = _json(capsys, "--usd", "10e9", "--hardware", "GB200")
    contract = _json(capsys, "--usd", "10e9", "--term-years", "5", "--hardware", "GB200")
    assert "capital" in str(capex["basis"]) and "contract" in str(contract["basis"])


def test_model_params_change_tokens(capsys: pytest.CaptureFixture[str]) -> None:
    small = _json(capsys, "--chips", "10", "--hardware", "H100", "--model-params", "8e9")
    large = _json(capsys, "--chips", "10", "--hardware", "H100", "--model-params", "405e9")
    assert small["tokens_per_s"]["mid"] > large["tokens_per_s"]["mid"]  # type: ignore[index]


def test_table_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--mw", "1000"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("hardware: mixed fleet")
    assert "facility MW" in out and "tokens/s" in out and "basis:" in out


def test_unknown_hardware_is_one_line_listing_the_known(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["capacity", "--chips", "10", "--hardware", "Z9000"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Z9000" in captured.err
    assert all(name in captured.err for name in catalogue().known())


@pytest.mark.parametrize(
    "argv",
    [
        ["--chips", "-5"],
        ["--mw", "10", "--chips", "5"],
        [],
        ["--chips", "5", "--basis", "it"],
        ["--mw", "5", "--term-years", "3"],
    ],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        code = main(["capacity", *argv])
        raise SystemExit(code)
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
