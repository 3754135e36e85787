"""`infradeals extract`: the JSONL contract, streaming, bad lines answered in place with their error."""

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.records import ExtractInput
from extractors.nlp import EXTRACTOR_VERSION, Extractor
from infradeals.commands.extract import answers, parse_line

DEAL = (
    "AMD will supply 6 gigawatts of Instinct GPUs to OpenAI under a multi-year agreement, the companies said."
)
NEGATIVE = "The city council approved a new bicycle lane on Main Street."
CONTRACT_KEYS = {
    "buyer",
    "seller",
    "parties",
    "deal_type",
    "status",
    "amount_usd",
    "amount_qualifier",
    "power_mw",
    "power_qualifier",
    "chips",
    "evidence",
    "confidence",
}


def _line(i: str, text: str) -> str:
    return json.dumps({"id": i, "text": text, "published": "2025-10-06", "url": None})


def _run(path: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infradeals.cli", "extract", path],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_contract_one_line_per_input_line_in_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([_line("d1", DEAL), _line("n1", NEGATIVE)]) + "\n", encoding="utf-8")
    proc = _run(str(src))
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["d1", "n1"]
    assert set(rows[0]) == {"id", "is_compute_deal", "score", "deals"}
    deal = rows[0]["deals"][0]
    assert set(deal) == CONTRACT_KEYS
    assert (deal["buyer"], deal["seller"], deal["power_mw"]) == ("OpenAI", "AMD", 6000.0)
    assert rows[0]["is_compute_deal"] and not rows[1]["is_compute_deal"]
    assert rows[1]["deals"] == [] and 0.0 <= rows[1]["score"] < 0.5 <= rows[0]["score"] <= 1.0


def test_bad_and_empty_lines_are_answered_in_place_and_the_run_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [_line("a", DEAL), "", "{not json", '{"id": "x"}', _line("c", DEAL)]
    src.write_text("\n".join(lines) + "\n")
    proc = _run(str(src))
    assert proc.returncode == 1
    rows = [json.loads(x) for x in proc.stdout.splitlines()]
    assert len(rows) == len(lines)
    assert [r["id"] for r in rows] == ["a", None, None, "x", "c"]
    assert rows[0]["deals"] and rows[4]["deals"] and "error" not in rows[0] and "error" not in rows[4]
    assert rows[1]["error"] == "line 2: empty line"
    assert rows[2]["error"].startswith("line 3: not valid JSON")
    assert rows[3]["error"].startswith("line 4: text:")
    assert all(r["deals"] == [] and r["is_compute_deal"] is False for r in rows[1:4])
    assert proc.stderr.count("\n") == 1 and "3 bad input line(s)" in proc.stderr and "line 2" in proc.stderr


def test_a_line_missing_text_names_the_field(tmp_path: Path) -> None:
    proc = _run("-", stdin=json.dumps({"id": "x"}) + "\n")
    assert proc.returncode == 1 and "line 1" in proc.stderr and "text" in proc.stderr


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("", "line 7: empty line"),
        ("   ", "line 7: empty line"),
        ("[1]", "line 7: line:"),
        ('{"id": 1}', "line 7: id:"),
    ],
)
def test_parse_line_gives_an_error_answer(line: str, reason: str) -> None:
    answer = parse_line(7, line)
    assert isinstance(answer, dict) and str(answer["error"]).startswith(reason)


def test_parse_line_reads_a_good_line() -> None:
    parsed = parse_line(1, _line("a", DEAL))
    assert isinstance(parsed, ExtractInput) and parsed.id == "a"


def test_answers_keep_the_order_across_batches(extractor: Extractor) -> None:
    lines = [_line(str(i), DEAL if i % 3 else NEGATIVE) if i % 4 else "{bad" for i in range(11)]
    out = list(answers(iter(lines), extractor, batch_size=3))
    assert len(out) == 11
    assert [o.get("error", "").startswith(f"line {i + 1}:") for i, o in enumerate(out)] == [
        i % 4 == 0 for i in range(11)
    ]
    assert [o["id"] for o in out if "error" not in o] == [str(i) for i in range(11) if i % 4]


def test_extract_many_streams(extractor: Extractor) -> None:
    """Results come out while the input is still being read: nothing is collected up front."""
    pulled: list[int] = []

    def docs() -> Iterator[ExtractInput]:
        for i in range(1000):
            pulled.append(i)
            yield ExtractInput(id=str(i), text=NEGATIVE if i % 2 else DEAL)

    stream = extractor.extract_many(docs(), batch_size=4)
    first = next(stream)
    assert first.id == "0" and first.is_compute_deal
    assert len(pulled) < 50
    assert sum(1 for _ in stream) == 999


def test_every_fact_records_the_extractor_version_and_its_sentence(extractor: Extractor) -> None:
    out = extractor.extract(ExtractInput(id="v", text="Intro line.\n\n" + DEAL))
    assert out.facts and out.extractor_version == EXTRACTOR_VERSION
    text = "Intro line.\n\n" + DEAL
    for fact in out.facts:
        assert fact.extractor_version == EXTRACTOR_VERSION
        assert text[fact.start : fact.end] == fact.surface
        assert fact.surface in fact.sentence and fact.doc_id == "v"
    deal = out.deals[0]
    assert deal.doc_id == "v" and set(deal.fact_ids) <= {f.fact_id for f in out.facts}
    assert text[deal.evidence_start : deal.evidence_end].strip() == deal.evidence


@pytest.mark.parametrize("ws", ["\u00a0", "\r"])
def test_odd_whitespace_keeps_offsets(extractor: Extractor, ws: str) -> None:
    text = f"OpenAI signed a $38{ws}billion{ws}deal with AWS for cloud capacity."
    out = extractor.extract(ExtractInput(id="w", text=text))
    money = [f for f in out.facts if f.kind == "money"]
    assert money and text[money[0].start : money[0].end] == money[0].surface
    assert out.deals[0].amount_usd == 38e9
