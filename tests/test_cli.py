"""The command line: clear help, one-line errors with exit 2, no tracebacks."""

from __future__ import annotations

import subprocess
import sys

import pytest

from infradeals.cli import COMMANDS, build_parser, main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "infradeals.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_command_is_registered() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted(COMMANDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_subcommand_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: infradeals {command}")
    assert "options:" in out


def test_top_level_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


def test_unknown_flag_is_one_line_exit_2() -> None:
    proc = _run("run", "--no-such-flag")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "unrecognized arguments: --no-such-flag" in lines[0]
    assert "Traceback" not in proc.stderr


def test_missing_sources_file_is_one_line_exit_2(tmp_path: object) -> None:
    proc = _run("run", "--sources", "/nonexistent/sources.yml")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "infradeals run: error: sources file not found: /nonexistent/sources.yml"


def test_backfill_window_refused_with_message() -> None:
    proc = _run("backfill", "--start", "2025-09-10", "--end", "2025-09-01")
    assert proc.returncode == 2
    assert "start_date 2025-09-10 is after end_date 2025-09-01" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
