"""Deal frames: each deal a document states, with its parties, roles, figures and evidence clauses.

A frame starts at a clause naming two parties with a deal cue (a pronoun subject, 'It' or 'the company', stands for
the previous sentence's subject). A later clause joins it when it names one of its parties, or none, or refers back
('The agreement ...'), and adds a figure the frame lacks. Clauses about earlier deals make their own frames and
lend nothing. A self-build, an unnamed counterparty and a joint venture leave roles null."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause
from extractors.nlp.facts import Figure, OrgRef
from extractors.nlp.frame import Frame, merge_frames
from extractors.nlp.orgs import Org
from extractors.nlp.roles import VERB_CLASSES, assign_roles, main_verb

STRONG = ("DEAL", "CUSTOMER", "SUPPLIER", "INVESTOR", *VERB_CLASSES)
DEALISH = (*STRONG, "NEUTRAL_VERB", "DT_CHIP", "DT_COMPUTE", "DT_CLOUD", "DT_POWER", "DT_BUILD", "DT_EQUITY")
WINDOW = 4  # clauses: how far back a figure without its own parties may look for its deal
_ANAPHORS = {"the", "this", "that", "under", "as", "part", "of", "its", "their", "new", "latest", "expanded"}
_DESCRIPTORS = {
    "company",
    "firm",
    "group",
    "startup",
    "start-up",
    "lab",
    "developer",
    "chipmaker",
    "operator",
    "miner",
    "provider",
    "hyperscaler",
    "giant",
    "neocloud",
    "maker",
}
_THINGS = {"deal", "agreement", "contract", "order", "partnership", "venture", "plant", "reactor", "facility",
           "campus", "site", "cluster", "project", "expansion", "lease", "commitment", "investment", "transaction",
           "arrangement", "supercomputer", "station", "unit", "first", "phase", "deployment"}
_PAIR = ("the pair", "the two companies", "the two", "both companies", "the companies", "the partners")
_BUILD_WORDS = {
    "campus",
    "facility",
    "site",
    "build",
    "builds",
    "building",
    "construct",
    "construction",
    "develop",
    "data center",
    "data centre",
    "datacenter",
    "cluster",
    "supercomputer",
    "ai factory",
}
_EQUITY_WORDS = {"investment", "investments", "stake", "funding", "equity", "invest", "invests", "invested"}


def _anaphoric(doc: Doc, clause: Clause) -> bool:
    """'The agreement ...', 'Under the deal ...', 'As part of the agreement ...', 'The 835-megawatt reactor ...'."""
    head = doc[clause.start : min(clause.end, clause.start + 7)]
    if not head or head[0].lower_ not in _ANAPHORS:
        return False
    if any(t.lemma_.lower() in _THINGS for t in head):
        return True
    return any(c.label in ("DEAL", "DT_POWER", "DT_BUILD", "JV") for c in clause.cues if c.start < head.end)


def _pronoun_subject(doc: Doc, clause: Clause) -> tuple[int, str] | None:
    """'It' or 'the company' / 'the Amsterdam-based company' standing before the main verb: (token, kind)."""
    verb = main_verb(clause)
    stop = verb.start if verb else min(clause.end, clause.start + 8)
    if any(r.start < stop for r in clause.orgs):
        return None
    for tok in doc[clause.start : stop]:
        if tok.lower_ == "it" and tok.pos_ == "PRON":
            return tok.i, "it"
        if tok.lower_ == "its" and clause.past and clause.has("DEAL"):
            return tok.i, "it"  # '(after) its $17.4 billion deal with Microsoft'
        if tok.lower_ in _DESCRIPTORS and any(
            t.lower_ == "the" for t in doc[max(clause.start, tok.i - 3) : tok.i]
        ):
            return tok.i, "descriptor"
    return None


def subject_of(doc: Doc, clause: Clause) -> OrgRef | None:
    """The organisation that is the grammatical subject of the clause ('Nebius came first'), or else the one
    standing before its first verb."""
    for ref in clause.orgs:
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[ref.start : ref.end]):
            return ref
    verbs = [t.i for t in doc[clause.start : clause.end] if t.pos_ in ("VERB", "AUX")]
    before = [r for r in clause.orgs if verbs and r.end <= verbs[0]]
    return before[-1] if before else None


def _with_pair(doc: Doc, clause: Clause, frames: list[Frame]) -> Clause:
    """'The pair first signed ...', 'the two companies said ...': both parties of the latest two-party deal."""
    head = doc[clause.start : min(clause.end, clause.start + 6)].text.lower()
    if clause.orgs or not any(p in head for p in _PAIR):
        return clause
    last = next((f for f in reversed(frames) if f.buyer and f.seller), None)
    if last is None:
        return clause
    refs = [r for cl in last.clauses for r in cl.orgs if r.org in last.parties]
    seen: dict[str, OrgRef] = {}
    for r in refs:
        seen.setdefault(r.org.name, r)
    if len(seen) < 2:
        return clause
    at = clause.start
    virtual = [OrgRef(r.org, at + i, at + i + 1, r.fact) for i, r in enumerate(seen.values())]
    return replace(clause, orgs=virtual)


def _with_topic(doc: Doc, clause: Clause, last: OrgRef | None, lede: OrgRef | None) -> Clause:
    """'It' stands for the last subject; 'the company' for the story's lead subject."""
    found = _pronoun_subject(doc, clause)
    if found is None:
        return clause
    at, kind = found
    topic = (last or lede) if kind == "it" else (lede or last)
    if topic is None:
        return clause
    ref = OrgRef(topic.org, at, at + 1, topic.fact)
    return replace(clause, orgs=sorted([*clause.orgs, ref], key=lambda r: r.start))


