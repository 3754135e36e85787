"""Deal type, status and confidence of a frame, from its parties' kinds and the cue words of its clauses."""

from __future__ import annotations

from collections import Counter

from core.records import DealStatus, DealType
from extractors.nlp.orgs import Org

KIND_TYPE: dict[str, DealType] = {
    "utility": "power_supply",
    "chipmaker": "chip_supply",
    "oem": "chip_supply",
    "neocloud": "compute_capacity",
    "cloud": "cloud_contract",
    "developer": "datacenter_build",
}
CUE_TYPE: dict[str, DealType] = {
    "DT_CHIP": "chip_supply",
    "DT_CLOUD": "cloud_contract",
    "DT_COMPUTE": "compute_capacity",
    "DT_POWER": "power_supply",
    "DT_BUILD": "datacenter_build",
}
PREFERENCE: tuple[DealType, ...] = (
    "equity_investment", "chip_supply", "compute_capacity", "cloud_contract", "power_supply", "datacenter_build",
)  # fmt: skip


def deal_type(seller: Org | None, cues: Counter[str], has_chips: bool, equity: bool) -> DealType:
    if equity:
        return "equity_investment"
    if cues.get("DT_ACQUISITION") and not has_chips:
        return "other"  # the conventions' type of an acquisition of a company (its sites come with it)
    score: dict[DealType, float] = dict.fromkeys(PREFERENCE, 0.0)
    if seller is not None and seller.kinds:
        if seller.kinds[0] in KIND_TYPE:
            score[KIND_TYPE[seller.kinds[0]]] += 2.5
        for kind in seller.kinds[1:]:
            if kind in KIND_TYPE:
                score[KIND_TYPE[kind]] += 0.75
    for label, dtype in CUE_TYPE.items():
        score[dtype] += min(cues.get(label, 0), 3) * (0.6 if seller is not None else 1.0)
    if has_chips:
        score["chip_supply"] += 0.75
    if seller is None and cues.get("DT_BUILD", 0):
        score["datacenter_build"] += 1.5
    if max(score.values()) <= 0:
        return "other"
    best = max(score.values())
    return next(t for t in PREFERENCE if score[t] == best)


def status(cues: Counter[str]) -> DealStatus:
    if cues.get("ST_CANCELLED"):
        return "cancelled"
    if cues.get("ST_RUMOURED") or cues.get("ST_DENIED"):
        return "rumoured"
    if cues.get("ST_EXPANDED"):
        return "expanded"
    if cues.get("ST_SIGNED"):
        return "signed"
    return "announced"


def confidence(
    buyer: Org | None,
    seller: Org | None,
    has_figure: bool,
    cues: Counter[str],
    from_syntax: bool,
    n_clauses: int,
) -> float:
    score = 0.3
    if buyer is not None and seller is not None:
        score += 0.2
    if has_figure:
        score += 0.15
    if cues.get("DEAL"):
        score += 0.1
    if from_syntax:
        score += 0.1
    score += min(n_clauses - 1, 2) * 0.05
    if any(o is not None and not o.known for o in (buyer, seller)):
        score -= 0.1
    if cues.get("ST_DENIED"):
        score -= 0.3
    elif cues.get("ST_RUMOURED"):
        score -= 0.05
    return round(max(0.05, min(0.99, score)), 4)
