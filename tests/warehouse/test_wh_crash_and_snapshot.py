"""A killed writer leaves the previous state; snapshot readers never block a load nor see partial data."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.warehouse.batches import STABLE_TABLES, consolidate, day1_batch, day2_batch, read_contents
from tests.warehouse.crash_loader import IN_TRANSACTION
from warehouse.load import load_batch
from warehouse.snapshot import publish_snapshot

ROOT = Path(__file__).resolve().parents[2]
LOGS = ("run_log", "failures", "fetch_log")


def _python(module: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_during_a_load_keeps_the_previous_state_and_the_next_load_completes(tmp_path: Path) -> None:
    db, reference = tmp_path / "wh.duckdb", tmp_path / "reference.duckdb"
    load_batch(db, day1_batch(), consolidate)
    before = read_contents(db, STABLE_TABLES + LOGS)

    loader = _python("tests.warehouse.crash_loader", str(db))
    assert loader.stdout is not None
    line = loader.stdout.readline().strip()
    assert line == IN_TRANSACTION, loader.stderr.read() if loader.stderr else ""
    loader.send_signal(signal.SIGKILL)
    assert loader.wait() == -signal.SIGKILL
    loader.communicate()

    assert read_contents(db, STABLE_TABLES + LOGS) == before
    stats = load_batch(db, day2_batch(), consolidate)
    assert stats.new_versions == 2

    load_batch(reference, day1_batch(), consolidate)
    load_batch(reference, day2_batch(), consolidate)
    assert read_contents(db) == read_contents(reference)


def test_a_reader_holding_the_snapshot_neither_blocks_the_load_nor_sees_it_half_done(tmp_path: Path) -> None:
    db, snapshot = tmp_path / "wh.duckdb", tmp_path / "wh.read.duckdb"
    load_batch(db, day1_batch(), consolidate)
    publish_snapshot(db, snapshot)

    reader = _python("tests.warehouse.snapshot_reader", str(snapshot))
    assert reader.stdin is not None and reader.stdout is not None
    first = json.loads(reader.stdout.readline())
    assert first == {"versions": 3, "deal_sources": 2, "runs": 1}

    load_batch(db, day2_batch(), consolidate)  # the reader keeps its connection open meanwhile
    publish_snapshot(db, snapshot)

    reader.stdin.write("again\n")
    reader.stdin.flush()
    during = json.loads(reader.stdout.readline())
    _, err = reader.communicate()  # closes stdin: the reader exits
    assert reader.returncode == 0, err
    assert during == first  # the open connection still reads the whole old snapshot

    with duckdb.connect(str(snapshot), read_only=True) as con:
        after = con.execute("SELECT count(*) FROM document_versions").fetchone()
    assert after == (5,)
    assert read_contents(snapshot) == read_contents(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wh.duckdb", "wh.read.duckdb"]


def test_publishing_twice_replaces_the_snapshot_in_place(tmp_path: Path) -> None:
    db, snapshot = tmp_path / "wh.duckdb", tmp_path / "wh.read.duckdb"
    load_batch(db, day1_batch(), consolidate)
    publish_snapshot(db, snapshot)
    with duckdb.connect(str(snapshot), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM deals").fetchone() == (2,)
    load_batch(db, day2_batch(), consolidate)
    publish_snapshot(db, snapshot)
    assert read_contents(snapshot) == read_contents(db)
