"""`infradeals export`: the marts as Parquet or CSV files with a data dictionary."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

HELP = "write every marts table as Parquet or CSV, with a data dictionary"
DESCRIPTION = """Write each marts table (deals, deal_parties, deal_sources, organisations, ... and the
analytics marts) of the read-only snapshot to DIR/<table>.parquet or .csv, plus DIR/data_dictionary.csv
listing every column with its type and its description (units: USD, MW, counts).

examples:
  infradeals export out/
  infradeals export --format csv out/
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="directory to write into (created if missing)")
    parser.add_argument(
        "--format", choices=["parquet", "csv"], default="parquet", help="file format (default parquet)"
    )
    parser.add_argument("--db", metavar="PATH", help="DuckDB file to read (default: the read-only snapshot)")


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from warehouse.export import export_marts
    from warehouse.snapshot import open_snapshot

    out = Path(args.dir)
    _check_directory(out)
    path = Path(args.db) if args.db else get_settings().snapshot_path
    with open_snapshot(path) as con:
        written = export_marts(con, Path(args.dir), args.format)
    for item in written:
        print(f"{item.rows:>8} rows  {item.path}")
    return 0


def _check_directory(out: Path) -> None:
    """DIR must be a writable directory, or creatable as one: a one-line UsageError otherwise."""
    from core.errors import UsageError

    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a directory: give a directory to export into")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the directory {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"cannot write into {out}: permission denied")