def _equity(doc: Doc, clause: Clause) -> bool:
    """An investment: an invest verb (not about chips), or 'an investment in X' / 'a stake in X' / '... by X'."""
    words = {doc[c.start].lower_ for c in clause.cues if c.label == "DT_EQUITY" and doc[c.start].is_lower}
    if clause.has("INVEST_VERB") and (not clause.has("DT_CHIP") or words & _EQUITY_WORDS):
        verbs = [c for c in clause.cues if c.label == "INVEST_VERB"]
        named = any(r.start > 0 and doc[r.start - 1].lower_ in ("in", "into") for r in clause.orgs)
        objects = any(r.start == v.end for r in clause.orgs for v in verbs)  # 'backed Anthropic'
        return named or objects
    for ref in clause.orgs:
        if ref.start > 0 and doc[ref.start - 1].lower_ in ("in", "into", "by"):
            near = doc[max(clause.start, ref.start - 6) : ref.start - 1]
            if any(t.lower_ in _EQUITY_WORDS and t.is_lower for t in near):
                return True
    return False


def _funding_round(doc: Doc, clause: Clause) -> bool:
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


def _jv_members(doc: Doc, clause: Clause) -> list[Org]:
    """'OpenAI, SoftBank and Oracle announced a joint venture': the names before the venture, when 2+."""
    jv = next((c for c in clause.cues if c.label == "JV"), None)
    if jv is None:
        return []
    members: list[Org] = []
    for ref in clause.orgs:
        if ref.start < jv.start and ref.org not in members:
            members.append(ref.org)
    return members if len(members) >= 2 else []


def _build_like(doc: Doc, clause: Clause) -> bool:
    texts = {doc[c.start : c.end].text.lower() for c in clause.cues if c.label in ("DT_BUILD", "DT_COMPUTE")}
    return bool(texts & _BUILD_WORDS)


def _start_frames(doc: Doc, clause: Clause) -> list[Frame]:
    members = _jv_members(doc, clause)
    if members:
        jv = Frame(None, None, False, False, members=members)
        jv.add(clause)
        return [jv]
    verb = main_verb(clause)
    if verb is not None and verb.label == "RAISE_VERB" and not _equity(doc, clause):
        return []  # 'OpenAI will receive $350 million of stock': money received, no deal of its own
    equity = _equity(doc, clause)
    if _funding_round(doc, clause) and (equity or "sold" in doc[clause.start : clause.end].text.lower()):
        return []
    makers = not (_build_like(doc, clause) and not clause.has("DEAL", *VERB_CLASSES))
    roles = assign_roles(doc, clause, equity, makers)
    frames = [Frame(r.buyer, r.seller, r.from_syntax, r.equity) for r in roles]
    money = [f for f in clause.figures if f.kind == "money" and not f.foreign and not f.vague]
    split = len(frames) > 1 and any(t.lower_ == "respectively" for t in doc[clause.start : clause.end])
    if len(frames) == 1 and (second := _second_deal(doc, clause, money)) is not None:
        again = Frame(frames[0].buyer, frames[0].seller, frames[0].from_syntax, frames[0].equity)
        again.clauses.append(clause)
        again.take(second)
        frames[0].clauses.append(clause)
        for fig in clause.figures:
            if fig is not second and not fig.foreign:
                frames[0].take(fig)
        return [frames[0], again]
    for i, frame in enumerate(frames):
        if len(frames) == 1:
            frame.add(clause)
        else:  # several deals in one clause: figures only when 'respectively' pairs them up
            frame.clauses.append(clause)
            if split and len(money) == len(frames):
                frame.take(money[i])
    return frames


def _second_deal(doc: Doc, clause: Clause, money: list[Figure]) -> Figure | None:
    """'signed an $11.9 billion agreement in March and added up to $4 billion in May': two deals, one pair."""
    if len(money) != 2:
        return None
    gap = doc[money[0].end : money[1].start]
    joins = [t for t in gap if t.lower_ == "and"]
    if not joins:
        return None
    after = doc[joins[-1].i + 1 : money[1].start]
    return money[1] if any(t.pos_ == "VERB" for t in after) else None


