"""Document relevance: is this a compute-deal story, and how sure are we (a score in [0, 1])."""

from __future__ import annotations

from collections import Counter

from core.records import DealMention

COMPUTE_CUES = ("DT_CHIP", "DT_COMPUTE", "DT_CLOUD", "DT_POWER", "DT_BUILD")


def relevance(deals: list[DealMention], cues: Counter[str], n_figures: int) -> tuple[bool, float]:
    """With deals: 0.5 and up, led by the best deal's confidence. Without: below 0.5, from the compute
    vocabulary and figures the document still carries (useful for ranking near-misses)."""
    if deals:
        best = max(d.confidence for d in deals)
        return True, round(min(1.0, 0.5 + 0.5 * best), 4)
    vocab = sum(min(cues.get(c, 0), 3) for c in COMPUTE_CUES)
    deal_words = min(cues.get("DEAL", 0), 3)
    score = 0.05 + 0.02 * vocab + 0.03 * deal_words + 0.02 * min(n_figures, 5)
    return False, round(min(0.45, score), 4)
