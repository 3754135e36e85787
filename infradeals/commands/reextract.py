"""`infradeals reextract`: extract facts and deals again from stored documents, without fetching."""

from __future__ import annotations

import argparse
from datetime import date

HELP = "re-run the extractor over stored documents (after a rule change), without re-fetching"
DESCRIPTION = """Read the current version of every document in the warehouse (published on or after --since),
run the current extractor over it, and load the new facts and deals through the warehouse writer (one
transaction; the read-only snapshot is published again). Nothing is fetched. Every fact records the
extractor version.

examples:
  infradeals reextract
  infradeals reextract --since 2025-09-01
"""


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", type=_date, default=None, metavar="DATE", help="only documents from DATE on"
    )


def run(args: argparse.Namespace) -> int:
    import sys
    from datetime import UTC, datetime

    from core.ids import make_id
    from core.records import RunBatch
    from core.settings import get_settings
    from extractors.consolidate import consolidate
    from extractors.nlp import EXTRACTOR_VERSION
    from flows.reextract import reextract
    from warehouse.load import load_batch
    from warehouse.marts import refreshers
    from warehouse.snapshot import publish_snapshot

    settings = get_settings()
    if not settings.warehouse_path.exists():
        print(
            f"re-extracted 0 documents: no warehouse at {settings.warehouse_path} (run `make run` first)",
            file=sys.stderr,
        )
        return 0
    started = datetime.now(UTC)
    extractions = list(reextract(settings, args.since))
    batch = RunBatch(
        run_id=make_id("reextract", started.isoformat()),
        flow="reextract",
        started_at=started,
        finished_at=datetime.now(UTC),
        extractions=extractions,
    )
    stats = load_batch(settings.warehouse_path, batch, consolidate, refresh=refreshers())
    publish_snapshot(settings.warehouse_path, settings.snapshot_path)
    n_deals = sum(len(x.deals) for x in extractions)
    n_facts = sum(len(x.facts) for x in extractions)
    print(
        f"re-extracted {len(extractions)} documents with extractor {EXTRACTOR_VERSION}: {n_facts} facts, "
        f"{n_deals} deal mentions; {stats.extractions_applied} applied, {stats.deals} deals in the warehouse",
        file=sys.stderr,
    )
    return 0
