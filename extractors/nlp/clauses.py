"""Clauses: sentences cut at ';' and ', while', with relative clauses and attributions set aside, each holding
its organisations, figures and cues. Also decides which figures belong to something else (revenue, the market,
an earlier deal)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span

from extractors.nlp.facts import Figure, OrgRef
from extractors.nlp.lexicon import lexicon
from extractors.nlp.orgspans import in_heading

POSITIVE = ("DEAL", "SELLER_VERB", "BUYER_VERB", "INVEST_VERB", "NEUTRAL_VERB", "CUSTOMER", "SUPPLIER")
NEGATIVE = ("NF_FIN", "NF_MARKET", "NF_AGG", "NF_OPTION")
NEAR = 8  # tokens: a not-this-deal cue farther away than this does not claim a figure
_SPLIT_AFTER_COMMA = {"while", "whereas", "meanwhile"}
_CONJ_BEFORE_SUBJECT = {"and", "but", "as", "while", "whereas", "after", "before", "when", "because"}
_SUBORDINATE_AFTER_COMMA = {"which", "who", "whose"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Cue:
    label: str
    start: int
    end: int


@dataclass
class Clause:
    index: int
    sent_index: int
    tokens: set[int]
    start: int
    end: int
    paragraph: int
    heading: bool = False
    subordinate: bool = False
    quoted: bool = False
    past: bool = False
    orgs: list[OrgRef] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)

    def labels(self) -> set[str]:
        return {c.label for c in self.cues}

    def has(self, *labels: str) -> bool:
        return any(c.label in labels for c in self.cues)

    def distinct_orgs(self) -> list[OrgRef]:
        seen: set[str] = set()
        out = []
        for ref in self.orgs:
            if ref.org.name not in seen:
                seen.add(ref.org.name)
                out.append(ref)
        return out


def _new_subject(sent: Span, i: int, org_starts: set[int]) -> bool:
    """A conjunction followed by an organisation and then a verb starts a new clause ('..., and Nvidia will')."""
    doc = sent.doc
    j = i + 1
    if j < sent.end and doc[j].lower_ == "the":
        j += 1
    if j not in org_starts:
        return False
    window = doc[j : min(sent.end, j + (8 if doc[i - 1].text == "," else 4))]
    return any(t.pos_ in ("VERB", "AUX") for t in window)


def _pieces(sent: Span, org_starts: set[int], deal_ends: set[int]) -> list[tuple[list[int], bool]]:
    """Token-index lists of a sentence's clauses; True marks a relative clause or an attribution."""
    main: list[int] = []
    out: list[tuple[list[int], bool]] = []
    sub: list[int] | None = None
    doc = sent.doc
    for tok in sent:
        nxt = tok.nbor(1).lower_ if tok.i + 1 < sent.end else ""
        after_comma = tok.i > sent.start and tok.nbor(-1).text == ","
        had_verb = any(doc[k].tag_ in ("VBD", "VBZ", "VBP", "MD") for k in main)  # a finite verb
        conj = tok.lower_ in _CONJ_BEFORE_SUBJECT and (
            after_comma or had_verb or tok.lower_ not in ("and", "but")
        )
        if sub is None and main and conj and _new_subject(sent, tok.i, org_starts):
            out.append((main, False))
            main = [tok.i]
            continue
        if sub is None and main and _earlier_deal_start(sent, tok.i):
            out.append((main, False))
            out.append(([tok.i], False))  # a marker piece: what follows is an earlier deal
            main = []
            continue
        if sub is not None:
            if tok.text in (",", ";", ")") or tok.i == sent.end - 1:
                sub.append(tok.i)
                out.append((sub, True))
                sub = None
            else:
                sub.append(tok.i)
            continue
        if tok.text == ";" or (tok.text == "," and nxt in _SPLIT_AFTER_COMMA):
            main.append(tok.i)
            out.append((main, False))
            main = []
        elif tok.text == "," and (
            (nxt in _SUBORDINATE_AFTER_COMMA and tok.i not in deal_ends) or _attribution(sent, tok.i + 1)
        ):
            sub = [tok.i]
        else:
            main.append(tok.i)
    if sub:
        out.append((sub, True))
    if main:
        out.append((main, False))
    return [(p, s) for p, s in out if p]


def _earlier_deal_start(sent: Span, i: int) -> bool:
    """', after its $17.4 billion deal with Microsoft': the rest of the sentence is about an earlier deal."""
    doc = sent.doc
    if doc[i].lower_ not in ("after", "following") or i + 1 >= sent.end:
        return False
    return (
        doc[i + 1].lower_ in ("its", "a", "an", "the", "their")
        and i > sent.start
        and doc[i - 1].pos_ != "VERB"
    )


def _attribution(sent: Span, i: int) -> bool:
    doc = sent.doc
    return i + 1 < sent.end and doc[i].lower_ == "according" and doc[i + 1].lower_ == "to"


