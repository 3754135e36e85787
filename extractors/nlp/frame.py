"""The Frame record (one deal as a document states it) and the per-document merge of frames of one deal."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from extractors.nlp import judge
from extractors.nlp.clauses import Clause
from extractors.nlp.facts import Figure
from extractors.nlp.orgs import Org

MIN_DEAL_USD = 1_000_000
MIN_CHIPS = 50  # 'three chips' is a way of speaking, not an order
FrameKey = tuple[str | None, str | None, bool, tuple[str, ...]]


@dataclass
class Frame:
    buyer: Org | None
    seller: Org | None
    from_syntax: bool
    equity: bool
    members: list[Org] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    figures: dict[str, Figure] = field(default_factory=dict)
    chip_type: Figure | None = None

    @property
    def key(self) -> FrameKey:
        names = (
            tuple(sorted(o.name for o in self.members)) if self.buyer is None and self.seller is None else ()
        )
        return (
            self.buyer.name if self.buyer else None,
            self.seller.name if self.seller else None,
            self.equity,
            names,
        )

    @property
    def parties(self) -> list[Org]:
        return [o for o in (self.buyer, self.seller) if o is not None]

    @property
    def all_parties(self) -> list[Org]:
        return self.parties + [m for m in self.members if m not in self.parties]

    @property
    def last(self) -> int:
        return self.clauses[-1].index

    @property
    def first_sentence(self) -> int:
        return self.clauses[0].sent_index

    def cues(self) -> Counter[str]:
        return Counter(c.label for cl in self.clauses for c in cl.cues)

    def add(self, clause: Clause) -> None:
        self.clauses.append(clause)
        for fig in clause.figures:
            if not fig.foreign:
                self.take(fig)

    def take(self, fig: Figure) -> bool:
        """Keeps the first usable figure of each kind; a later figure stated as facility power replaces an IT one.
        An investment takes only money."""
        if self.equity and fig.kind != "money":
            return False
        if fig.kind == "chips" and fig.fact.chip_type and self.chip_type is None:
            self.chip_type = fig
        too_small = (fig.kind == "money" and (fig.fact.value or 0) < MIN_DEAL_USD) or (
            fig.kind == "chips" and (fig.fact.value or 0) < MIN_CHIPS
        )
        if fig.vague or too_small:
            return False  # '$40 a share', '$47 to $55': prices, not deal values
        held = self.figures.get(fig.kind)
        if held is None or (fig.kind == "power" and held.fact.basis == "it" and fig.fact.basis == "facility"):
            self.figures[fig.kind] = fig
            return True
        return False

    def lacks(self, clause: Clause) -> bool:
        usable = [f for f in clause.figures if not f.foreign and not f.vague]
        if self.equity:
            usable = [f for f in usable if f.kind == "money"]
        return any(f.kind not in self.figures for f in usable)

    def deal_type(self) -> str:
        if self.buyer is None and self.seller is None:
            return "datacenter_build"
        has_chips = "chips" in self.figures or self.chip_type is not None
        return judge.deal_type(self.seller, self.cues(), has_chips, self.equity)

    def absorb(self, other: Frame) -> None:
        self.clauses += other.clauses
        for kind, fig in other.figures.items():
            self.figures.setdefault(kind, fig)
        if self.chip_type is None:
            self.chip_type = other.chip_type
        self.from_syntax = self.from_syntax or other.from_syntax


def _differs(a: Figure | None, b: Figure | None) -> bool:
    if a is None or b is None or a.fact.value is None or b.fact.value is None:
        return False
    return abs(a.fact.value - b.fact.value) > 0.02 * max(abs(a.fact.value), 1.0)


def _another_deal(held: Frame, new: Frame) -> bool:
    """Same parties, but a different deal: an expansion or an earlier deal with its own figure."""
    if not any(_differs(held.figures.get(k), new.figures.get(k)) for k in ("money", "power")):
        return False
    if held.seller is None and held.buyer is not None:
        return True  # a builder's second site is a second build
    later = new.clauses[0]
    if later is held.clauses[0]:
        return True  # two deals stated in one clause
    return (
        later.past
        or later.has("ST_EXPANDED")
        or any(c.past or c.has("ST_EXPANDED") for c in held.clauses[:1])
    )


def _pair(frame: Frame) -> frozenset[str]:
    return frozenset(o.name for o in frame.parties)


def _mirror(a: Frame, b: Frame) -> bool:
    """The same two parties with roles reversed where one side guessed them from the supply chain only."""
    return (
        a.equity == b.equity
        and len(_pair(a)) == 2
        and _pair(a) == _pair(b)
        and a.key != b.key
        and a.from_syntax != b.from_syntax
        and _weak_chain(a)
    )


def _weak_chain(frame: Frame) -> bool:
    """The supply chain guesses well across distant tiers (a chip maker sells to a lab); between neighbours
    (a chip maker and a GPU cloud) the text's own words should decide."""
    if frame.buyer is None or frame.seller is None:
        return False
    return abs(frame.buyer.tier - frame.seller.tier) < 2


def merge_frames(frames: list[Frame]) -> list[Frame]:
    """One frame per deal in a document: same roles merge unless the figures show a second deal; a guessed
    orientation yields to one the text states."""
    frames = list(frames)
    for i, frame in enumerate(frames):
        stated = next((f for f in frames if _mirror(frame, f) and f.from_syntax), None)
        if stated is not None and not frame.from_syntax:
            frames[i] = Frame(
                stated.buyer,
                stated.seller,
                False,
                frame.equity,
                frame.members,
                frame.clauses,
                frame.figures,
                frame.chip_type,
            )
    out: list[Frame] = []
    for frame in frames:
        same = [f for f in out if f.key == frame.key]
        target = next((f for f in same if not _another_deal(f, frame)), None)
        if target is not None:
            target.absorb(frame)
        else:
            out.append(frame)
    return out
