"""Clean errors before anything starts: a bad sources file or source name, a non-finite figure; quiet defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.settings import QUIET, quiet_environment

REPO = Path(__file__).resolve().parent.parent


def _cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "INFRADEALS_"))}
    return subprocess.run(
        [sys.executable, "-m", "infradeals.cli", *args],
        cwd=cwd,
        env={**base, "PYTHONPATH": str(REPO), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("yaml_text", "words"),
    [
        ("sources:\n  - name: a\n    kind: rss\n    url: http://x.example/feed\n    rsp: 2\n", ("rsp",)),
        ("sources:\n  - name: a\n    kind: rsss\n    url: http://x.example/feed\n", ("kind",)),
    ],
)
@pytest.mark.parametrize("command", ["run", "backfill"])
def test_a_bad_sources_file_is_one_line_before_prefect_starts(
    tmp_path: Path, yaml_text: str, words: tuple[str, ...], command: str
) -> None:
    bad = tmp_path / "sources.yml"
    bad.write_text(yaml_text, encoding="utf-8")
    home = tmp_path / "prefect-home"
    proc = _cli(command, "--sources", str(bad), cwd=tmp_path, env={"PREFECT_HOME": str(home)})
    _one_line_error(proc, 2, str(bad), *words)
    assert not home.exists(), "Prefect started before the sources were checked"


def test_an_unknown_source_name_is_one_line(tmp_path: Path) -> None:
    home = tmp_path / "prefect-home"
    proc = _cli("backfill", "--source", "nosuch", cwd=tmp_path, env={"PREFECT_HOME": str(home)})
    _one_line_error(proc, 2, "nosuch", "known:")
    assert not home.exists()


@pytest.mark.parametrize("value", ["inf", "nan", "-5", "0"])
def test_capacity_refuses_a_figure_that_is_not_positive_and_finite(tmp_path: Path, value: str) -> None:
    proc = _cli("capacity", "--mw", value, cwd=tmp_path)
    _one_line_error(proc, 2, "positive, finite")


def test_telemetry_is_off_and_prefect_home_is_the_projects_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for key in [*QUIET, "PREFECT_HOME"]:
        monkeypatch.delenv(key, raising=False)
    quiet_environment(tmp_path / "data")
    assert {k: os.environ[k] for k in QUIET} == {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    assert os.environ["PREFECT_HOME"] == str((tmp_path / "data" / "prefect").resolve())


def test_the_users_environment_wins_over_the_quiet_defaults(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "true")
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "mine"))
    quiet_environment(tmp_path / "data")
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "true"
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "mine")


@pytest.mark.parametrize("where", ["a-file", "a-file/below"])
def test_export_to_a_file_or_below_one_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    proc = _cli("export", str(tmp_path / where), cwd=tmp_path)
    _one_line_error(proc, 2, str(tmp_path / where))
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a directory"
