"""`infradeals reextract`: extract facts and deals again from stored documents, without fetching."""

from __future__ import annotations

import argparse
from datetime import date

HELP = "re-run the extractor over stored documents (after a rule change), without re-fetching"
DESCRIPTION = """Read the current version of every document in the warehouse (published on or after --since),
run the current extractor over it and report what it finds. Every fact records the extractor version.

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

    from extractors.nlp import EXTRACTOR_VERSION
    from extractors.reextract import reextract
    from infradeals.settings import get_settings

    n_docs = n_deals = n_facts = 0
    for result in reextract(get_settings(), args.since):
        n_docs += 1
        n_deals += len(result.deals)
        n_facts += len(result.facts)
    print(
        f"re-extracted {n_docs} documents: {n_facts} facts, {n_deals} deal mentions "
        f"(extractor {EXTRACTOR_VERSION})",
        file=sys.stderr,
    )
    return 0
