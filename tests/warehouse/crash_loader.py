"""Subprocess for the crash test: loads day 2 and, inside the transaction, says so and waits to be killed."""

from __future__ import annotations

import sys
from pathlib import Path

from core.records import Deal, DealMention
from tests.warehouse.batches import consolidate, day2_batch
from warehouse.load import load_batch

IN_TRANSACTION = "in-transaction"


def hang(mentions: list[DealMention]) -> list[Deal]:
    """Called by load_batch after raw and staging rows were written, before COMMIT."""
    print(IN_TRANSACTION, flush=True)
    sys.stdin.read()  # the test kills us here; nothing is ever written to stdin
    return consolidate(mentions)


if __name__ == "__main__":
    load_batch(Path(sys.argv[1]), day2_batch(), hang)
