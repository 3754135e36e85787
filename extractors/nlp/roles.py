"""Who pays whom in one clause: buyer (customer, investor, lessee) and seller (supplier, cloud, investee, lessor).

Order of evidence: the clause's own words (subject of a supply/buy/invest verb, 'to'/'from'/'in'/'by X', 'customer'
and 'supplier' nouns), then the supply chain (a chip maker sells to a cloud, a cloud to a lab)."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.nlp.chain import Roles, groups, joint, unstated
from extractors.nlp.clauses import Clause, Cue
from extractors.nlp.facts import OrgRef
from extractors.nlp.lexicon import lexicon
from extractors.nlp.orgs import Org

VERB_CLASSES = ("SELLER_VERB", "BUYER_VERB", "INVEST_VERB", "RAISE_VERB")
_SKIP = lexicon().roles.skip
_PREPS = lexicon().roles.preps
_INVEST_PASSIVE = lexicon().roles.invest_passive
_TEMPORAL = lexicon().roles.temporal
_DESCRIBING = lexicon().roles.describing
_INVEST_NOUNS = lexicon().roles.invest_nouns
_BUILDS = lexicon().roles.builds
_RENTS = ("rent", "lease")
_APPOSITIVE = lexicon().roles.appositive
_NOUN_ROLE = {"CUSTOMER": "buyer", "SUPPLIER": "seller", "INVESTOR": "buyer"}


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
    """'customer X', 'X as a customer', 'X, its largest supplier' (not 'X, the cloud provider said'); 'an X
    customer' is a customer of X."""
    for c in clause.cues:
        if c.label not in _NOUN_ROLE:
            continue
        if 0 <= ref.start - c.end <= 2:
            gap = {t.lower_ for t in doc[c.end : ref.start]}
            if gap & {"to", "for", "of"}:  # 'a supplier to OpenAI', 'a customer of AWS': the other side
                return "buyer" if _NOUN_ROLE[c.label] == "seller" else "seller"
            return _NOUN_ROLE[c.label]
        between = doc[ref.end : c.start]
        if c.start == ref.end and ref.start > 0 and doc[ref.start - 1].pos_ in ("DET", "ADJ"):
            # 'an Oracle customer', 'a longtime Nvidia supplier': the name qualifies the noun: the other side
            return "buyer" if _NOUN_ROLE[c.label] == "seller" else "seller"
        if 0 <= c.start - ref.end <= 4 and all(t.lower_ in _APPOSITIVE for t in between):
            said = c.end < len(doc) and doc[c.end].pos_ in ("VERB", "AUX")
            if not said:
                return _NOUN_ROLE[c.label]
    return None


def _leased_to(doc: Doc, clause: Clause, at: int) -> bool:
    """'lease / rent ... to Microsoft', '... for OpenAI': a name right after a 'to' or 'for' that follows the verb at
    token `at` (the tenant is named, so the verb's subject is the landlord)."""
    starts = {r.start for r in clause.orgs}
    return any(
        doc[i].lower_ in ("to", "for") and any(i < k <= i + 3 for k in starts)
        for i in range(at + 1, clause.end)
    )


def verb_class(doc: Doc, clause: Clause, at: int, label: str) -> str:
    """The cue's class, where 'rent' and 'lease' (a SELLER_VERB only in 'X leases capacity to Y') make their
    subject the tenant, the buyer: 'Anthropic will rent a gigawatt of TPU capacity', 'Meta leases 1 GW'; and
    'signed up' (a BUYER_VERB: 'OpenAI signed up for capacity') makes its subject the seller when a name is its
    object: 'Nscale signed up Microsoft'."""
    if label == "SELLER_VERB" and doc[at].lemma_ in _RENTS and not _leased_to(doc, clause, at):
        return "BUYER_VERB"
    signed_up = label == "BUYER_VERB" and doc[at].lemma_ == "sign" and doc[at + 1 : at + 2].text == "up"
    if signed_up and any(r.start == at + 2 for r in clause.orgs):  # 'Nscale signed up Microsoft for ...'
        return "SELLER_VERB"
    return label


def participial_aside(doc: Doc, clause: Clause, ref: OrgRef) -> bool:
    """'Humain, launched this month by Saudi Arabia's Public Investment Fund, announced ...': a name after 'by'
    in a comma-bounded phrase that opens with a verb right after another name describes that name's origin; it
    is no party to the sentence's deal."""
    start = doc[ref.start].sent.start
    k = ref.start - 1
    while k > start and (doc[k].pos_ == "PROPN" or doc[k].tag_ == "POS"):
        k -= 1
    if doc[k].lower_ != "by" or ref.end >= len(doc) or doc[ref.end].text != ",":
        return False
    for c in range(k - 1, max(start, k - 6) - 1, -1):
        if doc[c].text == ",":
            opens = c + 1 < k and doc[c + 1].pos_ == "VERB"
            return opens and any(r.end == c for r in clause.orgs if r.start != ref.start)
    return False


