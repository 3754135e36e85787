"""`infradeals migrate`: create or upgrade the warehouse schema, then publish the read-only snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "create or upgrade the warehouse schema (versioned SQL migrations)"
DESCRIPTION = """Create the DuckDB warehouse, or apply the migrations it has not applied yet, each in its own
transaction (warehouse/migrations/NNNN_name.sql, recorded in the table schema_migrations). The read-only
snapshot is then published again, so queries see the new schema.

examples:
  infradeals migrate
  infradeals migrate --status
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--status", action="store_true", help="list applied and pending migrations; change nothing"
    )
    parser.add_argument("--to", type=int, metavar="VERSION", help="apply migrations up to VERSION only")
    parser.add_argument(
        "--db", metavar="PATH", help="DuckDB warehouse file (default: data/infradeals.duckdb)"
    )


def _status(db_path: Path) -> int:
    from warehouse.db import connect
    from warehouse.migrate import applied, discover

    if not db_path.exists():
        print(f"no warehouse at {db_path}; every migration is pending:")
        done: dict[int, tuple[str, str]] = {}
    else:
        with connect(db_path, migrate=False) as con:
            done = applied(con)
    for m in discover():
        print(f"{m.label:<36}{'applied' if m.version in done else 'pending'}")
    return 0


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from warehouse.db import connect
    from warehouse.migrate import current_version, migrate
    from warehouse.snapshot import publish_snapshot

    settings = get_settings()
    if args.db:
        settings = settings.model_copy(update={"db_path": Path(args.db)})
    db_path = settings.warehouse_path
    if args.status:
        return _status(db_path)
    with connect(db_path, migrate=False) as con:
        done = migrate(con, target=args.to)
        version = current_version(con)
    for m in done:
        print(f"applied {m.label}")
    print(f"{db_path}: schema version {version}" + ("" if done else " (up to date)"))
    publish_snapshot(db_path, settings.snapshot_path)
    print(f"snapshot published: {settings.snapshot_path}")
    return 0