def _single(doc: Doc, clause: Clause, ref: OrgRef, figs: list[Figure]) -> Frame | None:
    """One named party: a self-build (builder buys) or a deal with an unnamed counterparty."""
    if clause.past or clause.quoted:
        return None
    supplies = clause.has("SELLER_VERB", "CUSTOMER") and clause.has("DEAL")
    acts = clause.has(*VERB_CLASSES, "NEUTRAL_VERB", "PASSIVE_BY") or _owned_build(doc, clause, ref)
    if _build_like(doc, clause) and acts and not supplies:
        frame = Frame(ref.org, None, False, False)
    elif clause.has("DEAL") and clause.has("CUSTOMER", "SUPPLIER") and any(f.kind == "money" for f in figs):
        buyer_side = ref.org.kinds[:1] in (("lab",), ("other",), ())
        frame = Frame(ref.org if buyer_side else None, None if buyer_side else ref.org, False, False)
    else:
        return None
    frame.add(clause)
    return frame if frame.figures else None


def _owned_build(doc: Doc, clause: Clause, ref: OrgRef) -> bool:
    """'Amazon's $11 billion data center campus': a figure on the owner's own facility is a self-build."""
    if ref.end >= len(doc) or doc[ref.end].lower_ not in ("'s", "’s"):
        return False
    builds = [c for c in clause.cues if c.label == "DT_BUILD"]
    return any(
        f.start - ref.end <= 3 and any(0 <= c.start - f.end <= 3 for c in builds) for f in clause.figures
    )


def _joins(doc: Doc, clause: Clause, named: bool) -> bool:
    """A clause may lend its figure to the deal before it: it names a party, or refers back to the deal, or has
    no other actor (a place, a person, an unknown company) before the figure."""
    if _anaphoric(doc, clause) or _pronoun_subject(doc, clause) is not None:
        return True
    if not clause.has(*DEALISH):
        return False
    if named:
        return True
    first_fig = min(f.start for f in clause.figures)
    actors = [
        e
        for e in doc.ents
        if clause.start <= e.start < first_fig and e.label_ in ("GPE", "PERSON", "ORG", "NORP")
    ]
    return not actors


def _take_pending(frame: Frame, pending: list[Clause], clause: Clause) -> None:
    """Figures stated just before a deal's parties are named join that deal ('...worth $17.4 billion. Nebius
    will serve Microsoft ...'), when the earlier clause names no one else."""
    for early in list(pending):
        if clause.index - early.index > 2:
            pending.remove(early)
            continue
        names = {r.org for r in early.orgs}
        if names <= set(frame.parties) and frame.lacks(early):
            frame.add(early)
            pending.remove(early)


def _recent(frames: list[Frame], clause: Clause, org: Org | None) -> Frame | None:
    for frame in reversed(frames):
        if clause.index - frame.last > WINDOW or clause.paragraph - frame.clauses[-1].paragraph > 1:
            continue
        if org is None or org in frame.all_parties:
            return frame
    return None


def build_frames(doc: Doc, clauses: list[Clause]) -> list[Frame]:
    frames: list[Frame] = []
    pending: list[Clause] = []
    last: OrgRef | None = None
    lede: OrgRef | None = None
    for raw in clauses:
        if raw.subordinate:
            continue
        clause = _with_pair(doc, _with_topic(doc, raw, last, lede), frames)
        refs = clause.distinct_orgs()
        if not any(r.org.known for r in refs):
            refs = []  # entities the registry does not know never stand alone as parties
        figs = [f for f in clause.figures if not f.foreign]
        started: list[Frame] = []
        if len(refs) >= 2 and not clause.quoted and (clause.has(*STRONG) or (figs and clause.has(*DEALISH))):
            started = _start_frames(doc, clause)
            frames += started
            for frame in started:
                _take_pending(frame, pending, clause)
        if not started and figs and len(refs) <= 1:
            own = refs and _owned_build(doc, clause, refs[0])
            past_deal = clause.past and clause.has(*STRONG)
            target = None if past_deal or own else _recent(frames, clause, refs[0].org if refs else None)
            if target is not None and target.lacks(clause) and _joins(doc, clause, bool(refs)):
                target.add(clause)
            elif refs and (single := _single(doc, clause, refs[0], figs)) is not None:
                frames.append(single)
            elif target is None and clause.has("DEAL") and not clause.past:
                pending.append(clause)  # '...a deal worth $17.4 billion' before the parties are named
        if raw.orgs and not raw.quoted:
            subject = subject_of(doc, raw)
            last = subject or last
            if lede is None and subject is not None and subject.org.known and not raw.heading:
                lede = subject
    return merge_frames(frames)
