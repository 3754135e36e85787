"""`infradeals run`: the nightly flow, once, on Prefect's ephemeral API (no server needed)."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.errors import UsageError
from infradeals.commands.args import add_task_runner, check_sources, flow_params, iso_date, with_runner

SOURCES_FAILED = 3  # the run completed, but at least one source failed: see the summary
HELP = "run the nightly flow once: discover, fetch, parse, extract, load, analyse, report"
DESCRIPTION = """Run the nightly ingestion once, on Prefect's ephemeral API.

With no --sources, the bundled sample newsroom is served on 127.0.0.1 (an ephemeral port) for the
length of the run, so the real HTTP path is exercised. The warehouse is data/infradeals.duckdb unless
--db or INFRADEALS_DB_PATH says otherwise; queries read the snapshot beside it (*.read.duckdb).

Exit status: 0 when every source was read; 3 when the run completed and loaded the healthy sources but at
least one source failed (named in the summary and in the `failures` table); 2 for bad usage; 1 for errors.

examples:
  infradeals run
  infradeals run --as-of 2026-06-01          # the sample newsroom as it was on day 1
  infradeals run --sources samples/sources.yml --since 2025-09-01 --until 2025-09-30
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sources", metavar="FILE", help="sources YAML (default: the bundled sample newsroom)"
    )
    parser.add_argument(
        "--as-of", type=iso_date, metavar="DATE", help="sample newsroom as of this day (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--since", type=iso_date, metavar="DATE", help="only items published on or after DATE"
    )
    parser.add_argument(
        "--until", type=iso_date, metavar="DATE", help="only items published on or before DATE"
    )
    parser.add_argument(
        "--force-refetch", action="store_true", help="ignore ETag/Last-Modified; fetch everything"
    )
    parser.add_argument(
        "--db", metavar="PATH", help="DuckDB warehouse file (default: data/infradeals.duckdb)"
    )
    add_task_runner(parser)


def run(args: argparse.Namespace) -> int:
    if args.sources is not None and not Path(args.sources).is_file():
        raise UsageError(f"sources file not found: {args.sources}")
    check_sources(args.sources)
    from flows.nightly import nightly
    from flows.params import NightlyParams
    from flows.progress import cli_progress

    params = flow_params(
        NightlyParams,
        sources_file=args.sources,
        as_of=args.as_of,
        since=args.since,
        until=args.until,
        force_refetch=args.force_refetch,
        db_path=args.db,
    )
    with cli_progress():
        summary = with_runner(nightly, args)(params)
    print(summary.to_text())
    return SOURCES_FAILED if summary.failed_sources else 0
