"""The nightly digest: the new and changed deals ranked by significance, each with its figures, capacity
estimate and evidence; the latest concentration; data health. Markdown and HTML, from the read-only snapshot."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from pydantic import BaseModel, Field

from warehouse.sqlfiles import statement


def _hedge(qualifier: str | None) -> str:
    """'about ', 'up to ', ... before a figure; nothing for an exact one."""
    return "" if qualifier in (None, "exact") else f"{qualifier.replace('_', ' ')} "


class DigestDeal(BaseModel):
    deal_id: str
    buyer: str | None = None
    seller: str | None = None
    deal_type: str | None = None
    status: str | None = None
    amount_usd: float | None = None
    amount_qualifier: str | None = None
    power_mw: float | None = None
    power_qualifier: str | None = None
    chips_count: int | None = None
    chip_type: str | None = None
    first_reported: date | None = None
    last_reported: date | None = None
    n_sources: int | None = None
    confidence: float | None = None
    parent_deal_id: str | None = None
    evidence: str | None = None
    significance: float | None = None
    size: float | None = None
    novelty: float | None = None
    status_part: float | None = None
    support: float | None = None
    confidence_part: float | None = None
    h100e_low: float | None = None
    h100e_mid: float | None = None
    h100e_high: float | None = None
    url: str | None = None

    @property
    def moved(self) -> bool:
        return self.status in ("expanded", "cancelled")

    def figures(self) -> str:
        parts = []
        if self.amount_usd is not None:
            parts.append(f"{_hedge(self.amount_qualifier)}${self.amount_usd / 1e9:,.1f}B")
        if self.power_mw is not None:
            parts.append(f"{_hedge(self.power_qualifier)}{self.power_mw:,.0f} MW")
        if self.chips_count is not None:
            parts.append(f"{self.chips_count:,} {self.chip_type or 'chips'}")
        return ", ".join(parts) or "no figure stated"

    def capacity(self) -> str | None:
        if self.h100e_mid is None:
            return None
        low, high = self.h100e_low or self.h100e_mid, self.h100e_high or self.h100e_mid
        return f"{self.h100e_mid:,.0f} H100e (range {low:,.0f}-{high:,.0f})"

    def parts(self) -> str:
        named = [("size", self.size), ("novelty", self.novelty), ("status", self.status_part)]
        named += [("support", self.support), ("confidence", self.confidence_part)]
        return ", ".join(f"{n} {v:.2f}" for n, v in named if v is not None)

    def title(self) -> str:
        return f"{self.buyer or '?'} <- {self.seller or '?'} ({(self.deal_type or 'deal').replace('_', ' ')})"


class Digest(BaseModel):
    day: date
    since: date | None = None
    deals: list[DigestDeal] = Field(default_factory=list)
    concentration: list[dict[str, Any]] = Field(default_factory=list)
    health: dict[str, Any] = Field(default_factory=dict)

    @property
    def new(self) -> list[DigestDeal]:
        return [d for d in self.deals if not d.moved]

    @property
    def moved(self) -> list[DigestDeal]:
        return [d for d in self.deals if d.moved]

    def heading(self) -> str:
        window = f"{self.since} to {self.day}" if self.since and self.since != self.day else f"{self.day}"
        return f"infradeals digest, {window}"

    def to_markdown(self) -> str:
        lines = [f"# {self.heading()}", ""]
        lines.append(
            f"{len(self.new)} new deals, {len(self.moved)} that moved, ranked by significance (0-100)."
        )
        lines.append("")
        for title, rows in (("New deals", self.new), ("Deals that moved", self.moved)):
            if not rows:
                continue
            lines += [f"## {title}", ""]
            for i, d in enumerate(rows, start=1):
                score = f"{d.significance:.0f}" if d.significance is not None else "-"
                lines.append(
                    f"{i}. **{d.title()}**: {d.figures()}; {d.status or 'announced'}; significance {score}"
                )
                lines.append(f"   - parts: {d.parts()}" if d.parts() else "   - parts: not scored")
                if d.capacity():
                    lines.append(f"   - capacity: {d.capacity()}")
                if d.evidence:
                    lines.append(f"   - evidence: \u201c{d.evidence}\u201d")
                if d.url:
                    lines.append(
                        f"   - source: {d.url} ({d.n_sources or 1} source(s)); deal id `{d.deal_id}`"
                    )
            lines.append("")
        if self.concentration:
            lines += ["## Concentration (latest month, 'up to' figures left out)", ""]
            lines.append("| side | measure | month | HHI | change | CR4 | band |")
            lines.append("|---|---|---|---|---|---|---|")
            for c in self.concentration:
                delta = f"{c['hhi_delta']:+,.0f}" if c.get("hhi_delta") is not None else "-"
                hhi = f"{c['hhi']:,.0f}" if c.get("hhi") is not None else "-"
                cr4 = f"{c['cr4']:.0f}%" if c.get("cr4") is not None else "-"
                row = [c["side"], c["measure"], c["period"], hhi, delta, cr4, c.get("band_2023") or "-"]
                lines.append("| " + " | ".join(str(x) for x in row) + " |")
            lines.append("")
        h = self.health
        lines += ["## Data health", ""]
        lines.append(f"- last run: {h.get('last_run') or 'none'} (loaded {h.get('loaded_at') or '-'})")
        lines.append(
            f"- failed sources: {h.get('failed_sources', 0)}; failed documents: {h.get('failed_documents', 0)}"
        )
        lines.append(f"- figures held in quarantine: {h.get('quarantined', 0)}")
        return "\n".join(lines) + "\n"

    def to_html(self) -> str:
        e = html.escape
        out = [
            f"<!doctype html><html><head><meta charset='utf-8'><title>{e(self.heading())}</title></head><body>"
        ]
        out.append(f"<h1>{e(self.heading())}</h1>")
        for title, rows in (("New deals", self.new), ("Deals that moved", self.moved)):
            if not rows:
                continue
            out.append(f"<h2>{title}</h2><ol>")
            for d in rows:
                score = f"{d.significance:.0f}" if d.significance is not None else "-"
                out.append(
                    f"<li><b>{e(d.title())}</b>: {e(d.figures())}; {e(d.status or 'announced')}; "
                    f"significance {score}<br><small>{e(d.parts())}</small>"
                )
                if d.capacity():
                    out.append(f"<br>capacity: {e(d.capacity() or '')}")
                if d.evidence:
                    out.append(f"<blockquote>{e(d.evidence)}</blockquote>")
                if d.url:
                    out.append(f"<a href='{e(d.url)}'>{e(d.url)}</a>")
                out.append("</li>")
            out.append("</ol>")
        h = self.health
        out.append("<h2>Data health</h2><ul>")
        out.append(
            f"<li>failed sources: {h.get('failed_sources', 0)}; failed documents: "
            f"{h.get('failed_documents', 0)}</li><li>figures held in quarantine: {h.get('quarantined', 0)}</li>"
        )
        out.append("</ul></body></html>")
        return "\n".join(out) + "\n"


def _rows(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    cur = con.execute(statement("digest", name), params or {})
    cols = [c[0] for c in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def read_digest(
    con: duckdb.DuckDBPyConnection,
    day: date,
    *,
    since: date | None = None,
    deal_ids: list[str] | None = None,
) -> Digest:
    """The digest of the deals `deal_ids` (a run's new deals) or of the deals first reported, expanded or
    cancelled in [since, day] (since=day for one day)."""
    window = since if deal_ids is None and since is not None else (day if deal_ids is None else None)
    params = {"ids": deal_ids or [], "since": window, "until": day}
    deals = [DigestDeal.model_validate(r) for r in _rows(con, "deals", params)]
    health = _rows(con, "health")
    return Digest(
        day=day,
        since=since,
        deals=deals,
        concentration=_rows(con, "concentration"),
        health=health[0] if health else {},
    )


def write_digest(digest: Digest, directory: Path) -> tuple[Path, Path]:
    """data/digests/YYYY-MM-DD.md and .html (a window is named by its last day)."""
    directory.mkdir(parents=True, exist_ok=True)
    md, page = directory / f"{digest.day}.md", directory / f"{digest.day}.html"
    md.write_text(digest.to_markdown(), encoding="utf-8")
    page.write_text(digest.to_html(), encoding="utf-8")
    return md, page
