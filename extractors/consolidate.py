"""Consolidation: mentions of one deal from many documents and days become one Deal.

Mentions join when they have the same parties in the same roles, the same kind of deal (an investment never
joins a supply deal), compatible figures and dates within a window. Each figure is the best-supported one (most
sources, then highest confidence). An expansion or later tranche is its own Deal linked to the deal it expands
through parent_deal_id; its figure is the increment and is never added to the parent. Deterministic: the same
mentions in any order give the same deals and the same ids.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from core.ids import make_id
from core.records import Deal, DealMention, DealStatus, Qualifier

WINDOW_DAYS = 120
TOLERANCE = 0.1  # figures within 10% of each other are the same figure, rounded differently
LOOSE = 0.3  # ... within 30% when either is hedged ('up to', 'more than', 'about', a range's low end)
_EXPANSION_WORDS = (
    "expand",
    "additional",
    "extends",
    "extension",
    "tranche",
    "top-up",
    "on top of",
    "upsized",
)
_STATUS_RANK: dict[DealStatus, int] = {
    "rumoured": 0,
    "announced": 1,
    "signed": 2,
    "expanded": 2,
    "cancelled": 3,
}

Key = tuple[frozenset[str | None], bool, tuple[str, ...]]


_FIRST = re.compile(r"\b(?:first|initial|tranches?)\b", re.IGNORECASE)


def _key(m: DealMention) -> Key:
    """Mentions of one pair join whatever roles each story gives them (a mirrored story is the same deal);
    the deal's roles are the ones most of its stories give."""
    jv = tuple(sorted(m.parties)) if m.buyer is None and m.seller is None else ()
    return (frozenset((m.buyer, m.seller)), m.deal_type == "equity_investment", jv)


def _roles(ms: list[DealMention]) -> tuple[str | None, str | None]:
    """The (buyer, seller) stated by the most documents, then by the most confident mention, then the first."""
    votes: dict[tuple[str | None, str | None], tuple[int, float, int]] = {}
    for i, m in enumerate(ms):
        pair = (m.buyer, m.seller)
        docs = len({o.doc_id for o in ms if (o.buyer, o.seller) == pair})
        votes[pair] = max(votes.get(pair, (0, 0.0, 0)), (docs, m.confidence, -i))
    return max(votes, key=lambda p: votes[p])


def _sort_key(m: DealMention) -> tuple[date, str, int, str]:
    return (m.published or date.max, m.doc_id, m.evidence_start, m.mention_id)


def is_expansion(m: DealMention) -> bool:
    text = m.evidence.lower()
    return m.status == "expanded" or any(w in text for w in _EXPANSION_WORDS)


def _same(a: float | None, b: float | None, tolerance: float = TOLERANCE) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1.0)


def _chip_count(m: DealMention) -> float | None:
    return float(m.chips.count) if m.chips and m.chips.count is not None else None


@dataclass
class _Cluster:
    mentions: list[DealMention] = field(default_factory=list)

    @property
    def first(self) -> date | None:
        days = [m.published for m in self.mentions if m.published]
        return min(days) if days else None

    def accepts(self, m: DealMention) -> bool:
        if self.first and m.published and abs((m.published - self.first).days) > WINDOW_DAYS:
            return False
        fields: tuple[tuple[Callable[[DealMention], float | None], Callable[[DealMention], object]], ...] = (
            (lambda x: x.amount_usd, lambda x: x.amount_qualifier),
            (lambda x: x.power_mw, lambda x: x.power_qualifier),
            (_chip_count, lambda x: None),
        )
        for value, qualifier in fields:
            best, i = _best(self.mentions, value)
            hedged = qualifier(m) not in (None, "exact") or (
                i >= 0 and qualifier(self.mentions[i]) not in (None, "exact")
            )
            if not _same(best, value(m), LOOSE if hedged else TOLERANCE):
                return False
        return True


