"""The run summary: what a person reads after `infradeals run`, and the Prefect markdown artifact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from core.records import DiscoveredItem, RunBatch, SourceConfig
from warehouse.summary import market_figures


class SourceLine(BaseModel):
    source: str
    discovered: int = 0
    fetched: int = 0
    unchanged: int = 0
    failed: int = 0
    error: str | None = None
    """Why the source itself failed (discovery: unreachable, 404, too few items); its items were not read."""


class ShareLine(BaseModel):
    firm: str
    value: float
    share: float


class RunSummary(BaseModel):
    run_id: str
    sources: list[SourceLine]
    documents_total: int = 0
    new_document_versions: int = 0
    deals_total: int = 0
    deals_new: int = 0
    quarantined: int = 0
    """Figures held in the quarantine table (outside warehouse/bounds.yml), kept out of the marts."""
    measure: str = "usd"
    top_suppliers: list[ShareLine] = Field(default_factory=list)
    hhi: float | None = None
    db_path: str = ""
    snapshot_path: str = ""
    digest_path: str | None = None
    failures: list[dict[str, str]] = Field(default_factory=list)
    new_deals: list[dict[str, Any]] = Field(default_factory=list)

    @property
    def failed_sources(self) -> list[SourceLine]:
        return [s for s in self.sources if s.error]

    @property
    def nothing_new(self) -> bool:
        return self.new_document_versions == 0 and self.deals_new == 0

    def to_text(self) -> str:
        lines = [f"{'source':<16}{'discovered':>11}{'fetched':>9}{'unchanged':>11}{'failed':>8}"]
        for s in self.sources:
            lines.append(f"{s.source:<16}{s.discovered:>11}{s.fetched:>9}{s.unchanged:>11}{s.failed:>8}")
        lines.append("")
        for s in self.failed_sources:
            lines.append(f"SOURCE FAILED: {s.source}: {s.error} (the other sources were loaded)")
        lines.append(
            f"documents: {self.documents_total} in the warehouse, "
            f"{self.new_document_versions} new or changed this run"
        )
        lines.append(f"deals: {self.deals_total} in the warehouse, {self.deals_new} new this run")
        if self.quarantined:
            lines.append(
                f"quarantined: {self.quarantined} figure(s) outside the plausibility bounds, kept out of the "
                'marts (infradeals sql "SELECT * FROM quarantine")'
            )
        if self.nothing_new:
            lines.append(
                "nothing new: every document was unchanged (304 or same content hash); no rows added"
            )
        if self.top_suppliers:
            lines.append(f"top suppliers by share of contracted {self.measure.upper()}:")
            for t in self.top_suppliers:
                lines.append(f"  {t.firm:<14}{t.share * 100:6.1f}%")
        if self.hhi is not None:
            lines.append(f"supplier HHI (all periods, {self.measure.upper()}): {self.hhi:,.0f}")
        for f in self.failures[:10]:
            lines.append(f"failed: [{f.get('stage')}] {f.get('url')}: {f.get('reason')}")
        lines.append(f"warehouse: {self.db_path}")
        lines.append(f'query it:  infradeals sql "SELECT * FROM deals"   (reads {self.snapshot_path})')
        if self.digest_path:
            lines.append(
                f"digest:    {self.digest_path} (and .html): tonight's new deals ranked by significance"
            )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        rows = "\n".join(
            f"| {s.source} | {s.discovered} | {s.fetched} | {s.unchanged} | {s.failed} |"
            for s in self.sources
        )
        tops = "\n".join(f"| {t.firm} | {t.share * 100:.1f}% |" for t in self.top_suppliers)
        hhi = f"{self.hhi:,.0f}" if self.hhi is not None else "n/a"
        return (
            f"# infradeals run {self.run_id}\n\n"
            "| source | discovered | fetched | unchanged | failed |\n|---|---|---|---|---|\n"
            f"{rows}\n\n"
            f"**Deals:** {self.deals_total} in the warehouse, {self.deals_new} new this run.  \n"
            f"**Quarantined figures:** {self.quarantined} (outside the plausibility bounds, not in the marts).  \n"
            f"**Supplier HHI ({self.measure.upper()}):** {hhi}\n\n"
            f"| top supplier | share |\n|---|---|\n{tops}\n\n"
            f"Warehouse: `{self.db_path}`; read-only snapshot: `{self.snapshot_path}`\n"
        )


def source_lines(
    batch: RunBatch, discovered: list[list[DiscoveredItem]], sources: list[SourceConfig]
) -> list[SourceLine]:
    """Per source: items discovered, and what fetching and parsing made of them."""
    outcomes: Counter[tuple[str, str]] = Counter((f.source, f.outcome) for f in batch.fetches)
    parse_failed = Counter(f.get("source", "") for f in batch.failures if f.get("stage") == "parse")
    source_error = {
        f.get("source", ""): f.get("reason") for f in batch.failures if f.get("stage") == "discover"
    }
    return [
        SourceLine(
            source=s.name,
            discovered=len(items),
            fetched=outcomes[(s.name, "fetched")] - parse_failed[s.name],
            unchanged=outcomes[(s.name, "unchanged")],
            failed=outcomes[(s.name, "failed")] + parse_failed[s.name],
            error=source_error.get(s.name),
        )
        for s, items in zip(sources, discovered, strict=True)
    ]


def snapshot_figures(snapshot_path: Path, n: int = 5) -> dict[str, Any]:
    """Deal, document and quarantine counts, top suppliers and the supplier HHI, read from the snapshot."""
    figures = market_figures(snapshot_path, side="supplier", measure="usd")
    shares = [ShareLine(**s) for s in figures.pop("shares")[:n]]
    return {**figures, "top_suppliers": shares}


def build_summary(
    batch: RunBatch,
    discovered: list[list[DiscoveredItem]],
    sources: list[SourceConfig],
    new_versions: int,
    new_deals: list[dict[str, Any]],
    db_path: Path,
    snapshot_path: Path,
) -> RunSummary:
    figures = snapshot_figures(snapshot_path)
    return RunSummary(
        run_id=batch.run_id,
        sources=source_lines(batch, discovered, sources),
        new_document_versions=new_versions,
        deals_new=len(new_deals),
        new_deals=new_deals,
        failures=batch.failures,
        db_path=str(db_path),
        snapshot_path=str(snapshot_path),
        **figures,
    )
