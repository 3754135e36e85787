"""`infradeals reextract`: extract facts and deals again from stored documents, without fetching."""

from __future__ import annotations

import argparse
import sys

from core.errors import WarehouseError
from infradeals.commands.args import add_task_runner, flow_params, iso_date, with_runner

HELP = "re-run the extractor over stored documents (after a rule change), without re-fetching"
DESCRIPTION = """Read the current version of every document in the warehouse (published on or after --since),
run the current extractor over it, and load the new facts and deals through the warehouse writer (one
transaction; the read-only snapshot is published again). Nothing is fetched. Every fact records the
extractor version. This is the Prefect flow `reextract`: it waits for the warehouse writer's slot, so it
never writes while a nightly run or a backfill writes.

examples:
  infradeals reextract
  infradeals reextract --since 2025-09-01
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", type=iso_date, default=None, metavar="DATE", help="only documents from DATE on"
    )
    add_task_runner(parser)


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from extractors.nlp import EXTRACTOR_VERSION
    from flows.params import ReextractParams
    from flows.reextract import reextract

    settings = get_settings()
    if not settings.warehouse_path.exists():
        raise WarehouseError(
            f"no warehouse at {settings.warehouse_path}: nothing to re-extract (run `infradeals run` first)"
        )
    params = flow_params(ReextractParams, since=args.since)
    s = with_runner(reextract, args)(params)
    print(
        f"re-extracted {s.documents} documents with extractor {EXTRACTOR_VERSION}: {s.facts} facts, "
        f"{s.deal_mentions} deal mentions; {s.applied} applied, {s.deals} deals in the warehouse"
        + (f"; {s.failures} documents failed" if s.failures else ""),
        file=sys.stderr,
    )
    return 0
