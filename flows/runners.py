"""Task runner choice: threads | processes | dask (prefect-dask on a LocalCluster or an existing cluster)."""

from __future__ import annotations

from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

from core.settings import Settings


def make_task_runner(settings: Settings) -> Any:
    """The task runner named by settings.task_runner. The DuckDB writer never runs on it."""
    if settings.task_runner == "threads":
        return ThreadPoolTaskRunner(max_workers=4)
    if settings.task_runner == "processes":
        return ProcessPoolTaskRunner(max_workers=settings.dask_workers)
    from prefect_dask.task_runners import DaskTaskRunner

    if settings.dask_address:
        return DaskTaskRunner(address=settings.dask_address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={"n_workers": settings.dask_workers, "threads_per_worker": 1, "processes": True},
    )
