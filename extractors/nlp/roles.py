"""Who pays whom in one clause: buyer (customer, investor, lessee) and seller (supplier, cloud, investee, lessor).

Order of evidence: the clause's own words (subject of a supply/buy/invest verb, 'to'/'from'/'in'/'by X', 'customer'
and 'supplier' nouns), then the supply chain (a chip maker sells to a cloud, a cloud to a lab)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause, Cue
from extractors.nlp.facts import OrgRef
from extractors.nlp.orgs import Org

VERB_CLASSES = ("SELLER_VERB", "BUYER_VERB", "INVEST_VERB", "RAISE_VERB")
_SKIP = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "chipmaker",
    "partner",
    "rival",
    "startup",
    "start-up",
    "cloud",
    "provider",
    "giant",
    "company",
    "firm",
    "lab",
    "neocloud",
    "developer",
    "operator",
    "maker",
}
_PREPS = ("to", "from", "with", "for", "in", "into", "of", "by", "on", "at")
_INVEST_PASSIVE = {"backed", "funded", "financed", "led", "acquired", "bought", "ordered"}
_TEMPORAL = {"before", "after", "since", "until", "ahead"}
_DESCRIBING = {"backed", "funded", "owned", "financed", "controlled", "led"}
_INVEST_NOUNS = {"investment", "investments", "stake", "stakes", "equity"}
_BUILDS = {"build", "deploy", "develop", "lease", "rent", "construct", "host", "operate", "provide", "supply"}
_APPOSITIVE = {
    ",",
    "as",
    "its",
    "a",
    "an",
    "the",
    "their",
    "largest",
    "biggest",
    "main",
    "primary",
    "key",
    "anchor",
    "new",
    "first",
    "second",
    "major",
    "lead",
    "sole",
    "exclusive",
    "preferred",
}
_NOUN_ROLE = {"CUSTOMER": "buyer", "SUPPLIER": "seller", "INVESTOR": "buyer"}


@dataclass
class Roles:
    buyer: Org | None
    seller: Org | None
    parties: list[Org]
    from_syntax: bool
    equity: bool


def _prev_word(doc: Doc, i: int, floor: int) -> tuple[str, int]:
    """The word before token i, skipping determiners and descriptors ('to the chipmaker AMD' -> 'to')."""
    j = i - 1
    while j >= floor and doc[j].lower_ in _SKIP:
        j -= 1
    return (doc[j].lower_, j) if j >= floor else ("", j)


def main_verb(clause: Clause) -> Cue | None:
    verbs = [c for c in clause.cues if c.label in VERB_CLASSES]
    if verbs:
        return verbs[0]
    neutral = [c for c in clause.cues if c.label == "NEUTRAL_VERB"]
    return neutral[0] if neutral else None


def _noun_role(doc: Doc, clause: Clause, ref: OrgRef) -> str | None:
    """'customer X', 'X as a customer', 'X, its largest supplier' (not 'X, the cloud provider said')."""
    for c in clause.cues:
        if c.label not in _NOUN_ROLE:
            continue
        if 0 <= ref.start - c.end <= 2:
            return _NOUN_ROLE[c.label]
        between = doc[ref.end : c.start]
        if 0 <= c.start - ref.end <= 4 and all(t.lower_ in _APPOSITIVE for t in between):
            said = c.end < len(doc) and doc[c.end].pos_ in ("VERB", "AUX")
            if not said:
                return _NOUN_ROLE[c.label]
    return None


def _role_of(doc: Doc, clause: Clause, ref: OrgRef, verb: Cue | None) -> str | None:
    word, j = _prev_word(doc, ref.start, clause.start)
    cls = verb.label if verb else None
    cue_at = {c.start: c.label for c in clause.cues}
    if (noun := _noun_role(doc, clause, ref)) is not None:
        return noun
    if word == "by" and cue_at.get(j - 1) == "PASSIVE_BY":
        if j >= 2 and doc[j - 2].text == "," and doc[j - 1].lower_ in _DESCRIBING:
            return "aside"  # 'Fluidstack, backed by Google,': describes another party
        return "buyer" if doc[j - 1].lower_ in _INVEST_PASSIVE else "seller"
    recent = {t.lower_ for t in doc[max(clause.start, j - 5) : max(j, clause.start)]}
    if word == "by" and recent & _INVEST_NOUNS:
        return "buyer"  # 'an equity investment in Intel by SoftBank'
    if word in ("in", "into") and recent & _INVEST_NOUNS:
        return "seller"  # 'a strategic investment in G42'
    if verb is None or ref.start < verb.start:
        nearest = max((r.start for r in clause.orgs if r.start < (verb.start if verb else 0)), default=-1)
        if ref.start != nearest or word in _PREPS:
            return None
        return _subject_role(cls)
    if j >= 0 and cue_at.get(j) in VERB_CLASSES:  # direct object: 'pay CoreWeave', 'supply OpenAI'
        return _object_role(cue_at[j])
    if word == "from":
        return "buyer" if cls == "RAISE_VERB" else "seller"
    if word in ("to", "for") and cls in ("SELLER_VERB", "BUYER_VERB"):
        return "seller" if cls == "BUYER_VERB" else "buyer"
    if word in ("to", "for") and any(t.lemma_ in _BUILDS for t in doc[max(clause.start, j - 8) : j]):
        return "buyer"  # 'build data centers for OpenAI', 'lease capacity to Microsoft'

    if word in ("in", "into") and (cls == "INVEST_VERB" or clause.has("DT_EQUITY")):
        return "seller"
    return None


def _subject_role(cls: str | None) -> str | None:
    return {
        "SELLER_VERB": "seller",
        "BUYER_VERB": "buyer",
        "INVEST_VERB": "buyer",
        "RAISE_VERB": "seller",
    }.get(cls or "")


def _object_role(cls: str) -> str | None:
    return {"SELLER_VERB": "buyer", "BUYER_VERB": "seller", "INVEST_VERB": "seller", "RAISE_VERB": None}[cls]


def _is_modifier(doc: Doc, ref: OrgRef, product_at: set[int]) -> bool:
    """'Nvidia GPUs', 'AMD's MI450 chips': the name qualifies a product, it is not a party. Neither is a name
    that dates something ('a week before the Microsoft announcement')."""
    if ref.start >= 2 and doc[ref.start - 1].lower_ == "the" and doc[ref.start - 2].lower_ in _TEMPORAL:
        return True
    nxt = ref.end
    if nxt < len(doc) and doc[nxt].lower_ in ("'s", "’s"):
        nxt += 1
    return nxt in product_at


def _groups(doc: Doc, refs: list[OrgRef]) -> list[list[OrgRef]]:
    """Coordinated names share a role: 'Samsung and SK Hynix will supply', 'Nvidia, Microsoft and Amazon'."""
    groups: list[list[OrgRef]] = []
    for ref in refs:
        if groups:
            gap = doc[groups[-1][-1].end : ref.start]
            if 0 < len(gap) <= 2 and all(t.lower_ in ("and", ",", "&") for t in gap):
                groups[-1].append(ref)
                continue
        groups.append([ref])
    return groups


def _clause_roles(doc: Doc, clause: Clause, verb: Cue | None) -> list[tuple[Org, str | None, bool]]:
    """(org, role, is_modifier) per organisation: first stated role wins, coordinated names share roles."""
    product_at = {i for f in clause.figures if f.kind == "chips" for i in range(f.start, f.end)}
    product_at |= {c.start for c in clause.cues if c.label == "DT_CHIP"}
    out: dict[str, tuple[Org, str | None, bool]] = {}
    for group in _groups(doc, sorted(clause.orgs, key=lambda r: r.start)):
        mods = [_is_modifier(doc, r, product_at) for r in group]
        roles = [
            None
            if mod and _noun_role(doc, clause, r) is None
            else _role_of(doc, clause, r, verb)  # 'Nvidia GPUs'
            for r, mod in zip(group, mods, strict=True)
        ]
        shared = next((x for x in roles if x), None)
        for ref, role, mod in zip(group, roles, mods, strict=True):
            prev = out.get(ref.org.name)
            if prev is None:
                out[ref.org.name] = (ref.org, role or shared, mod)
            else:
                out[ref.org.name] = (ref.org, prev[1] or role or shared, prev[2] and mod)
    return list(out.values())


def assign_roles(doc: Doc, clause: Clause, equity_hint: bool = False, makers: bool = True) -> list[Roles]:
    """Every (buyer, seller) pair the clause states; empty when it names no counterparty. `makers`: whether
    the maker of a counted product ('50,000 AMD MI450 GPUs') may stand as the seller."""
    verb = main_verb(clause)
    equity = equity_hint or (verb is not None and verb.label in ("INVEST_VERB", "RAISE_VERB"))
    rows = [row for row in _clause_roles(doc, clause, verb) if row[1] != "aside"]
    if sum(1 for o, _, mod in rows if o.known and not mod) >= 2:
        rows = [row for row in rows if row[0].known]  # names the registry knows outrank stray entities
    main = [(o, r) for o, r, mod in rows if r or not mod]
    if len(main) < 2:  # a product's maker is a party only when the clause counts its chips, or it is a cloud
        counted = makers and any(f.kind == "chips" and not f.vague for f in clause.figures)
        extra = [(o, r) for o, r, mod in rows if mod and r is None and (counted or "cloud" in o.kinds[:1])]
        main += extra[:1]
    buyers = [o for o, r in main if r == "buyer"]
    sellers = [o for o, r in main if r == "seller"]
    others = [o for o, r in main if r is None]
    if not buyers and not sellers:
        return _unstated(doc, clause, others, equity)
    if len(buyers) + len(sellers) == 2 and not others and not (buyers and sellers):
        if _joint(doc, clause, verb):  # 'AWS and Humain will invest $5 billion in an AI zone'
            return _unstated(doc, clause, buyers or sellers, equity=False)
    if not buyers and others:
        buyers = others[:1]
    elif not sellers and others:
        sellers = others[:1]
    if not buyers or not sellers:
        return []
    if len(buyers) > 1 and len(sellers) > 1:
        buyers = buyers[:1]
    return [Roles(b, s, [b, s], True, equity) for b in buyers for s in sellers if b != s]


def _joint(doc: Doc, clause: Clause, verb: Cue | None) -> bool:
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


def _unstated(doc: Doc, clause: Clause, orgs: list[Org], equity: bool) -> list[Roles]:
    """Roles the words do not give: the supply chain decides. 'Humain signs AMD and AWS deals': one deal with
    each of the names coordinated after the first."""
    if len(orgs) < 2:
        return []
    refs = {r.org.name: r for r in clause.orgs}
    groups = _groups(doc, sorted((refs[o.name] for o in orgs if o.name in refs), key=lambda r: r.start))
    if len(groups) == 2 and len(groups[0]) == 1 and len(groups[1]) > 1:
        pairs = [(groups[0][0].org, r.org) for r in groups[1]]
    else:
        pairs = [(orgs[0], orgs[1])]
    out = []
    for a, b in pairs:
        buyer, seller = _by_supply_chain(a, b, equity)
        out.append(Roles(buyer, seller, [buyer, seller], False, equity))
    return out


def _by_supply_chain(a: Org, b: Org, equity: bool) -> tuple[Org, Org]:
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
