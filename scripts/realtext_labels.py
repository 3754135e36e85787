"""The label schema of the real-text corpus (eval/realtext/set-*.jsonl): one function per level, each yielding
one line per problem. Used by scripts/realtext.py `verify`; standard library only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

RECORD_KEYS = frozenset(
    {"id", "url", "query", "rank", "span", "chars", "sha256", "published", "style", "hard_cases", "gold",
     "label_note"}
)  # fmt: skip
DEAL_KEYS = frozenset(
    {"buyer", "seller", "parties", "deal_type", "status", "amount_usd", "amount_qualifier", "power_mw",
     "power_qualifier", "chips"}
)  # fmt: skip
STYLES = frozenset(
    {"wire", "trade_press", "press_release", "blog", "forum", "aggregator", "filing", "analysis"}
)
DEAL_TYPES = frozenset(
    {"compute_capacity", "cloud_contract", "chip_supply", "equity_investment", "datacenter_build",
     "power_supply", "other"}
)  # fmt: skip
STATUSES = frozenset({"rumoured", "announced", "signed", "expanded", "cancelled"})
QUALIFIERS = frozenset({"exact", "about", "over", "at_least", "up_to"})
ID_RE = re.compile(r"^rt-[a-z]+-\d{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHA_RE = re.compile(r"^[0-9a-f]{64}$")


def _is_num(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_figure(deal: dict[str, Any], value_key: str, qual_key: str) -> Iterator[str]:
    value, qual = deal.get(value_key), deal.get(qual_key)
    if value is not None and not (_is_num(value) and value >= 0):
        yield f"{value_key} must be a non-negative number or null"
    if qual is not None and qual not in QUALIFIERS:
        yield f"{qual_key} {qual!r} not in {sorted(QUALIFIERS)}"
    if (value is None) != (qual is None):
        yield f"{qual_key} must be null exactly when {value_key} is null"


def check_deal(deal: object) -> Iterator[str]:
    if not isinstance(deal, dict):
        yield "deal is not an object"
        return
    if set(deal) != DEAL_KEYS:
        yield f"deal keys differ: missing {sorted(DEAL_KEYS - set(deal))}, extra {sorted(set(deal) - DEAL_KEYS)}"
    for role in ("buyer", "seller"):
        if deal.get(role) is not None and not (isinstance(deal[role], str) and deal[role].strip()):
            yield f"{role} must be a non-empty string or null"
    parties = deal.get("parties")
    if not (isinstance(parties, list) and all(isinstance(p, str) for p in parties)):
        yield "parties must be a list of strings"
    if deal.get("deal_type") not in DEAL_TYPES:
        yield f"deal_type {deal.get('deal_type')!r} not allowed"
    if deal.get("status") not in STATUSES:
        yield f"status {deal.get('status')!r} not allowed"
    yield from check_figure(deal, "amount_usd", "amount_qualifier")
    yield from check_figure(deal, "power_mw", "power_qualifier")
    chips = deal.get("chips")
    if chips is not None:
        if not (isinstance(chips, dict) and set(chips) == {"count", "type"}):
            yield "chips must be null or {count, type}"
        elif chips["count"] is not None and not (isinstance(chips["count"], int) and chips["count"] > 0):
            yield "chips.count must be a positive integer or null"


def check_gold(gold: object) -> Iterator[str]:
    if not (isinstance(gold, dict) and set(gold) == {"is_compute_deal", "deals"}):
        yield "gold must be {is_compute_deal, deals}"
        return
    deals = gold["deals"]
    if not isinstance(deals, list) or not isinstance(gold["is_compute_deal"], bool):
        yield "gold.is_compute_deal must be a bool and gold.deals a list"
        return
    if gold["is_compute_deal"] != bool(deals):
        yield "gold.is_compute_deal must be true exactly when gold.deals is not empty"
    for i, deal in enumerate(deals):
        for msg in check_deal(deal):
            yield f"deal {i}: {msg}"


def check_fields(d: dict[str, Any]) -> Iterator[str]:
    if set(d) != RECORD_KEYS:
        yield f"keys differ: missing {sorted(RECORD_KEYS - set(d))}, extra {sorted(set(d) - RECORD_KEYS)}"
    if not (isinstance(d.get("id"), str) and ID_RE.match(d["id"])):
        yield f"id {d.get('id')!r} is not like rt-b-001"
    for key in ("url", "query", "label_note"):
        if not (isinstance(d.get(key), str) and d[key].strip()):
            yield f"{key} must be a non-empty string"
    if not (isinstance(d.get("rank"), int) and d["rank"] >= 1):
        yield "rank must be a positive integer"
    span = d.get("span")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
        yield "span must be [start, end]"
    elif not 0 <= span[0] < span[1] or d.get("chars") != span[1] - span[0]:
        yield "span must satisfy 0 <= start < end and chars == end - start"
    if not (isinstance(d.get("sha256"), str) and SHA_RE.match(d["sha256"])):
        yield "sha256 must be 64 lowercase hex digits"
    if d.get("published") is not None and not (
        isinstance(d["published"], str) and DATE_RE.match(d["published"])
    ):
        yield "published must be YYYY-MM-DD or null"
    if d.get("style") not in STYLES:
        yield f"style {d.get('style')!r} not in {sorted(STYLES)}"
    tags = d.get("hard_cases")
    if not (isinstance(tags, list) and all(isinstance(t, str) for t in tags)):
        yield "hard_cases must be a list of strings"
    yield from check_gold(d.get("gold"))
