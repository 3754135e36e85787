"""Docs that stay true: every CLI command and every deployment appears in the README."""

from __future__ import annotations

from pathlib import Path

import yaml

from infradeals.cli import COMMANDS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_every_command_is_documented() -> None:
    missing = [c for c in COMMANDS if f"`infradeals {c}" not in README]
    assert not missing, f"README does not document: {missing}"


def test_every_deployment_is_documented() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    names = [d["name"] for d in spec["deployments"]]
    assert sorted(names) == ["backfill", "nightly"]
    for name in names:
        assert f"`{name}`" in README, f"deployment {name} not in README"


def test_nightly_schedule_is_2am_utc() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    nightly = next(d for d in spec["deployments"] if d["name"] == "nightly")
    assert nightly["schedules"] == [{"cron": "0 2 * * *", "timezone": "UTC", "active": True}]
