"""`infradeals backfill`: the backfill flow over a window of published days, from the command line."""

from __future__ import annotations

import argparse

from infradeals.commands.args import add_task_runner, check_sources, flow_params, iso_date, with_runner

HELP = "backfill a window of published days, one resumable partition per day and source"
DESCRIPTION = """Backfill a window of published days. Each day of each source is a partition recorded in the
warehouse table backfill_partitions (pending / running / done / failed); running the same window again
skips the partitions already done and retries the failed ones. The same flow is the Prefect deployment
'backfill', which the UI starts with a custom run (see `make server` and docs/prefect.md).

examples:
  infradeals backfill --start 2025-09-16 --end 2025-09-22
  infradeals backfill --start 2025-10-01 --end 2025-10-31 --source dcledger --force-refetch
  infradeals backfill --start 2025-01-01 --end 2025-12-31 --reextract-only   # after an extractor change
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--start", type=iso_date, metavar="DATE", help="first day (default: 6 days before --end)"
    )
    parser.add_argument(
        "--end", type=iso_date, metavar="DATE", help="last day, inclusive (default: yesterday UTC)"
    )
    parser.add_argument(
        "--source", action="append", default=[], metavar="NAME", help="only this source (repeat)"
    )
    parser.add_argument(
        "--sources", metavar="FILE", help="sources YAML (default: the bundled sample newsroom)"
    )
    parser.add_argument(
        "--force-refetch", action="store_true", help="redo done days and fetch everything again"
    )
    parser.add_argument(
        "--reextract-only", action="store_true", help="re-run extraction on stored documents only"
    )
    add_task_runner(parser)
    parser.add_argument("--no-progress", action="store_true", help="no progress display, even on a terminal")


def run(args: argparse.Namespace) -> int:
    check_sources(args.sources, args.source)
    from flows.backfill import backfill
    from flows.params import BackfillParams
    from flows.progress import cli_progress

    params = flow_params(
        BackfillParams,
        start_date=args.start,
        end_date=args.end,
        sources=args.source,
        sources_file=args.sources,
        force_refetch=args.force_refetch,
        reextract_only=args.reextract_only,
    )
    with cli_progress(enabled=False if args.no_progress else None):
        summary = with_runner(backfill, args)(params)
    print(summary.headline())
    return 0
