"""Feedback: a progress display for interactive CLI runs, and Prefect artifacts for deployed runs.

`cli_progress()` shows one row per pipeline stage, advanced as the stage's Prefect task runs complete (read
from the task-run log records of this process), plus rows a flow drives itself through `expect()` and
`advance()` (the backfill's days). It shows nothing when stderr is not a terminal: deployed runs report
through Prefect logs and the artifacts below instead. Prefect's console logs print above the display.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

from reports.backfill import BackfillSummary, backfill_markdown

STAGES = ("discover", "fetch", "parse", "extract", "load")
_FINISHED_OK = "Finished in state Completed"


class RunProgress:
    """Rows of a rich Progress, created on first use; thread-safe."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            SpinnerColumn(finished_text="[green]✓"),
            TextColumn("{task.description:<10}"),
            BarColumn(),
            TextColumn("{task.completed:>4.0f}{task.fields[of]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._rows: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def _row(self, name: str) -> TaskID:
        with self._lock:
            if name not in self._rows:
                self._rows[name] = self.progress.add_task(name, total=None, of="")
            return self._rows[name]

    def expect(self, name: str, total: int) -> None:
        """The row's total is known: it shows as a bar of `total` steps."""
        self.progress.update(self._row(name), total=total, of=f" / {total}")

    def advance(self, name: str, steps: int = 1) -> None:
        self.progress.advance(self._row(name), steps)

    def finish(self) -> None:
        """Rows without a total end as full bars of what they counted."""
        for row in self._rows.values():
            task = self.progress.tasks[row]
            if task.total is None:
                self.progress.update(row, total=max(task.completed, 1), completed=max(task.completed, 1))


class _TaskRunCounter(logging.Handler):
    """Advances a stage's row each time one of its task runs finishes Completed in this process."""

    def __init__(self, progress: RunProgress) -> None:
        super().__init__(level=logging.INFO)
        self.target = progress

    def emit(self, record: logging.LogRecord) -> None:
        name = getattr(record, "task_name", None)
        if name in STAGES and str(record.msg).startswith(_FINISHED_OK):
            self.target.advance(name)


_active: RunProgress | None = None


def expect(name: str, total: int) -> None:
    """Set a row's total on the active display; nothing when no display is shown (deployed runs, pipes)."""
    if _active is not None:
        _active.expect(name, total)


def advance(name: str, steps: int = 1) -> None:
    """Advance a row of the active display; nothing when no display is shown."""
    if _active is not None:
        _active.advance(name, steps)


@contextlib.contextmanager
def _console_logs_to(console: Console) -> Iterator[None]:
    """Prefect's console log handlers print through `console` (above the live display) for the duration."""
    from prefect.logging.handlers import PrefectConsoleHandler

    loggers = [logging.getLogger(), logging.getLogger("prefect")]
    swapped = [(h, h.console) for lg in loggers for h in lg.handlers if isinstance(h, PrefectConsoleHandler)]
    for handler, _ in swapped:
        handler.console = console
    try:
        yield
    finally:
        for handler, original in swapped:
            handler.console = original


@contextlib.contextmanager
def cli_progress(enabled: bool | None = None, stream: TextIO | None = None) -> Iterator[RunProgress | None]:
    """A progress display on `stream` (stderr) while the body runs; by default only when it is a terminal."""
    global _active
    stream = stream if stream is not None else sys.stderr
    if enabled is None:
        enabled = stream.isatty()
    if not enabled or _active is not None:
        yield None
        return
    display = RunProgress(Console(file=stream))
    counter = _TaskRunCounter(display)
    task_logger = logging.getLogger("prefect.task_runs")
    task_logger.addHandler(counter)
    _active = display
    try:
        with display.progress, _console_logs_to(display.progress.console):
            yield display
            display.finish()
    finally:
        _active = None
        task_logger.removeHandler(counter)


# --- deployed runs: Prefect artifacts -----------------------------------------------------------------------


def publish_backfill_report(summary: BackfillSummary) -> None:
    """A markdown artifact summarising the backfill and, when there are any, a table artifact of new deals."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    create_markdown_artifact(
        backfill_markdown(summary), key="infradeals-backfill-summary", description="Backfill partitions"
    )
    if summary.new_deals:
        create_table_artifact(
            summary.new_deals, key="infradeals-backfill-new-deals", description="Deals new in this backfill"
        )
