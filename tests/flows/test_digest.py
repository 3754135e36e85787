"""The nightly digest on the sample warehouse: written by the run, ranked by significance, each deal with its
evidence; `infradeals digest --date D` ranks a day's largest new signed deal first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from infradeals.cli import main
from infradeals.commands._sample_truth import build_sample_warehouse
from reports.digest import read_digest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("prefect_harness")]


@pytest.fixture(scope="module")
def sample(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_warehouse(tmp_path_factory.mktemp("sample"))


@pytest.mark.parametrize("day", [date(2025, 11, 3), date(2025, 10, 6)])
def test_a_days_top_deal_is_its_largest_new_signed_deal(sample: Path, day: date) -> None:
    with duckdb.connect(str(sample), read_only=True) as con:
        digest = read_digest(con, day)
        signed = con.execute(
            "SELECT deal_id FROM deals WHERE first_reported = ? AND status = 'signed' "
            "ORDER BY coalesce(amount_usd, 0) DESC, coalesce(power_mw, 0) DESC LIMIT 1",
            [day],
        ).fetchone()
    assert signed is not None and digest.new and digest.new[0].deal_id == signed[0]
    scores = [d.significance for d in digest.new]
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert all(d.first_reported == day for d in digest.new)
    assert digest.new[0].evidence and digest.new[0].url


def test_the_run_wrote_its_digest_and_the_command_writes_a_days(sample: Path, tmp_path: Path) -> None:
    written = sorted((sample.parent / "digests").glob("*.md"))
    assert len(written) == 1
    text = written[0].read_text(encoding="utf-8")
    assert text.startswith("# infradeals digest, ") and "## New deals" in text and "## Data health" in text
    assert "significance" in text and "evidence: \u201c" in text
    assert main(["digest", "--db", str(sample), "--date", "2025-10-06", "--out", str(tmp_path)]) == 0
    day = (tmp_path / "2025-10-06.md").read_text(encoding="utf-8")
    assert day.splitlines()[0] == "# infradeals digest, 2025-10-06"
    assert "OpenAI <- AMD" in day.split("## New deals")[1].splitlines()[2]
    assert (tmp_path / "2025-10-06.html").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_window_after_its_day_is_a_one_line_error(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["digest", "--db", str(sample), "--date", "2025-10-06", "--since", "2025-11-01"])
    assert code == 2 and "after the digest's day" in capsys.readouterr().err
