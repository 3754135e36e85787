"""`infradeals sql` on the snapshot: formats, output files, named queries, the prompt and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from core.settings import Settings
from infradeals.cli import main

DEALS_SQL = "SELECT buyer, seller, power_mw FROM deals ORDER BY power_mw DESC"


def sql(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["sql", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_output_is_aligned(published: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = sql(capsys, DEALS_SQL)
    assert code == 0
    assert out.splitlines() == [
        "buyer   seller  power_mw",
        "------  ------  --------",
        "OpenAI  AMD         6000",
        "OpenAI  Oracle      4500",
        "(2 rows)",
    ]


def test_csv_and_json_output(published: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = sql(capsys, "--format", "csv", DEALS_SQL)
    assert list(csv.reader(io.StringIO(out))) == [
        ["buyer", "seller", "power_mw"],
        ["OpenAI", "AMD", "6000"],
        ["OpenAI", "Oracle", "4500"],
    ]
    _, out, _ = sql(
        capsys, "--format", "json", "SELECT seller, first_reported, amount_usd FROM deals ORDER BY seller"
    )
    assert json.loads(out) == [
        {"seller": "AMD", "first_reported": "2025-10-06", "amount_usd": None},
        {"seller": "Oracle", "first_reported": "2025-09-10", "amount_usd": 300e9},
    ]


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_output_file(
    published: Settings, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"deals{suffix}"
    code, out, _ = sql(capsys, "--output", str(target), DEALS_SQL)
    assert code == 0 and out.strip() == f"2 rows written to {target}"
    if suffix == ".parquet":
        assert pq.read_table(target).to_pylist()[0] == {
            "buyer": "OpenAI",
            "seller": "AMD",
            "power_mw": 6000.0,
        }
    elif suffix == ".json":
        assert [r["seller"] for r in json.loads(target.read_text())] == ["AMD", "Oracle"]
    else:
        assert target.read_text().splitlines()[1] == "OpenAI,AMD,6000"


def test_an_unknown_output_suffix_is_a_usage_error(
    published: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = sql(capsys, "--output", "deals.xlsx", DEALS_SQL)
    assert code == 2 and "--output must end in" in err


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INFRADEALS_DATA_DIR": str(settings.data_dir)}
    env.pop("INFRADEALS_DB_PATH", None)
    return subprocess.run(
        [sys.executable, "-m", "infradeals.cli", "sql", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_a_sql_error_is_one_line_and_exits_1(published: Settings) -> None:
    done = _cli(published, "SELECT * FROM no_such_table")
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith(
        "infradeals sql: error: Catalog Error: Table with name no_such_table does not exist"
    )


def test_the_snapshot_is_read_only(published: Settings) -> None:
    done = _cli(published, "DELETE FROM deals")
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 1 and "read-only" in done.stderr


def test_no_snapshot_says_to_run_make_run(settings: Settings) -> None:
    done = _cli(settings, "SELECT 1")
    assert done.returncode == 1
    assert len(done.stderr.splitlines()) == 1 and "make run" in done.stderr and "Traceback" not in done.stderr


def test_interactive_prompt(
    published: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typed = "SELECT count(*) AS n\nFROM deals;\nSELECT nope;\n.quit\nSELECT 'never run';\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    code, out, _ = sql(capsys)
    assert code == 0
    assert "n\n-\n2\n(1 row)" in out
    assert 'error: Binder Error: Referenced column "nope" was not found' in out
    assert "never run" not in out
    assert (published.data_dir / ".infradeals_sql_history").exists()


def test_named_query_top_suppliers(published: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = sql(capsys, "--format", "csv", "--query", "top_suppliers_mw", "--param", "year=2025")
    got = [
        (r["rank"], r["supplier"], r["mw_contracted"], r["n_deals"]) for r in csv.DictReader(io.StringIO(out))
    ]
    assert got == [("1", "AMD", "6000", "1"), ("2", "Oracle", "4500", "1")]
    _, out, _ = sql(capsys, "--format", "csv", "--query", "top_suppliers_mw", "-p", "year=2024")
    assert out.splitlines()[1:] == []


def test_named_query_company_deals_by_alias_any_case(
    published: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = sql(capsys, "--format", "json", "--query", "company_deals", "-p", "company=oracle")
    got = json.loads(out)
    assert [(r["role"], r["buyer"], r["url"]) for r in got] == [
        ("seller", "OpenAI", "http://dcledger.example/news/openai-oracle.html")
    ]
    assert "4.5 gigawatts" in got[0]["evidence"]
    _, out, _ = sql(capsys, "--format", "json", "--query", "company_deals", "-p", "company=OpenAI")
    assert len(json.loads(out)) == 3  # two deals; the chip deal has two sources


def test_named_query_needs_its_parameters(published: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = sql(capsys, "--query", "top_suppliers_mw")
    assert code == 2 and "needs --param year=VALUE" in err
    code, _, err = sql(capsys, "--query", "no_such_query")
    assert code == 2 and "no query named 'no_such_query'" in err
