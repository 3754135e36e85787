"""Task runner choice: threads | processes | dask (prefect-dask on a LocalCluster or an existing cluster).

The flows are declared with `SettingsTaskRunner()`, which builds nothing at import: Prefect calls its
`duplicate()` when a run starts, and that is when the settings are read and the real runner is made.
"""

from __future__ import annotations

from typing import Any, NoReturn

from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner

from core.settings import Settings, get_settings


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


class SettingsTaskRunner(TaskRunner[Any]):
    """A placeholder that becomes the configured runner when a flow run starts (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]  # Prefect leaves it untyped

    @property
    def name(self) -> str:
        return "settings"

    def duplicate(self) -> Any:
        return make_task_runner(get_settings())

    def submit(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("SettingsTaskRunner is replaced by the configured runner when a flow run starts")