def build_clauses(doc: Doc, figures: list[Figure], orgs: list[OrgRef]) -> list[Clause]:
    clauses: list[Clause] = []
    paragraph = 0
    org_starts = {r.start for r in orgs}
    deal_ends = {c.end for c in doc.spans.get("cues", []) if c.label_ == "DEAL"}
    for s_i, sent in enumerate(doc.sents):
        before = doc.text[max(0, sent.start_char - 3) : sent.start_char]
        if "\n\n" in before or ("\n" in before and _line_ends_sentence(doc, sent)):
            paragraph += 1
        heading = in_heading(sent)
        quoted = sent.text.lstrip()[:1] in ('"', "“", "'", "‘")
        earlier = False
        for toks, sub in _pieces(sent, org_starts, deal_ends):
            if len(toks) == 1 and doc[toks[0]].lower_ in ("after", "following"):
                earlier = True
                continue
            tokset = set(toks)
            clause = Clause(
                len(clauses), s_i, tokset, min(toks), max(toks) + 1, paragraph, heading, sub, quoted
            )
            clause.past = earlier and not sub
            clauses.append(clause)
    by_token = {i: c for c in clauses for i in c.tokens}
    for ref in orgs:
        if (c := by_token.get(ref.start)) is not None:
            c.orgs.append(ref)
    for fig in figures:
        if (c := by_token.get(fig.start)) is not None:
            c.figures.append(fig)
    in_org = {i for r in orgs if r.org.known for i in range(r.start, r.end)}
    for span in doc.spans.get("cues", []):
        if span.start in in_org:
            continue  # 'Constellation Energy' names a company, it is not an energy cue
        if (c := by_token.get(span.start)) is not None:
            c.cues.append(Cue(span.label_, span.start, span.end))
    return clauses


def _line_ends_sentence(doc: Doc, sent: Span) -> bool:
    prev = doc.text[: sent.start_char].rstrip()
    return bool(prev) and prev[-1] in '.!?:"”'


def _distance(fig: Figure, cue: Cue) -> int:
    if cue.start < fig.end and fig.start < cue.end:
        return 0
    return cue.start - fig.end if cue.start >= fig.end else fig.start - cue.end + 1


def mark_foreign(doc: Doc, clauses: list[Clause], published: date | None) -> None:
    """A figure belongs to something else when a finance/market/aggregate cue is nearer to it than any deal cue,
    or when it sits in a relative clause or attribution. A clause about an earlier deal ('last year', 'in 2023')
    is marked past: its figures describe that deal, never the story's."""
    for clause in clauses:
        clause.past = (
            clause.past
            or clause.has("NF_PAST")
            or (published is not None and _earlier_year(doc, clause, published))
        )
        for fig in clause.figures:
            fig.foreign = _foreign(doc, clause, fig)


def _foreign(doc: Doc, clause: Clause, fig: Figure) -> bool:
    if clause.subordinate:
        return True
    after_unit = fig.start >= 2 and doc[fig.start - 1].lower_ == "of"
    if fig.kind == "chips" and after_unit and doc[fig.start - 2].lower_ in lexicon().chips.unit_nouns:
        return True  # 'UltraServers of 64 chips': the size of a unit, not a deal's count
    if _same_segment(doc, fig, [c for c in clause.cues if c.label == "NF_TOTAL_SEG"]):
        return True  # 'combined', 'across its portfolio', 'in total'
    if fig.kind == "money" and _same_segment(doc, fig, [c for c in clause.cues if c.label == "NF_AGG_SEG"]):
        return True  # 'has invested $8 billion since 2023', 'bringing the total to $22.4 billion'
    if any(c.label == "NF_OPTION" and 0 <= fig.start - c.end <= 3 for c in clause.cues):
        return True  # 'could rise to about $19.4 billion'
    if _same_segment(doc, fig, [c for c in clause.cues if c.label == "DEAL_VALUE"]):
        return False  # 'revenue over the term of the lease' is the contract's value
    negatives = [c for c in clause.cues if c.label in NEGATIVE]
    near = [c for c in negatives if _distance(fig, c) <= 3 or _same_segment(doc, fig, [c])]
    if near and not clause.has(*POSITIVE):
        return True  # 'Analysts estimate that a gigawatt costs $50 billion': nothing ties it to a deal
    neg = min((_distance(fig, c) for c in near), default=99)
    pos = min((_distance(fig, c) for c in clause.cues if c.label in POSITIVE), default=99)
    return (neg <= NEAR and neg <= pos + 1) or _qualified_by(doc, fig, clause)


def _same_segment(doc: Doc, fig: Figure, cues: list[Cue]) -> bool:
    for cue in cues:
        lo, hi = min(cue.start, fig.start), max(cue.end, fig.end)
        if not any(t.text in (",", ";", "(", ")") for t in doc[lo:hi]):
            return True
    return False


def _qualified_by(doc: Doc, fig: Figure, clause: Clause) -> bool:
    """'$13.5 million in annual local tax revenue', '$2 billion of debt': the words right after the figure say
    what it measures."""
    for cue in clause.cues:
        if cue.label in NEGATIVE and 0 <= cue.start - fig.end <= 5:
            between = doc[fig.end : cue.start]
            if (
                between
                and between[0].lower_ in ("in", "of")
                and all(t.pos_ in ("ADP", "ADJ", "NOUN", "DET") or t.text == "-" for t in between)
            ):
                return True
    return False


def _earlier_year(doc: Doc, clause: Clause, published: date) -> bool:
    for i in sorted(clause.tokens):
        tok = doc[i]
        dated = _YEAR.match(tok.text) and i > 0 and doc[i - 1].lower_ in ("in", "since", "during")
        if dated and int(tok.text) < published.year:
            return True
    return False
