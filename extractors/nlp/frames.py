"""Deal frames: each deal a document states, with its parties, roles, figures and evidence clauses.

A frame starts at a clause naming two parties with a deal cue (a pronoun subject, 'It' or 'the company', stands for
the previous sentence's subject). A later clause joins it when it names one of its parties, or none, or refers back
('The agreement ...'), and adds a figure the frame lacks. Clauses about earlier deals make their own frames and
lend nothing. A self-build, an unnamed counterparty and a joint venture leave roles null."""

from __future__ import annotations

from spacy.tokens import Doc

from extractors.nlp.attach import (
    DEALISH,
    STRONG,
    Story,
    joins,
    neighbour_deal,
    owned_build,
    recent,
    single,
    take_pending,
    with_sentence_subject,
)
from extractors.nlp.clauses import Clause
from extractors.nlp.facts import Figure, OrgRef
from extractors.nlp.frame import Frame, merge_frames
from extractors.nlp.reference import subject_of, with_pair, with_topic
from extractors.nlp.roles import VERB_CLASSES, assign_roles, compound, is_modifier_ref, main_verb
from extractors.nlp.shapes import (
    build_like,
    builder_of,
    deal_owners,
    equity_clause,
    funding_round,
    gapped,
    jv_members,
    second_deal,
)


def _named_frames(doc: Doc, clause: Clause, lede: OrgRef | None) -> list[Frame] | None:
    """Shapes that name their deals outright: 'the 6 GW AMD deal and Nvidia's 10 GW letter of intent' (deals
    of the story's subject), 'a cluster built by G42' (a self-build), 'a joint venture of A, B and C'."""
    owners = deal_owners(doc, clause)
    named = {r.org for r, _ in owners}
    if lede is not None and len(named) >= 2 and lede.org not in named:
        frames = []
        for ref, fig in owners:
            buyer, seller = (lede.org, ref.org) if lede.org.tier >= ref.org.tier else (ref.org, lede.org)
            frame = Frame(buyer, seller, False, False)
            frame.clauses.append(clause)
            frame.take(fig)
            frames.append(frame)
        return frames
    builder = builder_of(doc, clause)
    members = jv_members(doc, clause)
    if builder is None and not members:
        return None
    frame = Frame(builder, None, True, False) if builder else Frame(None, None, False, False, members=members)
    frame.add(clause)
    return [frame]


def _role_frames(doc: Doc, clause: Clause) -> list[Frame]:
    """One frame per (buyer, seller) pair the clause's words give; none for money received or a funding round."""
    verb = main_verb(clause)
    equity = equity_clause(doc, clause)
    if verb is not None and verb.label == "RAISE_VERB" and not equity:
        return []  # 'OpenAI will receive $350 million of stock': money received, no deal of its own
    if funding_round(doc, clause) and (equity or "sold" in doc[clause.start : clause.end].text.lower()):
        return []
    makers = not (build_like(doc, clause) and not clause.has("DEAL", *VERB_CLASSES))
    return [
        Frame(r.buyer, r.seller, r.from_syntax, r.equity) for r in assign_roles(doc, clause, equity, makers)
    ]


def _split_off(frame: Frame, clause: Clause, fig: Figure, other: Frame) -> list[Frame]:
    """`fig` belongs to `other`; every other figure of the clause to `frame`."""
    other.clauses.append(clause)
    other.take(fig)
    frame.clauses.append(clause)
    for f in clause.figures:
        if f is not fig and not f.foreign:
            frame.take(f)
    return [frame, other]


def _start_frames(doc: Doc, clause: Clause, lede: OrgRef | None = None) -> list[Frame]:
    named = _named_frames(doc, clause, lede)
    if named is not None:
        return named
    frames = _role_frames(doc, clause)
    money = [f for f in clause.figures if f.kind == "money" and not f.foreign and not f.vague]
    if len(frames) == 1:
        first = frames[0]
        if (gap := gapped(doc, clause, first, money)) is not None:  # '... and Microsoft up to $5 billion'
            return _split_off(first, clause, gap[1], Frame(gap[0].org, first.seller, False, first.equity))
        if (second := second_deal(doc, clause, money)) is not None:
            return _split_off(
                first, clause, second, Frame(first.buyer, first.seller, first.from_syntax, first.equity)
            )
        first.add(clause)
        return frames
    paired = any(t.lower_ == "respectively" for t in doc[clause.start : clause.end]) and len(money) == len(
        frames
    )
    for i, frame in enumerate(
        frames
    ):  # several deals in one clause: figures only when 'respectively' pairs them
        frame.clauses.append(clause)
        if paired:
            frame.take(money[i])
    return frames


