"""The interactive SQL prompt of `infradeals sql` (no query given): readline editing, a history file,
statements ended by ';', errors shown on one line without leaving the prompt."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import duckdb

from core.errors import InfradealsError
from warehouse.output import render, run_query

PROMPT, MORE = "sql> ", "...> "
HELP = (
    "End a statement with ';' (an empty line also runs it). "
    ".tables lists the tables, .help shows this, .quit (or Ctrl-D) leaves."
)
TABLES_SQL = """
SELECT table_name AS "table", estimated_size AS rows, comment
FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY table_name
"""


@contextlib.contextmanager
def history(path: Path) -> Iterator[None]:
    """readline history kept in `path` (nothing happens where readline is unavailable)."""
    try:
        import readline
    except ImportError:  # pragma: no cover - platforms without readline
        yield
        return
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(2000)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(path)


def _execute(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, width: int | None, out: TextIO) -> None:
    try:
        out.write(render(run_query(con, sql), fmt, width))
    except InfradealsError as exc:
        out.write(f"error: {exc}\n")


def repl(
    con: duckdb.DuckDBPyConnection,
    *,
    history_file: Path,
    fmt: str = "table",
    width: int | None = None,
    out: TextIO,
    read: Callable[[str], str] = input,
) -> int:
    """Read statements until .quit or end of input; returns the exit code (0)."""
    out.write(f"infradeals sql (read-only snapshot). {HELP}\n")
    buffer: list[str] = []
    with history(history_file):
        while True:
            try:
                line = read(MORE if buffer else PROMPT)
            except EOFError:
                out.write("\n")
                break
            stripped = line.strip()
            if not buffer and stripped.startswith("."):
                if stripped in (".quit", ".exit", ".q"):
                    break
                if stripped == ".tables":
                    _execute(con, TABLES_SQL, fmt, width, out)
                else:
                    out.write(HELP + "\n")
                continue
            if stripped:
                buffer.append(line)
            if buffer and (stripped.endswith(";") or not stripped):
                _execute(con, "\n".join(buffer), fmt, width, out)
                buffer = []
    if buffer:
        _execute(con, "\n".join(buffer), fmt, width, out)
    return 0
