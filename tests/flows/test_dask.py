"""The nightly flow on the Dask task runner (a 2-worker LocalCluster) loads the same tables as with threads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from distributed import Client, LocalCluster

from core.settings import Settings, get_settings
from flows.nightly import nightly
from flows.params import NightlyParams
from flows.runners import make_task_runner

DAY1 = date(2026, 6, 1)
# Logs carry run ids and clock times; the other tables must be equal, minus their clock-time columns.
LOG_TABLES = {"fetch_log", "run_log", "failures", "schema_migrations"}


def stable_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table but the logs, without TIMESTAMP columns (when a row was fetched or loaded)."""
    with duckdb.connect(str(db), read_only=True) as con:
        columns = con.execute(
            "SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() "
            "WHERE NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables()) "
            "AND data_type NOT LIKE 'TIMESTAMP%' GROUP BY table_name"
        ).fetchall()
        contents = {}
        for table, cols in columns:
            if table not in LOG_TABLES:
                select = ", ".join(f'"{c}"' for c in cols)
                contents[table] = sorted(con.sql(f'SELECT {select} FROM "{table}"').fetchall(), key=repr)
        return contents


@pytest.fixture
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def settings_in(data: Path, monkeypatch: pytest.MonkeyPatch, **update: object) -> Settings:
    monkeypatch.setenv("INFRADEALS_DATA_DIR", str(data))
    monkeypatch.delenv("INFRADEALS_DB_PATH", raising=False)
    get_settings.cache_clear()
    return get_settings().model_copy(update=update)


def test_dask_runner_is_a_local_cluster_or_the_given_address() -> None:
    local = make_task_runner(Settings(task_runner="dask", dask_workers=2))
    assert local.cluster_kwargs["n_workers"] == 2 and local.cluster_kwargs["processes"] is True
    remote = make_task_runner(Settings(task_runner="dask", dask_address="tcp://127.0.0.1:8786"))
    assert remote.address == "tcp://127.0.0.1:8786"


@pytest.mark.usefixtures("prefect_harness")
def test_nightly_on_two_dask_workers_loads_the_same_tables_as_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster: LocalCluster
) -> None:
    threads = settings_in(tmp_path / "threads", monkeypatch, task_runner="threads")
    nightly.with_options(task_runner=make_task_runner(threads))(NightlyParams(as_of=DAY1))
    expected = stable_contents(threads.warehouse_path)
    assert expected["deals"] and expected["documents"]

    dask = settings_in(
        tmp_path / "dask", monkeypatch, task_runner="dask", dask_address=cluster.scheduler_address
    )
    nightly.with_options(task_runner=make_task_runner(dask))(NightlyParams(as_of=DAY1))
    with Client(cluster) as client:
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
    assert len(executed) == 2
    assert sum(executed.values()) >= 5  # discover (one per source) and extract batches ran on the workers
    assert stable_contents(dask.warehouse_path) == expected
    get_settings.cache_clear()
