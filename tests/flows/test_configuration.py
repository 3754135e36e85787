"""Configuration flows one way: environment -> settings -> parameters. The sample newsroom starts only for
the bundled sample sources file; the nightly deployment names its sources; importing a flow builds nothing."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

import samples.server
from core.settings import SAMPLE_SOURCES_FILE, Settings, get_settings, is_sample_sources
from crawl.sources import load_sources
from flows.params import NightlyParams
from flows.pipeline import newsroom_for
from flows.runners import SettingsTaskRunner

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def servers_started(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Replaces the sample newsroom server by a recorder of the directories it would have served."""
    started: list[Path] = []

    @contextlib.contextmanager
    def recorder(directory: Path, as_of: Any = None) -> Iterator[Any]:
        started.append(directory)
        yield type("Server", (), {"proxy_url": "http://127.0.0.1:9/"})()

    monkeypatch.setattr(samples.server, "NewsroomServer", recorder)
    return started


def test_another_sources_file_in_the_environment_starts_no_sample_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, servers_started: list[Path]
) -> None:
    own = tmp_path / "sources.yml"
    own.write_text(
        SAMPLE_SOURCES_FILE.read_text(encoding="utf-8"), encoding="utf-8"
    )  # same content, other file
    monkeypatch.setenv("INFRADEALS_SOURCES_FILE", str(own))
    get_settings.cache_clear()
    try:
        settings = get_settings()
        path = settings.sources_path(NightlyParams().sources_file)
        assert path == own
        with newsroom_for(path, None, settings) as proxy_url:
            assert proxy_url is None
    finally:
        get_settings.cache_clear()
    assert servers_started == []


def test_the_bundled_sample_sources_start_the_sample_server_however_spelled(
    servers_started: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings()
    monkeypatch.chdir(ROOT)
    for spelling in [
        settings.sources_path(None),
        Path("samples/sources.yml"),
        Path("samples/../samples/sources.yml"),
    ]:
        assert is_sample_sources(spelling)
        with newsroom_for(spelling, None, settings) as proxy_url:
            assert proxy_url == "http://127.0.0.1:9/"
    assert servers_started == [settings.newsroom_dir] * 3


def test_a_flow_parameter_wins_over_the_setting(tmp_path: Path) -> None:
    settings = Settings(sources_file=tmp_path / "env.yml")
    assert settings.sources_path("param.yml") == Path("param.yml")
    assert settings.sources_path(None) == tmp_path / "env.yml"
    assert Settings().sources_path(None) == SAMPLE_SOURCES_FILE


def test_the_nightly_deployment_names_its_sources_and_not_the_sample_newsroom() -> None:
    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    nightly = next(d for d in spec["deployments"] if d["name"] == "nightly")
    params = NightlyParams.model_validate(nightly["parameters"]["params"])
    assert params.sources_file is not None
    path = ROOT / params.sources_file  # the deployment's working directory is the checkout
    assert path.is_file() and not is_sample_sources(path)
    assert len(load_sources(path).sources) >= 5
    assert params.as_of is None and params.since is None  # no date frozen at deploy time


def test_importing_the_flows_reads_no_settings_and_builds_no_runner(tmp_path: Path) -> None:
    """An invalid setting would fail at import if a flow read the settings there."""
    code = (
        "import flows.nightly, flows.backfill, flows.reextract\n"
        "from flows.runners import SettingsTaskRunner\n"
        "for f in (flows.nightly.nightly, flows.backfill.backfill, flows.reextract.reextract):\n"
        "    assert isinstance(f.task_runner, SettingsTaskRunner), f.task_runner\n"
        "print('ok')\n"
    )
    env = {
        "INFRADEALS_TASK_RUNNER": "no-such-runner",
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-1500:]


def test_the_runner_is_made_from_the_settings_when_a_run_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    try:
        monkeypatch.setenv("INFRADEALS_TASK_RUNNER", "processes")
        assert isinstance(SettingsTaskRunner().duplicate(), ProcessPoolTaskRunner)
        get_settings.cache_clear()
        monkeypatch.setenv("INFRADEALS_TASK_RUNNER", "threads")
        assert isinstance(SettingsTaskRunner().duplicate(), ThreadPoolTaskRunner)
    finally:
        get_settings.cache_clear()
