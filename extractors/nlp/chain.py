"""Roles the words leave open: coordinated names, joint actions, and the supply chain as the tie-breaker
(a chip maker sells to a cloud, a cloud to a lab; in an investment the upstream or investor-kind party invests)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause, Cue
from extractors.nlp.facts import OrgRef
from extractors.nlp.orgs import Org


@dataclass
class Roles:
    buyer: Org | None
    seller: Org | None
    parties: list[Org]
    from_syntax: bool
    equity: bool


def groups(doc: Doc, refs: list[OrgRef], gapped_at: frozenset[int] = frozenset()) -> list[list[OrgRef]]:
    """Coordinated names share a role: 'Samsung and SK Hynix will supply', 'Nvidia, Microsoft and Amazon'.
    Not a name that starts a gapped clause ('... in Anthropic and Microsoft up to $5 billion')."""
    groups: list[list[OrgRef]] = []
    for ref in refs:
        if groups and ref.end not in gapped_at:
            gap = doc[groups[-1][-1].end : ref.start]
            if 0 < len(gap) <= 2 and all(t.lower_ in ("and", ",", "&") for t in gap):
                groups[-1].append(ref)
                continue
        groups.append([ref])
    return groups


def joint(doc: Doc, clause: Clause, verb: Cue | None) -> bool:
    """Two names doing one thing together, into something that is not a third company."""
    if clause.has("CUSTOMER", "SUPPLIER", "INVESTOR") or verb is None:
        return False
    if verb.label != "INVEST_VERB":
        return True
    after = doc[verb.end : clause.end]
    return any(t.lower_ in ("together", "jointly") for t in after) or any(
        t.lower_ in ("in", "into") and t.i + 1 < clause.end and doc[t.i + 1].lower_ in ("a", "an", "the")
        for t in after
    )


def unstated(doc: Doc, clause: Clause, orgs: list[Org], equity: bool) -> list[Roles]:
    """Roles the words do not give: the supply chain decides. 'Humain signs AMD and AWS deals': one deal with
    each of the names coordinated after the first."""
    if len(orgs) < 2:
        return []
    refs = {r.org.name: r for r in clause.orgs}
    found = groups(doc, sorted((refs[o.name] for o in orgs if o.name in refs), key=lambda r: r.start))
    if len(found) == 2 and len(found[0]) == 1 and len(found[1]) > 1:
        pairs = [(found[0][0].org, r.org) for r in found[1]]
    else:
        pairs = [(orgs[0], orgs[1])]
    out = []
    for a, b in pairs:
        buyer, seller = by_supply_chain(a, b, equity)
        out.append(Roles(buyer, seller, [buyer, seller], False, equity))
    return out


def by_supply_chain(a: Org, b: Org, equity: bool) -> tuple[Org, Org]:
    """Downstream buys from upstream; in an investment the upstream or investor-kind party invests."""
    if equity:
        if "investor" in a.kinds[:1] or ("investor" in a.kinds and "investor" not in b.kinds[:1]):
            return a, b
        if "investor" in b.kinds[:1]:
            return b, a
        return (a, b) if a.tier <= b.tier else (b, a)
    if a.tier == b.tier:
        return a, b
    return (a, b) if a.tier > b.tier else (b, a)
