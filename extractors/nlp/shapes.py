"""Sentence shapes that state deals in their own way: investments, funding rounds (not deals), joint ventures,
'the 6 GW AMD deal', 'built by G42', gapped second buyers, two deals of one pair in one clause."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause
from extractors.nlp.facts import Figure, OrgRef
from extractors.nlp.frame import Frame
from extractors.nlp.lexicon import lexicon
from extractors.nlp.orgs import Org

_BUILD_WORDS = lexicon().shapes.build_words
_EQUITY_WORDS = lexicon().shapes.equity_words


def equity_clause(doc: Doc, clause: Clause) -> bool:
    """An investment: an invest verb (not about chips), 'an investment in X' / 'a stake in X' / '... by X', or
    shares of X bought."""
    words = {doc[c.start].lower_ for c in clause.cues if c.label == "DT_EQUITY" and doc[c.start].is_lower}
    if clause.has("INVEST_VERB") and (not clause.has("DT_CHIP") or words & _EQUITY_WORDS):
        verbs = [c for c in clause.cues if c.label == "INVEST_VERB"]
        named = any(r.start > 0 and doc[r.start - 1].lower_ in ("in", "into") for r in clause.orgs)
        objects = any(r.start == v.end for r in clause.orgs for v in verbs)  # 'backed Anthropic'
        return named or objects
    puts = any(doc[i].lemma_ in ("put", "pump", "plough", "pour", "inject") for i in clause.tokens)
    if puts and any(r.start > 0 and doc[r.start - 1].lower_ == "into" for r in clause.orgs):
        return True  # 'Nvidia plans to put as much as $100 billion into OpenAI'
    buys = any(
        doc[c.start].lemma_ in ("buy", "purchase", "acquire") for c in clause.cues if c.label == "BUYER_VERB"
    )
    if buys and any(ref.end < len(doc) and doc[ref.end].lower_ in ("shares", "stock") for ref in clause.orgs):
        return True  # 'SoftBank agreed to buy $2 billion of Intel shares'
    for ref in clause.orgs:
        if ref.start > 0 and doc[ref.start - 1].lower_ in ("in", "into", "by"):
            near = doc[max(clause.start, ref.start - 10) : ref.start - 1]
            if any(t.lower_ in _EQUITY_WORDS and t.is_lower for t in near):
                return True
    return False


def funding_round(doc: Doc, clause: Clause) -> bool:
    """A start-up's funding round or a sale of shares: money changes hands, but no compute deal."""
    text = doc[clause.start : clause.end].text.lower()
    if "sold" in text and ("shares" in text or "stake" in text):
        return True
    return any(
        w in text
        for w in (
            "series a",
            "series b",
            "series c",
            "series d",
            "series e",
            "funding round",
            "round led by",
            "seed round",
            "venture round",
            "in a round",
        )
    )


def jv_members(doc: Doc, clause: Clause) -> list[Org]:
    """'OpenAI, SoftBank and Oracle announced a joint venture' / 'a joint venture of OpenAI, SoftBank and
    Oracle': the members, when two or more."""
    jv = next((c for c in clause.cues if c.label == "JV"), None)
    if jv is None:
        return []
    before = list(dict.fromkeys(r.org for r in clause.orgs if r.start < jv.start))
    if len(before) >= 2:
        return before
    if jv.end < clause.end and doc[jv.end].lower_ in ("of", "between", "among"):
        after = [r for r in clause.orgs if r.start > jv.end]
        group: list[Org] = []
        prev_end = jv.end + 1
        for ref in after:
            if group and not all(t.lower_ in ("and", ",") for t in doc[prev_end : ref.start]):
                break
            group.append(ref.org)
            prev_end = ref.end
        return list(dict.fromkeys(group)) if len(group) >= 2 else []
    return []


def deal_owners(doc: Doc, clause: Clause) -> list[tuple[OrgRef, Figure]]:
    """'the 6 GW AMD deal', "Nvidia's 10 GW letter of intent": each name tied to its own deal and figure."""
    deals = {c.start for c in clause.cues if c.label == "DEAL"}
    out = []
    for ref in clause.orgs:
        nxt = ref.end + (1 if ref.end < len(doc) and doc[ref.end].lower_ in ("'s", "’s") else 0)
        before = [f for f in clause.figures if not f.foreign and f.end in (ref.start, ref.start - 1)]
        after = [f for f in clause.figures if not f.foreign and f.start == nxt and f.end in deals]
        if nxt in deals and before:
            out.append((ref, before[0]))
        elif after:
            out.append((ref, after[0]))
    return out


def builder_of(doc: Doc, clause: Clause) -> Org | None:
    """The organisation named in 'built by X' / 'developed by X' when the clause is about a facility and
    states no deal."""
    if clause.has("DEAL") or not build_like(doc, clause):
        return None
    for cue in clause.cues:
        if cue.label == "PASSIVE_BY" and doc[cue.start].lower_ in ("built", "developed", "constructed"):
            after = [r for r in clause.orgs if 0 <= r.start - cue.end <= 5 and r.org.known]
            if after:
                return after[0].org
    return None


def build_like(doc: Doc, clause: Clause) -> bool:
    texts = {doc[c.start : c.end].text.lower() for c in clause.cues if c.label in ("DT_BUILD", "DT_COMPUTE")}
    return bool(texts & _BUILD_WORDS)


def gapped(doc: Doc, clause: Clause, frame: Frame, money: list[Figure]) -> tuple[OrgRef, Figure] | None:
    """'Nvidia would invest up to $10 billion in Anthropic and Microsoft up to $5 billion': the second buyer
    shares the verb and the seller."""
    if len(money) != 2 or frame.buyer is None or frame.seller is None:
        return None
    for ref in clause.orgs:
        if ref.org in (frame.buyer, frame.seller) or ref.start < money[0].end or ref.end > money[1].start:
            continue
        before = doc[ref.start - 1] if ref.start > 0 else None
        between = doc[ref.end : money[1].start]
        if (
            before is not None
            and before.lower_ == "and"
            and len(between) <= 3
            and not any(t.pos_ in ("VERB", "AUX") for t in between)
        ):
            return ref, money[1]
    return None


def second_deal(doc: Doc, clause: Clause, money: list[Figure]) -> Figure | None:
    """'signed an $11.9 billion agreement in March and added up to $4 billion in May': two deals, one pair."""
    if len(money) != 2:
        return None
    gap = doc[money[0].end : money[1].start]
    lead_in = doc[max(money[0].end, money[1].start - 4) : money[1].start].text.lower()
    if any(p in lead_in for p in ("adding to", "on top of", "in addition to", "after its", "following its")):
        return money[1]  # '..., adding to the $2 billion it committed in 2023': an earlier deal
    joins = [t for t in gap if t.lower_ == "and"]
    if not joins:
        return None
    after = doc[joins[-1].i + 1 : money[1].start]
    return money[1] if any(t.pos_ == "VERB" for t in after) else None
