"""Opening the warehouse: one writer, read-only readers, bounded retry on lock, one-line errors.

DuckDB allows one read-write process per file and no reader while it writes, so every reader outside the
writer opens the published snapshot (warehouse.snapshot), never the warehouse itself.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from core.errors import WarehouseError

LOCK_MARKERS = ("Could not set lock", "Conflicting lock")


def one_line(exc: BaseException) -> str:
    """DuckDB's message on one line: the error and its hint, without the echoed SQL and caret lines."""
    kept = []
    for raw in str(exc).splitlines():
        line = raw.strip()
        if not line or line.startswith("LINE ") or set(line) <= {"^"}:
            continue
        kept.append(line)
    return " ".join(kept) or type(exc).__name__


def is_lock_error(exc: BaseException) -> bool:
    return any(marker in str(exc) for marker in LOCK_MARKERS)


def connect(
    path: Path,
    *,
    read_only: bool = False,
    migrate: bool = True,
    lock_timeout_s: float = 10.0,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (usable as a context manager); a writer's connection is migrated to the latest.

    A file locked by another process is retried with backoff for up to `lock_timeout_s`, then WarehouseError.
    """
    if read_only and not path.exists():
        raise WarehouseError(f"no DuckDB file at {path}")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout_s
    delay = 0.1
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as exc:
            if not is_lock_error(exc) or time.monotonic() >= deadline:
                what = "locked by another process" if is_lock_error(exc) else "cannot be opened"
                raise WarehouseError(f"{path} {what}: {one_line(exc)}") from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    if migrate and not read_only:
        from warehouse.migrate import migrate as apply_migrations

        try:
            apply_migrations(con)
        except BaseException:
            con.close()
            raise
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any error; DuckDB errors surface as WarehouseError."""
    con.begin()
    try:
        yield con
        con.complete()  # DuckDB 2 keeps an unread execute() result open; run it to its end before COMMIT
    except duckdb.Error as exc:
        _rollback(con)
        raise WarehouseError(one_line(exc)) from exc
    except BaseException:
        _rollback(con)
        raise
    try:
        con.commit()
    except duckdb.Error as exc:
        _rollback(con)
        raise WarehouseError(f"COMMIT failed: {one_line(exc)}") from exc


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Cancel any unread result, then ROLLBACK (closing the connection also discards the transaction)."""
    with contextlib.suppress(duckdb.Error):
        con.abort()
    with contextlib.suppress(duckdb.Error):
        con.rollback()


def utc_naive(value: datetime | None) -> datetime | None:
    """Timestamps are stored as UTC without a time zone."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def as_utc(value: datetime) -> datetime:
    """A stored (naive UTC) timestamp back as an aware datetime."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def replace_rows(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    """Replace every row of `table` with `frame` (columns matched by name) inside the caller's transaction."""
    view = f"_replace_{table}"
    con.register(view, frame)
    try:
        con.execute(f"DELETE FROM {table}")
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")
    finally:
        con.unregister(view)
    return frame.height
