"""Backfill partitions (one per published day and source) and the pure plan of what a backfill run does."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel

from core.records import DiscoveredItem

PartitionKey = tuple[date, str]


class PartitionResult(BaseModel):
    day: date
    source: str
    status: Literal["running", "done", "skipped", "failed", "reextracted"]
    items: int = 0
    documents: int = 0
    deals: int = 0
    error: str | None = None


def pending_partitions(
    states: dict[PartitionKey, str], force: bool
) -> tuple[list[PartitionKey], list[PartitionResult]]:
    """The partitions to do (not done yet, or all when forced), in day order, and the skipped ones."""
    todo = sorted(k for k, status in states.items() if status != "done" or force)
    chosen = set(todo)
    skipped = [
        PartitionResult(day=d, source=s, status="skipped") for d, s in sorted(states) if (d, s) not in chosen
    ]
    return todo, skipped


@dataclass
class Plan:
    """What a fetch backfill does with its pending partitions once the sources were walked."""

    settled: list[PartitionResult] = field(default_factory=list)
    """Failed because their source's discovery failed, or done because they hold no item: written at once."""
    days: dict[date, dict[str, list[DiscoveredItem]]] = field(default_factory=dict)
    """Day -> source -> items: each day is fetched, parsed, extracted and loaded as one batch."""


def plan_partitions(
    todo: list[PartitionKey], found: dict[PartitionKey, list[DiscoveredItem]], errors: dict[str, str]
) -> Plan:
    """Pending partitions split into those settled without a load and the days to process, in day order."""
    plan = Plan()
    busy: dict[date, dict[str, list[DiscoveredItem]]] = defaultdict(dict)
    for day, source in todo:
        if source in errors:
            plan.settled.append(
                PartitionResult(day=day, source=source, status="failed", error=errors[source])
            )
        elif not found.get((day, source)):
            plan.settled.append(PartitionResult(day=day, source=source, status="done"))
        else:
            busy[day][source] = found[(day, source)]
    plan.days = dict(sorted(busy.items()))
    return plan
