"""What one backfill run did, partition by partition, and its markdown (the run's Prefect artifact)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from core.partitions import PartitionResult


class BackfillSummary(BaseModel):
    """What one backfill run did, partition by partition."""

    run_id: str
    start_date: date
    end_date: date
    mode: Literal["fetch", "reextract"] = "fetch"
    sources: list[str]
    partitions: list[PartitionResult] = Field(default_factory=list)
    undated_items: int = Field(
        default=0, description="Items without a published day: no partition to put them in."
    )
    new_deals: list[dict[str, Any]] = Field(default_factory=list)

    def days_with(self, *statuses: str) -> list[date]:
        """Days whose every partition has one of `statuses`."""
        by_day: dict[date, set[str]] = defaultdict(set)
        for p in self.partitions:
            by_day[p.day].add(p.status)
        return sorted(d for d, found in by_day.items() if found <= set(statuses))

    @property
    def failed(self) -> list[PartitionResult]:
        return [p for p in self.partitions if p.status == "failed"]

    def headline(self) -> str:
        skipped = self.days_with("skipped")
        done = [d for d in self.days_with("done", "skipped", "reextracted") if d not in skipped]
        failed_days = sorted({p.day for p in self.failed})
        verb = "re-extracted" if self.mode == "reextract" else "done"
        return (
            f"backfill {self.start_date}..{self.end_date}: {len(done)} days {verb}, {len(skipped)} "
            f"already done (skipped), {len(failed_days)} failed; {len(self.new_deals)} new deals"
        )


def backfill_markdown(summary: BackfillSummary) -> str:
    """The backfill's markdown artifact: the headline, counts, then a row per partition that held an item in
    this run or failed."""
    shown = [p for p in summary.partitions if p.items or p.documents or p.status == "failed"]
    rows = "\n".join(
        f"| {p.day} | {p.source} | {p.status} | {p.items} | {p.documents} | {p.deals} | {p.error or ''} |"
        for p in sorted(shown, key=lambda p: (p.day, p.source))
    )
    statuses = Counter(p.status for p in summary.partitions)
    return (
        f"# infradeals backfill {summary.start_date}..{summary.end_date}\n\n"
        f"**{summary.headline()}**\n\n"
        f"- mode: {summary.mode}; sources: {', '.join(summary.sources)}\n"
        f"- partitions (day x source): {', '.join(f'{n} {st}' for st, n in sorted(statuses.items()))}; "
        f"the {len(summary.partitions) - len(shown)} without an item in this run are not listed\n"
        f"- items without a published day (in no partition): {summary.undated_items}\n\n"
        "| day | source | status | items | documents | deals | error |\n|---|---|---|---|---|---|---|\n"
        f"{rows}\n"
    )
