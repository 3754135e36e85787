"""The read-only snapshot: after each load the writer copies the checkpointed warehouse beside the snapshot
and renames it into place, so readers are never locked out and never see a half-written file (a reader holding
the old snapshot open keeps reading the old file until it reconnects)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from core.errors import WarehouseError
from warehouse.db import connect, one_line


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _verify(path: Path) -> None:
    """The copy opens read-only and has its schema table: refuse to publish anything else."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("SELECT count(*) FROM schema_migrations").fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(f"the snapshot copy failed verification: {one_line(exc)}") from exc


def publish_snapshot(db_path: Path, snapshot_path: Path) -> Path:
    """CHECKPOINT the warehouse, copy it to a temp file beside the snapshot, verify it, os.replace it.

    The writer's connection stays open during the copy, so no other process can write the file meanwhile.
    """
    if not db_path.exists():
        raise WarehouseError(f"no warehouse at {db_path}: run `infradeals migrate` or `make run` first")
    snapshot_path.parent.mkdir(parents=True, exist_ok=True)
    for stale in snapshot_path.parent.glob(f".{snapshot_path.name}.*.tmp"):  # a copy cut short by a kill
        stale.unlink(missing_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{snapshot_path.name}.", suffix=".tmp", dir=snapshot_path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with connect(db_path) as con:
            con.execute("CHECKPOINT")
            shutil.copyfile(db_path, tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        _verify(tmp)
        os.replace(tmp, snapshot_path)
        _fsync_dir(snapshot_path.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return snapshot_path


def open_snapshot(snapshot_path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot; a one-line error when there is none yet."""
    if not snapshot_path.exists():
        raise WarehouseError(f"no snapshot at {snapshot_path}: run `make run` (or `infradeals run`) first")
    try:
        return duckdb.connect(str(snapshot_path), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseError(f"cannot open the snapshot {snapshot_path}: {one_line(exc)}") from exc