def _opens(doc: Doc, clause: Clause, refs: list[OrgRef], figs: list[Figure]) -> bool:
    """Two parties and a deal cue, in a sentence with a verb (not a verbless list or FAQ fragment)."""
    partnering = clause.has("NEUTRAL_VERB") and clause.has("DT_BUILD", "DT_COMPUTE", "DT_POWER", "DT_CHIP")
    stated = clause.has("DEAL", *VERB_CLASSES, "NEUTRAL_VERB") or any(
        doc[i].pos_ in ("VERB", "AUX") for i in clause.tokens
    )
    dealish = clause.has(*STRONG) or partnering or (bool(figs) and clause.has(*DEALISH))
    return len(refs) >= 2 and not clause.quoted and stated and dealish


def _lend(doc: Doc, clause: Clause, refs: list[OrgRef], figs: list[Figure], story: Story) -> None:
    """A clause with figures and at most one party: join the deal before it, or stand as its own."""
    if refs and is_modifier_ref(doc, clause, refs[0]):
        refs = []  # 'powered by Nvidia GPUs': the maker of a product stands for no one here
    own = bool(refs) and owned_build(doc, clause, refs[0])
    past_deal = clause.past and clause.has(*STRONG)
    target = None if past_deal or own else recent(story.frames, clause, refs[0].org if refs else None)
    capex = clause.has("INVEST_VERB") and not equity_clause(
        doc, clause
    )  # 'plans to invest $1.6 billion to restore'
    if target is not None and not capex and target.lacks(clause) and joins(doc, clause, bool(refs)):
        target.add(clause)
    elif target is not None and refs and clause.has("ST_EXPANDED") and not clause.past:
        grown = Frame(target.buyer, target.seller, target.from_syntax, target.equity)  # 'a further 150 MW'
        grown.add(clause)
        if grown.figures:
            story.frames.append(grown)
    elif refs and (alone := single(doc, clause, refs[0], figs)) is not None:
        story.frames.append(alone)
    elif refs and (near := neighbour_deal(doc, clause, refs[0], story)) is not None:
        story.frames.append(near)
    elif target is None and clause.has("DEAL") and not clause.past and clause.sent_index <= 1:
        story.pending.append(clause)  # '...a deal worth $17.4 billion' before the parties are named


def _track(doc: Doc, raw: Clause, story: Story) -> None:
    if not raw.orgs or raw.quoted:
        return
    if story.first is None:
        story.first = next((r for r in raw.orgs if r.org.known), None)
    subject = subject_of(doc, raw)
    if subject is None:
        return
    story.last, story.last_at, story.last_sentence = subject, raw.index, raw.sent_index
    story.last_deal = raw.has(*DEALISH)
    if story.lede is None and subject.org.known and not raw.heading:
        story.lede = subject


def build_frames(doc: Doc, clauses: list[Clause]) -> list[Frame]:
    story = Story()
    for raw in clauses:
        if raw.subordinate:
            continue
        clause = with_topic(doc, raw, story.last, story.lede, story.last_sentence, story.first)
        clause = with_sentence_subject(with_pair(doc, clause, story.frames), story.previous)
        story.before, story.previous = story.previous, raw
        refs = clause.distinct_orgs()
        if not any(r.org.known for r in refs):
            refs = []  # entities the registry does not know never stand alone as parties
        figs = [f for f in clause.figures if not f.foreign]
        started = _start_frames(doc, clause, story.lede) if _opens(doc, clause, refs, figs) else []
        story.frames += started
        for frame in started:
            take_pending(frame, story.pending, clause)
        parties = [r for r in refs if not is_modifier_ref(doc, clause, r) and not compound(doc, r)]
        if not started and figs and len(parties) <= 1:
            _lend(doc, clause, parties, figs, story)
        _track(doc, raw, story)
    return merge_frames(story.frames)
