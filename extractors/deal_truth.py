"""Deal truth at the warehouse level: the consolidated `deals` rows against an answer key of distinct deals
(samples/manifest.yml for the sample newsroom). Pure: rows and manifest in, a report out.

A gold deal is one distinct (buyer, seller, deal_type, amount, power, chips) of the manifest, however many
articles state it. A deals row matches a gold deal when their parties are the same unordered pair (names
compared as in the dev-set scorer), their deal types are compatible (equal, or both ways of supplying compute:
compute_capacity, cloud_contract, chip_supply) and every figure both state agrees within 2%. Rows and gold deals
are matched one to one (a maximum matching). A row left over that would have matched a gold deal is a
duplicate; a matched row whose buyer and seller are the gold's seller and buyer is swapped.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from extractors.evaluate import assignment, close, norm_name

COMPUTE_SUPPLY = frozenset({"compute_capacity", "cloud_contract", "chip_supply"})


class TruthDeal(BaseModel):
    """One deal as the scorer sees it, from the manifest or from a `deals` row."""

    model_config = ConfigDict(extra="ignore")

    deal_id: str | None = None
    buyer: str | None = None
    seller: str | None = None
    deal_type: str
    status: str | None = None
    amount_usd: float | None = None
    power_mw: float | None = None
    chips_count: int | None = None

    def pair(self) -> frozenset[str]:
        return frozenset(n for n in (norm_name(self.buyer), norm_name(self.seller)) if n)

    def label(self) -> str:
        figures = [
            f"${self.amount_usd / 1e9:g}B" if self.amount_usd else "",
            f"{self.power_mw:g} MW" if self.power_mw else "",
            f"{self.chips_count:,} chips" if self.chips_count else "",
        ]
        shown = ", ".join(f for f in figures if f) or "no figure"
        return f"{self.buyer or '?'} <- {self.seller or '?'} ({self.deal_type}; {shown})"


class TruthReport(BaseModel):
    n_gold: int
    n_rows: int
    matched: int
    precision: float
    recall: float
    f1: float
    duplicates: list[str]
    swapped: list[str]
    missing: list[str]
    spurious: list[str]


def gold_deals(manifest: dict[str, Any]) -> list[TruthDeal]:
    """The distinct deals of a manifest ({articles: [{deals: [...]}]}), in first-stated order."""
    seen: dict[tuple[Any, ...], TruthDeal] = {}
    for article in manifest.get("articles", []):
        for d in article.get("deals") or []:
            chips = d.get("chips")
            count = chips.get("count") if isinstance(chips, dict) else chips
            deal = TruthDeal(**{**d, "chips_count": count})
            key = (deal.buyer, deal.seller, deal.deal_type, deal.amount_usd, deal.power_mw, deal.chips_count)
            seen.setdefault(key, deal)
    return list(seen.values())


def _agree(a: float | None, b: float | None) -> bool:
    return a is None or b is None or close(a, b)


def same_name(a: str, b: str) -> bool:
    """Normalised names agree when equal or when one is the other's first word(s): "talen" and
    "talenenergy", "meta" and "metaplatforms" (the manifest may spell out what the registry shortens)."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short) >= 4 and long.startswith(short))


def same_parties(a: frozenset[str], b: frozenset[str]) -> bool:
    if len(a) != len(b):
        return False
    x, y = sorted(a), sorted(b)
    return all(same_name(p, q) for p, q in zip(x, y, strict=True)) or (
        len(x) == 2 and same_name(x[0], y[1]) and same_name(x[1], y[0])
    )


def same_deal(row: TruthDeal, gold: TruthDeal) -> bool:
    types_ok = row.deal_type == gold.deal_type or {row.deal_type, gold.deal_type} <= COMPUTE_SUPPLY
    return (
        same_parties(row.pair(), gold.pair())
        and types_ok
        and _agree(row.amount_usd, gold.amount_usd)
        and _agree(row.power_mw, gold.power_mw)
        and _agree(row.chips_count, gold.chips_count)
    )


def _swapped(row: TruthDeal, gold: TruthDeal) -> bool:
    if not (row.buyer and row.seller and gold.buyer and gold.seller):
        return False
    names = [norm_name(n) or "" for n in (row.buyer, row.seller, gold.buyer, gold.seller)]
    return (
        same_name(names[0], names[3]) and same_name(names[1], names[2]) and not same_name(names[0], names[2])
    )


def score_deals(rows: list[TruthDeal], golds: list[TruthDeal]) -> TruthReport:
    """Precision, recall and F1 of the rows against the gold deals, with what went wrong, by name."""
    matched = assignment(rows, golds, same_deal)
    left = [i for i in range(len(rows)) if i not in matched]
    duplicates = [i for i in left if any(same_deal(rows[i], g) for g in golds)]
    found = set(matched.values())
    precision = len(matched) / len(rows) if rows else 0.0
    recall = len(matched) / len(golds) if golds else 0.0
    return TruthReport(
        n_gold=len(golds),
        n_rows=len(rows),
        matched=len(matched),
        precision=precision,
        recall=recall,
        f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        duplicates=[rows[i].label() for i in duplicates],
        swapped=[rows[i].label() for i, j in matched.items() if _swapped(rows[i], golds[j])],
        missing=[g.label() for j, g in enumerate(golds) if j not in found],
        spurious=[rows[i].label() for i in left if i not in duplicates],
    )
