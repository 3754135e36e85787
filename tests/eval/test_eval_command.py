"""`infradeals eval` end to end with stand-in extractors (tests/test_eval_gate.py runs the real one)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from core.records import DealMention, DocumentExtraction, ExtractInput
from extractors.evaluate import FIELDS, parse_devset
from infradeals.cli import main
from infradeals.commands import eval as eval_command

_NEBIUS = {"buyer": "Microsoft", "seller": "Nebius", "amount_usd": 17.4e9, "amount_qualifier": "exact"}
_DEV: list[tuple[str, list[dict[str, object]]]] = [("a", [_NEBIUS]), ("b", [])]


class _Echo:
    """Returns the gold labels of the set it was built from (a perfect extractor), or nothing at all."""

    def __init__(self, devset: Path, perfect: bool) -> None:
        self.gold = {d.id: d.gold for d in parse_devset(devset.read_text(encoding="utf-8"))}
        self.perfect = perfect

    def extract_many(self, docs: Iterable[ExtractInput]) -> Iterator[DocumentExtraction]:
        for d in docs:
            g = self.gold[d.id]
            deals = [DealMention(**x.model_dump()) for x in g.deals] if self.perfect else []
            relevant = g.is_compute_deal and self.perfect
            yield DocumentExtraction(id=d.id, is_compute_deal=relevant, score=float(relevant), deals=deals)


def _files(tmp_path: Path, floor: float) -> tuple[Path, Path]:
    devset = tmp_path / "dev.jsonl"
    lines = [
        {
            "id": doc_id,
            "text": "t",
            "style": "wire",
            "hard_cases": [],
            "gold": {"is_compute_deal": bool(deals), "deals": deals},
        }
        for doc_id, deals in _DEV
    ]
    devset.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({f: {"precision": floor, "recall": floor, "f1": floor} for f in FIELDS}))
    return devset, floors


def _use(monkeypatch: pytest.MonkeyPatch, devset: Path, perfect: bool) -> None:
    monkeypatch.setattr(eval_command, "_ours", lambda model: _Echo(devset, perfect))


def test_table_and_exit_zero_at_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    devset, floors = _files(tmp_path, 0.9)
    _use(monkeypatch, devset, perfect=True)
    assert main(["eval", "--devset", str(devset), "--floors", str(floors)]) == 0
    out = capsys.readouterr().out
    assert "2 documents" in out
    assert "whole deal" in out and "1.000  1.000  1.000" in out
    assert "all figures at or above the floors" in out


def test_below_floor_exits_one_naming_each_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    devset, floors = _files(tmp_path, 0.5)
    _use(monkeypatch, devset, perfect=False)
    assert main(["eval", "--devset", str(devset), "--floors", str(floors), "--show-errors"]) == 1
    out = capsys.readouterr().out
    assert "BELOW FLOOR: whole_deal recall 0.0000 < 0.5000" in out
    assert "BELOW FLOOR: document_relevance f1 0.0000 < 0.5000" in out
    assert "a (wire) relevant gold=True ours=False" in out
    assert "gold Microsoft -> Nebius" in out


def test_json_and_write_floors_only_raise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    devset, floors = _files(tmp_path, 0.25)
    _use(monkeypatch, devset, perfect=True)
    assert main(["eval", "--devset", str(devset), "--floors", str(floors), "--json", "--write-floors"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ours"]["fields"]["amount"] == {
        "tp": 1,
        "n_pred": 1,
        "n_gold": 1,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert payload["below_floor"] == []
    written = json.loads(floors.read_text())
    assert all(written[f][m] == 1.0 for f in FIELDS for m in ("precision", "recall", "f1"))
    _use(monkeypatch, devset, perfect=False)
    assert main(["eval", "--devset", str(devset), "--floors", str(floors), "--write-floors"]) == 1
    assert json.loads(floors.read_text()) == written  # a worse run never lowers a floor


def test_bad_floors_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    devset, floors = _files(tmp_path, 0.5)
    floors.write_text("{}")
    assert main(["eval", "--devset", str(devset), "--floors", str(floors)]) == 2
    assert "bad floors file" in capsys.readouterr().err
