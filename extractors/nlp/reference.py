"""Who a clause is about when it does not say the name: 'It', 'the company', 'the pair', 'The agreement'.

Neighbouring sentences share a subject: 'It' stands for the last grammatical subject, 'the company' for the
story's lead subject, 'we' (a filing's or a release's own voice) for the lead subject, 'the pair' for both
parties of the latest deal."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from extractors.nlp.clauses import Clause
from extractors.nlp.facts import OrgRef
from extractors.nlp.frame import Frame
from extractors.nlp.lexicon import lexicon
from extractors.nlp.roles import VERB_CLASSES, is_temporal

_ANAPHORS = lexicon().reference.anaphors
_DESCRIPTORS = lexicon().reference.descriptors
_THINGS = lexicon().reference.things
_PAIR = lexicon().reference.pair


def anaphoric(doc: Doc, clause: Clause) -> bool:
    """'The agreement ...', 'Under the deal ...', 'As part of the agreement ...', 'The 835-megawatt reactor ...'."""
    head = doc[clause.start : min(clause.end, clause.start + 7)]
    if not head or head[0].lower_ not in _ANAPHORS:
        return False
    if any(t.lemma_.lower() in _THINGS for t in head):
        return True
    return any(c.label in ("DEAL", "DT_POWER", "DT_BUILD", "JV") for c in clause.cues if c.start < head.end)


def pronoun_subject(doc: Doc, clause: Clause) -> tuple[int, str] | None:
    """'It' or 'the company' / 'the Amsterdam-based company' standing before the main verb: (token, kind)."""
    head = doc[clause.start : min(clause.end, clause.start + 2)]
    its = next((t for t in head if t.lower_ == "its"), None)
    if its is not None and clause.has("DEAL") and all(r.start > its.i for r in clause.orgs):
        return its.i, "it"  # 'Its October 2024 agreement with Kairos Power covers ...'
    verbs = [c.start for c in clause.cues if c.label in (*VERB_CLASSES, "NEUTRAL_VERB")]
    stop = min(verbs) if verbs else min(clause.end, clause.start + 8)
    if any(r.start < stop and not is_temporal(doc, r) for r in clause.orgs):
        return None
    for tok in doc[clause.start : stop]:
        if tok.lower_ == "it" and tok.pos_ == "PRON":
            return tok.i, "it"
        if tok.lower_ == "we" and tok.pos_ == "PRON":
            return tok.i, "we"  # a filing's or release's own voice: 'This quarter we signed ... with Meta'
        if tok.lower_ == "its" and clause.past and clause.has("DEAL"):
            return tok.i, "it"  # '(after) its $17.4 billion deal with Microsoft'
        if tok.lower_ in _DESCRIPTORS and any(
            t.lower_ == "the" for t in doc[max(clause.start, tok.i - 5) : tok.i]
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
    heads = [r for r in before if r.end >= len(doc) or doc[r.end].pos_ not in ("NOUN", "PROPN")]
    return heads[-1] if heads else None  # not 'The AWS deal is ...': there the name qualifies 'deal'


def with_pair(doc: Doc, clause: Clause, frames: list[Frame]) -> Clause:
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


def with_topic(
    doc: Doc,
    clause: Clause,
    last: OrgRef | None,
    lede: OrgRef | None,
    last_sentence: int = -1,
    first: OrgRef | None = None,
) -> Clause:
    """'It' stands for the last subject; 'the company' for the subject of the sentence just before, or else
    the story's lead subject; 'we' for the lead subject, or else the first organisation the document names."""
    found = pronoun_subject(doc, clause)
    if found is None:
        return clause
    at, kind = found
    recent = kind == "it" or last_sentence == clause.sent_index - 1
    topic = (lede or first or last) if kind == "we" else (last or lede) if recent else (lede or last)
    if topic is None or (kind == "we" and any(r.org == topic.org for r in clause.orgs)):
        return clause  # 'We have agreed with Oracle' in a story that names no one else: 'we' is not Oracle
    ref = OrgRef(topic.org, at, at + 1, topic.fact)
    return replace(clause, orgs=sorted([*clause.orgs, ref], key=lambda r: r.start))