def _best(
    mentions: Sequence[DealMention], get: Callable[[DealMention], float | None]
) -> tuple[float | None, int]:
    """The value stated by most mentions (near-equal values count together), then by the most confident one."""
    stated = [m for m in mentions if get(m) is not None]
    if not stated:
        return None, -1
    scored = []
    for i, m in enumerate(stated):
        v = get(m)
        support = len({o.doc_id for o in stated if _same(get(o), v)})
        scored.append((support, m.confidence, -i, i))
    best = max(scored)
    return get(stated[best[3]]), mentions.index(stated[best[3]])


def _cluster(mentions: list[DealMention]) -> list[_Cluster]:
    clusters: dict[Key, list[_Cluster]] = {}
    for m in sorted(mentions, key=_sort_key):
        group = clusters.setdefault(_key(m), [])
        target = next((c for c in group if c.accepts(m)), None)
        if target is None:
            target = _Cluster()
            group.append(target)
        target.mentions.append(m)
    return [c for group in clusters.values() for c in group]


def _status(ms: list[DealMention]) -> DealStatus:
    latest = max(ms, key=_sort_key)
    if latest.status == "cancelled":
        return "cancelled"
    stated: list[DealStatus] = [m.status for m in ms if m.status != "cancelled"]
    return max(stated, key=lambda s: _STATUS_RANK[s]) if stated else "announced"


_FAMILY = {"compute_capacity": "compute", "cloud_contract": "compute", "chip_supply": "compute"}


def stable_id(ms: list[DealMention], expansion: bool) -> str:
    """A deal's id from raw values only, so a new extractor or text cleaner keeps it: the sorted parties
    (whatever roles a rule gives them), the deal type's family, and the first source's document id (a hash of
    its source and URL) and day. Mention ids and evidence offsets are not used: they move with the text."""
    first = ms[0]
    names = {n for m in ms for n in (m.buyer, m.seller) if n} or {p for m in ms for p in m.parties}
    family = _FAMILY.get(first.deal_type, first.deal_type)
    day = first.published.isoformat() if first.published else ""
    return make_id(
        "deal", "|".join(sorted(n.casefold() for n in names)), family, first.doc_id, day, expansion
    )


def _unique_ids(deals: list[Deal]) -> list[Deal]:
    """Two deals with one stable id (the same parties, family and first story): the later ones, in the order
    of their figures, take a suffix, so ids stay unique and deterministic."""
    by_id: dict[str, list[Deal]] = {}
    for d in deals:
        by_id.setdefault(d.deal_id, []).append(d)
    for same in by_id.values():
        ordered = sorted(
            same, key=lambda d: (d.amount_usd or 0, d.power_mw or 0, d.chips_count or 0, d.mention_ids)
        )
        for n, d in enumerate(ordered[1:], start=2):
            d.deal_id = f"{d.deal_id}-{n}"
    return deals


def _to_deal(c: _Cluster, expansion: bool) -> Deal:
    ms = sorted(c.mentions, key=_sort_key)
    amount, ia = _best(ms, lambda m: m.amount_usd)
    power, ip = _best(ms, lambda m: m.power_mw)
    chips, ic = _best(ms, _chip_count)
    lead = max(ms, key=lambda m: (m.confidence, -ms.index(m)))
    types = Counter(m.deal_type for m in ms)
    deal_type = max(types, key=lambda t: (types[t], max(m.confidence for m in ms if m.deal_type == t)))
    days = [m.published for m in ms if m.published]
    miss = 1.0
    for m in ms:
        miss *= 1.0 - m.confidence
    amount_q: Qualifier | None = ms[ia].amount_qualifier if ia >= 0 else None
    power_q: Qualifier | None = ms[ip].power_qualifier if ip >= 0 else None
    buyer, seller = _roles(ms)
    return Deal(
        deal_id=stable_id(ms, expansion),
        buyer=buyer,
        seller=seller,
        parties=sorted({p for m in ms for p in m.parties}),
        deal_type=deal_type,
        status="expanded" if expansion else _status(ms),
        amount_usd=amount,
        amount_qualifier=amount_q,
        power_mw=power,
        power_qualifier=power_q,
        power_basis=ms[ip].power_basis if ip >= 0 else None,
        chips_count=int(chips) if chips is not None else None,
        chip_type=next((m.chips.type for m in ms if m.chips and m.chips.type), None) if ic >= 0 else None,
        term_years=next((m.term_years for m in ms if m.term_years), None),
        first_reported=min(days) if days else None,
        last_reported=max(days) if days else None,
        n_sources=len({m.doc_id for m in ms}),
        confidence=round(min(0.99, 1.0 - miss), 4),
        evidence=lead.evidence,
        mention_ids=sorted({m.mention_id for m in ms}),
    )


