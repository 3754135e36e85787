"""Clauses that name one party or none: a self-build, a deal with an unnamed counterparty, a figure lent to the
deal just stated ('The agreement covers 6 gigawatts'), or a supplier's contract with the previous sentence's
subject."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause
from extractors.nlp.facts import Figure, OrgRef
from extractors.nlp.frame import Frame
from extractors.nlp.orgs import Org
from extractors.nlp.reference import anaphoric, pronoun_subject
from extractors.nlp.roles import VERB_CLASSES, main_verb, role_of
from extractors.nlp.shapes import build_like

STRONG = ("DEAL", "CUSTOMER", "SUPPLIER", "INVESTOR", *VERB_CLASSES)
DEALISH = (*STRONG, "NEUTRAL_VERB", "DT_CHIP", "DT_COMPUTE", "DT_CLOUD", "DT_POWER", "DT_BUILD", "DT_EQUITY")
WINDOW = 4  # clauses: how far back a figure without its own parties may look for its deal


@dataclass
class Story:
    """What the reader remembers between clauses: the deals so far and who the sentences are about."""

    frames: list[Frame] = field(default_factory=list)
    pending: list[Clause] = field(default_factory=list)
    last: OrgRef | None = None
    last_at: int = -1
    last_sentence: int = -1
    last_deal: bool = False
    lede: OrgRef | None = None
    first: OrgRef | None = None  # the first known organisation named: a filing's or a release's own voice
    previous: Clause | None = None
    before: Clause | None = None


def single(doc: Doc, clause: Clause, ref: OrgRef, figs: list[Figure]) -> Frame | None:
    """One named party: a self-build (builder buys) or a deal with an unnamed counterparty."""
    if clause.past or clause.quoted:
        return None
    supplies = clause.has("SELLER_VERB", "CUSTOMER") and clause.has("DEAL")
    verbs = [c.start for c in clause.cues if c.label in (*VERB_CLASSES, "NEUTRAL_VERB", "PASSIVE_BY")]
    if verbs and ref.start > min(verbs) and not owned_build(doc, clause, ref):
        return None  # 'a campus leased ..., with services for Microsoft': not the builder
    acts = clause.has(*VERB_CLASSES, "NEUTRAL_VERB", "PASSIVE_BY") or owned_build(doc, clause, ref)
    if build_like(doc, clause) and acts and not supplies:
        frame = Frame(ref.org, None, False, False)
    elif clause.has("DEAL") and clause.has("CUSTOMER", "SUPPLIER") and any(f.kind == "money" for f in figs):
        buyer_side = ref.org.kinds[:1] in (("lab",), ("other",), ())
        frame = Frame(ref.org if buyer_side else None, None if buyer_side else ref.org, False, False)
    else:
        return None
    frame.add(clause)
    return frame if frame.figures else None


def owned_build(doc: Doc, clause: Clause, ref: OrgRef) -> bool:
    """'Amazon's $11 billion data center campus': a figure on the owner's own facility is a self-build."""
    if ref.end >= len(doc) or doc[ref.end].lower_ not in ("'s", "’s"):
        return False
    builds = [c for c in clause.cues if c.label == "DT_BUILD"]
    return any(
        f.start - ref.end <= 3 and any(0 <= c.start - f.end <= 3 for c in builds) for f in clause.figures
    )


def joins(doc: Doc, clause: Clause, named: bool) -> bool:
    """A clause may lend its figure to the deal before it: it names a party, or refers back to the deal, or has
    no other actor (a place, a person, an unknown company) before the figure."""
    if anaphoric(doc, clause) or pronoun_subject(doc, clause) is not None:
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


def with_sentence_subject(clause: Clause, previous: Clause | None) -> Clause:
    """', after the $17.4 billion deal with Microsoft': an earlier deal of the sentence's own subject."""
    if (
        previous is None
        or previous.sent_index != clause.sent_index
        or not clause.past
        or not clause.has("DEAL")
    ):
        return clause
    if len(clause.distinct_orgs()) != 1 or not previous.orgs:
        return clause
    subject = previous.orgs[0]
    if subject.org in {r.org for r in clause.orgs}:
        return clause
    ref = OrgRef(subject.org, clause.start, clause.start + 1, subject.fact)
    return replace(clause, orgs=[ref, *clause.orgs])


def neighbour_deal(doc: Doc, clause: Clause, ref: OrgRef, story: Story) -> Frame | None:
    """'On 3 November Microsoft signed two more. IREN agreed a $9.7 billion contract to provide access to GPUs.'
    A supplier's contract whose customer is the previous sentence's subject."""
    last, lede = (story.last if story.last_deal else None), story.lede
    last_at, last_sentence, previous = story.last_at, story.last_sentence, story.before
    if last is not None and lede is not None and last.org.tier == ref.org.tier:
        last = lede  # 'Nvidia will supply ... AMD agreed ...': a list of suppliers to the story's subject
    if (
        last is None
        or last.org == ref.org
        or not last.org.known
        or clause.past
        or last.org.tier == ref.org.tier
    ):
        return None
    same_sentence = clause.index - last_at == 1 and last_sentence == clause.sent_index
    adjacent = same_sentence or last_sentence == clause.sent_index - 1
    verbs = clause.has("SELLER_VERB", "BUYER_VERB")
    if not ((clause.has("DEAL") and (adjacent or verbs)) or (verbs and adjacent)):
        return None
    if clause.index - last_at > 2:
        return None
    role = role_of(doc, clause, ref, main_verb(clause))
    if role is None:
        role = "seller" if ref.org.tier < last.org.tier else "buyer"
    buyer, seller = (last.org, ref.org) if role == "seller" else (ref.org, last.org)
    frame = Frame(buyer, seller, False, False)
    frame.add(clause)
    if same_sentence and previous is not None and previous.index == last_at and frame.lacks(previous):
        frame.add(previous)  # 'CoreWeave will lease the full 800 MW, and Galaxy expects $1 billion a year'
    return frame if frame.figures else None


def take_pending(frame: Frame, pending: list[Clause], clause: Clause) -> None:
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


def recent(frames: list[Frame], clause: Clause, org: Org | None) -> Frame | None:
    for frame in reversed(frames):
        if clause.index - frame.last > WINDOW or clause.paragraph - frame.clauses[-1].paragraph > 1:
            continue
        if org is None or org in frame.all_parties:
            return frame
    return None