def role_of(doc: Doc, clause: Clause, ref: OrgRef, verb: Cue | None) -> str | None:
    if participial_aside(doc, clause, ref):
        return "aside"
    word, j = _prev_word(doc, ref.start, clause.start)
    cls = verb_class(doc, clause, verb.start, verb.label) if verb else None
    cue_at = {c.start: verb_class(doc, clause, c.start, c.label) for c in clause.cues}
    cue_at |= {
        c.end - 1: cue_at[c.start] for c in clause.cues if c.end - 1 > c.start and c.end - 1 not in cue_at
    }
    if (noun := _noun_role(doc, clause, ref)) is not None:
        return noun
    if compound(doc, ref):
        return "aside"  # 'the Google-backed deals', 'the UAE-US AI campus': part of a word, not a party
    if word == "by" and cue_at.get(j - 1) == "PASSIVE_BY":
        if j >= 2 and doc[j - 2].text == "," and doc[j - 1].lower_ in _DESCRIBING:
            return "aside"  # 'Fluidstack, backed by Google,': describes another party
        return "buyer" if doc[j - 1].lower_ in _INVEST_PASSIVE else "seller"
    recent = {t.lower_ for t in doc[max(clause.start, j - 10) : max(j, clause.start)]}
    if word == "by" and recent & _INVEST_NOUNS:
        return "buyer"  # 'an equity investment in Intel by SoftBank'
    if word == "into" and any(
        t.lemma_ in ("put", "pump", "plough", "pour", "inject") for t in doc[max(clause.start, j - 10) : j]
    ):
        return "seller"  # 'put as much as $100 billion into OpenAI'
    if word in ("in", "into") and recent & _INVEST_NOUNS:
        return "seller"  # 'a strategic investment in G42'
    if verb is None or ref.start < verb.start:
        nearest = max((r.start for r in clause.orgs if r.start < (verb.start if verb else 0)), default=-1)
        if ref.start != nearest or word in _PREPS:
            return None
        return _subject_role(cls)
    own = _own_verb(doc, clause, ref, cue_at)
    if own is not None:  # 'Nvidia will supply the systems, Cisco will provide networking'
        return _subject_role(own)
    if j >= 0 and cue_at.get(j) in VERB_CLASSES:  # direct object: 'pay CoreWeave', 'supply OpenAI''
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


def _own_verb(doc: Doc, clause: Clause, ref: OrgRef, cue_at: dict[int, str]) -> str | None:
    """The role verb right after a name ('Cisco will provide'): the name is that verb's subject."""
    k = ref.end
    while k < clause.end and doc[k].pos_ == "AUX":
        k += 1
    label = cue_at.get(k)
    return label if label in VERB_CLASSES and k > ref.end else None


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
    if is_temporal(doc, ref):
        return True
    nxt = ref.end
    if nxt < len(doc) and doc[nxt].lower_ in ("'s", "’s"):
        nxt += 1
    return nxt in product_at


def compound(doc: Doc, ref: OrgRef) -> bool:
    """'Google-backed', 'Microsoft-shaped', 'UAE-US': the name is part of a hyphenated word."""
    if ref.end + 1 >= len(doc) or doc[ref.end].text != "-":
        return False
    nxt = doc[ref.end + 1]
    return nxt.is_lower or nxt.text in ("US", "EU", "UK")


def is_modifier_ref(doc: Doc, clause: Clause, ref: OrgRef) -> bool:
    """Whether the name only qualifies a product in this clause ('Nvidia GPUs')."""
    product_at = {i for f in clause.figures if f.kind == "chips" for i in range(f.start, f.end)}
    product_at |= {c.start for c in clause.cues if c.label == "DT_CHIP"}
    return _is_modifier(doc, ref, product_at)


def is_temporal(doc: Doc, ref: OrgRef) -> bool:
    """'before the Microsoft announcement': the name dates something, it is not a party."""
    return ref.start >= 2 and doc[ref.start - 1].lower_ == "the" and doc[ref.start - 2].lower_ in _TEMPORAL


def _clause_roles(doc: Doc, clause: Clause, verb: Cue | None) -> list[tuple[Org, str | None, bool]]:
    """(org, role, is_modifier) per organisation: first stated role wins, coordinated names share roles."""
    product_at = {i for f in clause.figures if f.kind == "chips" for i in range(f.start, f.end)}
    product_at |= {c.start for c in clause.cues if c.label == "DT_CHIP"}
    out: dict[str, tuple[Org, str | None, bool]] = {}
    gapped_at = frozenset(
        r.end
        for r in clause.orgs
        for f in clause.figures
        if f.kind == "money"
        and 0 <= f.start - r.end <= 3
        and not any(t.pos_ in ("VERB", "AUX") for t in doc[r.end : f.start])
    )
    for group in groups(doc, sorted(clause.orgs, key=lambda r: r.start), gapped_at):
        mods = [_is_modifier(doc, r, product_at) for r in group]
        roles = [
            None
            if mod and _noun_role(doc, clause, r) is None
            else role_of(doc, clause, r, verb)  # 'Nvidia GPUs'
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
        dated = {r.org for r in clause.orgs if is_temporal(doc, r)}
        extra = [
            (o, r)
            for o, r, mod in rows
            if mod and r is None and o not in dated and (counted or "cloud" in o.kinds[:1])
        ]
        main += extra[:1]
    buyers = [o for o, r in main if r == "buyer"]
    sellers = [o for o, r in main if r == "seller"]
    others = [o for o, r in main if r is None]
    if not buyers and not sellers:
        return unstated(doc, clause, others, equity)
    same_side = len(buyers) + len(sellers) == 2 and not others and not (buyers and sellers)
    if same_side and joint(doc, clause, verb):  # 'AWS and Humain will invest $5 billion in an AI zone'
        return unstated(doc, clause, buyers or sellers, equity=False)
    if not buyers and others:
        buyers = others[:1]
    elif not sellers and others:
        sellers = others[:1]
    if not buyers or not sellers:
        return []
    if len(buyers) > 1 and len(sellers) > 1:
        buyers = buyers[:1]
    return [Roles(b, s, [b, s], True, equity) for b in buyers for s in sellers if b != s]
