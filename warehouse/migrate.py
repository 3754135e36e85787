"""Versioned schema migrations: every warehouse/migrations/NNNN_name.sql, applied in order, each in a
transaction, recorded in schema_migrations (version, name, checksum, applied_at). An applied file that was
edited afterwards is refused: write a new migration instead."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from core.errors import WarehouseError
from warehouse.db import transaction

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL,
    name       VARCHAR NOT NULL,
    checksum   VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE schema_migrations IS '[meta] Schema migrations applied to this database, one row per file.';
COMMENT ON COLUMN schema_migrations.version IS 'The NNNN number of warehouse/migrations/NNNN_name.sql.';
COMMENT ON COLUMN schema_migrations.name IS 'The name part of the file.';
COMMENT ON COLUMN schema_migrations.checksum IS 'sha256 of the file as applied.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC).';
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()

    @property
    def label(self) -> str:
        return f"{self.version:04d}_{self.name}"


def discover(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    """Every migration file in version order; two files with one number are an error."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if match is None:
            raise WarehouseError(f"migration file {path.name} is not named NNNN_name.sql")
        version = int(match.group(1))
        if version in found:
            raise WarehouseError(
                f"two migrations numbered {version:04d}: {found[version].label}, {path.stem}"
            )
        found[version] = Migration(version, match.group(2), path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def applied(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str]]:
    """version -> (name, checksum) of what the database applied (creating schema_migrations if missing)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables()"
        " WHERE database_name = current_database() AND schema_name = 'main'"
        " AND table_name = 'schema_migrations'"
    ).fetchall()
    if exists[0][0] == 0:
        con.execute(_BOOTSTRAP)
    rows = con.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    return {int(v): (str(n), str(c)) for v, n, c in rows}


def pending(con: duckdb.DuckDBPyConnection, migrations: list[Migration] | None = None) -> list[Migration]:
    """Migrations not applied yet; raises when an applied one was edited or is unknown to this code."""
    migrations = discover() if migrations is None else migrations
    done = applied(con)
    known = {m.version: m for m in migrations}
    for version, (name, checksum) in sorted(done.items()):
        m = known.get(version)
        if m is None:
            raise WarehouseError(
                f"the database has migration {version:04d}_{name}, unknown to this code: upgrade infradeals"
            )
        if m.checksum != checksum:
            raise WarehouseError(
                f"migration {m.label} was edited after it was applied: restore it and add a new migration"
            )
    return [m for m in migrations if m.version not in done]


def migrate(
    con: duckdb.DuckDBPyConnection, target: int | None = None, migrations: list[Migration] | None = None
) -> list[Migration]:
    """Apply pending migrations up to `target` (default: all), each in its own transaction; returns them."""
    todo = [m for m in pending(con, migrations) if target is None or m.version <= target]
    for m in todo:
        try:
            with transaction(con):
                con.execute(m.sql)
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                    [m.version, m.name, m.checksum, datetime.now(UTC).replace(tzinfo=None)],
                )
        except WarehouseError as exc:
            raise WarehouseError(f"migration {m.label} failed: {exc}") from exc
    return todo


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    done = applied(con)
    return max(done) if done else 0