def _parent(exp: Deal, bases: list[Deal]) -> str | None:
    same = [b for b in bases if {b.buyer, b.seller} == {exp.buyer, exp.seller}]
    earlier = [
        b for b in same if b.first_reported and exp.first_reported and b.first_reported <= exp.first_reported
    ]
    pool = earlier or same
    if not pool:
        return None
    return max(pool, key=lambda b: (b.first_reported or date.min, b.deal_id)).deal_id


def _restates(c: _Cluster, base: _Cluster) -> bool:
    """An 'expansion' whose figures are its deal's own (the same amount, power or chips stated again, none
    differing) is a restatement: "a $38 billion commitment it expects to grow" is the $38 billion deal."""
    getters = (lambda m: m.amount_usd, lambda m: m.power_mw, _chip_count)
    shared = False
    for get in getters:
        mine, theirs = _best(c.mentions, get)[0], _best(base.mentions, get)[0]
        if mine is not None and theirs is not None:
            if not _same(mine, theirs):
                return False
            shared = True
    return shared and all(base.accepts(m) for m in c.mentions)


def _first_tranche(c: _Cluster, base: _Cluster) -> bool:
    """'The first 1 gigawatt deployment ... is scheduled for 2026', in a story of the 6-gigawatt deal: a first
    tranche, a secondary value of the same deal (conventions), when every mention says so in a document that
    states the deal itself, with a smaller figure than the deal's."""
    docs = {m.doc_id for m in base.mentions}
    getters = (lambda m: m.amount_usd, lambda m: m.power_mw, _chip_count)
    smaller = False
    for get in getters:
        mine, theirs = _best(c.mentions, get)[0], _best(base.mentions, get)[0]
        if mine is not None and theirs is not None:
            if mine >= theirs:
                return False
            smaller = True
    return smaller and all(m.doc_id in docs and _FIRST.search(m.evidence) for m in c.mentions)


def _fold_restatements(bases: list[_Cluster], grows: list[_Cluster]) -> list[_Cluster]:
    """Expansion clusters that restate a base deal of the same parties join it, a first tranche of it is one of
    its secondary values (left out); the others stay expansions."""
    kept = []
    for c in grows:
        key = _key(c.mentions[0])
        same = [b for b in bases if _key(b.mentions[0]) == key]
        base = next((b for b in same if _restates(c, b)), None)
        if base is not None:
            base.mentions.extend(c.mentions)
        elif not any(_first_tranche(c, b) for b in same):
            kept.append(c)
    return kept


def consolidate(mentions: list[DealMention]) -> list[Deal]:
    """One Deal per real-world deal; expansions are separate Deals pointing at their parent."""
    base_clusters = _cluster([m for m in mentions if not is_expansion(m)])
    grow_clusters = _fold_restatements(base_clusters, _cluster([m for m in mentions if is_expansion(m)]))
    bases = _unique_ids([_to_deal(c, expansion=False) for c in base_clusters])
    expansions = _unique_ids([_to_deal(c, expansion=True) for c in grow_clusters])
    for exp in expansions:
        exp.parent_deal_id = _parent(exp, bases)
    return sorted(bases + expansions, key=lambda d: (d.first_reported or date.max, d.deal_id))
