"""One dead source among healthy ones: the healthy ones load, the run completes, and the summary, the
`failures` table and the exit status name the dead one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

import crawl.sources
from core.records import SourceConfig, SourcesFile
from infradeals.cli import main

DEAD = SourceConfig(name="deadwire", kind="rss", url="http://deadwire.example/rss.xml", min_items=1)


@pytest.mark.usefixtures("prefect_harness")
def test_a_dead_source_fails_alone(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = crawl.sources.load_sources

    def with_a_dead_one(path: Any) -> SourcesFile:
        return SourcesFile(sources=[*real(path).sources, DEAD])  # the sample newsroom answers 404 for it

    monkeypatch.setattr(crawl.sources, "load_sources", with_a_dead_one)
    assert main(["run"]) == 3
    out = capsys.readouterr().out
    assert "SOURCE FAILED: deadwire" in out
    with duckdb.connect(str(data_dir / "infradeals.duckdb"), read_only=True) as con:
        failures = con.execute("SELECT stage, source, url, reason FROM failures").fetchall()
        loaded = dict(con.execute("SELECT source, count(*) FROM documents GROUP BY source").fetchall())
    assert [(st, src, url) for st, src, url, _ in failures if src == "deadwire"] == [
        ("discover", "deadwire", DEAD.url)
    ]
    assert "404" in next(r for _, src, _, r in failures if src == "deadwire")
    assert {"meridianwire", "dcledger"} <= set(loaded) and sum(loaded.values()) >= 40
