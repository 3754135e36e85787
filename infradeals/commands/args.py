"""What several commands share: the one date-argument parser, the task-runner option, parameter checking."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from core.errors import UsageError

M = TypeVar("M", bound=BaseModel)


def iso_date(value: str) -> date:
    """argparse type of every DATE argument: YYYY-MM-DD."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_task_runner(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--task-runner",
        choices=["threads", "processes", "dask"],
        help="how tasks spread out (default: INFRADEALS_TASK_RUNNER, else threads)",
    )


def flow_params(model: type[M], **fields: Any) -> M:
    """The flow's parameter model, or a one-line UsageError (exit 2) saying what is wrong."""
    try:
        return model(**fields)
    except ValidationError as exc:
        raise UsageError(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


def with_runner(flow: Any, args: argparse.Namespace) -> Any:
    """The flow with the task runner of the settings, or of --task-runner when given."""
    from core.settings import get_settings
    from flows.runners import make_task_runner

    settings = get_settings()
    if getattr(args, "task_runner", None):
        settings = settings.model_copy(update={"task_runner": args.task_runner})
    return flow.with_options(task_runner=make_task_runner(settings))


def check_sources(sources_file: str | Path | None, names: list[str] | None = None) -> None:
    """Validate the effective sources file (and the names asked for) before Prefect starts: a one-line error."""
    from core.settings import get_settings
    from crawl.sources import load_sources, select_sources

    sources = load_sources(get_settings().sources_path(sources_file)).sources
    select_sources(sources, list(names or []))
