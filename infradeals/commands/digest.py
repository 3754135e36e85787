"""`infradeals digest`: the deals of a day (or since a day) ranked by significance, as Markdown and HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from infradeals.commands.args import iso_date

HELP = "write the digest of a day's deals (ranked by significance) as Markdown and HTML"
DESCRIPTION = """Write <data_dir>/digests/YYYY-MM-DD.md and .html from the read-only snapshot: the deals first
reported on that day (or since --since), and those expanded or cancelled then, ranked by significance (0-100,
with its parts), each with its figures, status, capacity estimate, evidence sentence and source link; the latest
month's HHI and CR4; data health (failed sources and documents of the last run, figures in quarantine).
Without --date, the day of the latest deal in the warehouse. The nightly run writes the digest of its new deals.

examples:
  infradeals digest
  infradeals digest --date 2025-09-22
  infradeals digest --since 2025-09-01 --date 2025-09-30
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=iso_date, metavar="DATE", help="the day (default: the latest deal's)")
    parser.add_argument("--since", type=iso_date, metavar="DATE", help="a window from this day to --date")
    parser.add_argument("--db", metavar="PATH", help="snapshot to read (default: the published snapshot)")
    parser.add_argument("--out", metavar="DIR", help="where to write (default: <data_dir>/digests)")


def run(args: argparse.Namespace) -> int:
    from core.errors import UsageError
    from core.settings import get_settings
    from reports.digest import read_digest, write_digest
    from warehouse.snapshot import open_snapshot

    settings = get_settings()
    path = Path(args.db) if args.db else settings.snapshot_path
    with open_snapshot(path) as con:
        day = args.date or con.execute("SELECT max(first_reported) FROM deals").fetchone()[0]  # type: ignore[index]
        if day is None:
            raise UsageError("the warehouse has no deals yet: run `infradeals run` first")
        if args.since is not None and args.since > day:
            raise UsageError(f"--since {args.since} is after the digest's day {day}")
        digest = read_digest(con, day, since=args.since or day)
    md, page = write_digest(
        digest, Path(args.out) if args.out else settings.warehouse_path.parent / "digests"
    )
    print(f"{len(digest.new)} new deals, {len(digest.moved)} that moved: {md} and {page}")
    return 0
