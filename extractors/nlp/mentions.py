"""From frames to DealMention records (the `extract` contract plus provenance), keeping only real deals."""

from __future__ import annotations

from datetime import date
from typing import Literal

from core.ids import make_id
from core.records import Chips, DealMention, DealType, Qualifier
from extractors.nlp import judge
from extractors.nlp.facts import Figure
from extractors.nlp.frame import Frame

MIN_CONFIDENCE = 0.55
EQUITY_INVESTEES = {"lab", "neocloud", "chipmaker", "developer", "cloud"}


def _figure_of(frame: Frame, kind: str) -> Figure | None:
    return frame.figures.get(kind)


def _qualifier(fig: Figure | None) -> Qualifier | None:
    if fig is None or fig.fact.value is None:
        return None
    if fig.fact.value_high is not None and fig.fact.qualifier is None:
        return "at_least"  # a range is reported by its low end
    return fig.fact.qualifier or "exact"


def _amount(fig: Figure | None) -> float | None:
    if fig is None or fig.fact.value is None:
        return None
    if fig.per_year and fig.term_years:
        return fig.fact.value * fig.term_years
    return fig.fact.value


def _chips(frame: Frame) -> Chips | None:
    count_fig = frame.figures.get("chips")
    count = int(count_fig.fact.value) if count_fig and count_fig.fact.value is not None else None
    ctype = None
    if count_fig is not None and count_fig.fact.chip_type:
        ctype = count_fig.fact.chip_type
    elif frame.chip_type is not None:
        ctype = frame.chip_type.fact.chip_type
    if count is None:
        return None  # a type without a count is not a chip figure
    return Chips(count=count, type=ctype)


def _basis(fig: Figure | None) -> Literal["facility", "it"] | None:
    if fig is None:
        return None
    return "it" if fig.fact.basis == "it" else "facility" if fig.fact.basis == "facility" else None


def keep(frame: Frame, dtype: DealType, conf: float) -> bool:
    """A compute deal: a known party, a deal type or a compute figure, an investee that builds or runs AI.
    A deal without figures counts only as the story itself (stated in the first sentences, not in the past)."""
    if conf < MIN_CONFIDENCE or not any(o.known for o in frame.all_parties):
        return False
    if not frame.figures:
        first = frame.clauses[0]
        if first.sent_index > 2 or first.past or not frame.parties or first.has("NF_OPTION"):
            return False
        if not frame.from_syntax and frame.buyer and frame.seller and frame.buyer.tier == frame.seller.tier:
            return False
    if dtype == "equity_investment":
        investee = frame.seller
        return bool(
            investee
            and investee.known
            and investee.kinds
            and investee.kinds[0] in EQUITY_INVESTEES
            and frame.buyer is not None
            and frame.buyer.known
        )
    if dtype == "other" and frame.cues().get("DT_ACQUISITION"):  # a company bought: both sides named
        return frame.buyer is not None and frame.seller is not None and frame.buyer.known
    return dtype != "other" or "power" in frame.figures or "chips" in frame.figures


def to_mention(frame: Frame, doc_id: str, published: date | None) -> DealMention | None:
    cues = frame.cues()
    dtype: DealType = frame.deal_type()  # type: ignore[assignment]
    has_figure = bool(frame.figures)
    conf = judge.confidence(
        frame.buyer, frame.seller, has_figure, cues, frame.from_syntax, len(frame.clauses)
    )
    if frame.buyer is None and frame.seller is None and len(frame.members) >= 2:
        conf = round(min(0.99, conf + 0.2), 4)  # a joint venture: both roles are null by definition
    elif frame.buyer is None or frame.seller is None:
        conf = round(min(0.99, conf + 0.1), 4)  # a self-build or an unnamed counterparty
    if not keep(frame, dtype, conf):
        return None
    money, power = _figure_of(frame, "money"), _figure_of(frame, "power")
    anchor = money or power or frame.figures.get("chips")
    fact = anchor.fact if anchor else frame.clauses[0].orgs[0].fact
    buyer = frame.buyer.name if frame.buyer else None
    seller = frame.seller.name if frame.seller else None
    fact_ids = [f.fact.fact_id for f in frame.figures.values()]
    fact_ids += [r.fact.fact_id for cl in frame.clauses for r in cl.orgs if r.org in frame.all_parties]
    return DealMention(
        buyer=buyer,
        seller=seller,
        parties=[o.name for o in frame.all_parties],
        deal_type=dtype,
        status=judge.status(cues),
        amount_usd=_amount(money),
        amount_qualifier=_qualifier(money),
        power_mw=power.fact.value if power else None,
        power_qualifier=_qualifier(power),
        chips=_chips(frame),
        evidence=fact.sentence,
        confidence=conf,
        mention_id=make_id(doc_id, fact.sent_start, fact.sent_end, buyer, seller, dtype),
        doc_id=doc_id,
        evidence_start=fact.sent_start,
        evidence_end=fact.sent_end,
        power_basis=_basis(power),
        term_years=money.term_years if money else None,
        amount_per_year=bool(money and money.per_year and not money.term_years),
        fact_ids=list(dict.fromkeys(fact_ids)),
        published=published,
    )


def drop_echoes(deals: list[DealMention]) -> list[DealMention]:
    """A figureless mention of a pair that another mention already carries with figures is the same deal
    told again (often with the roles muddled): drop it."""

    def pair(d: DealMention) -> frozenset[str]:
        return frozenset(n for n in (d.buyer, d.seller) if n)

    figured = {pair(d) for d in deals if d.amount_usd or d.power_mw or d.chips}
    return [d for d in deals if d.amount_usd or d.power_mw or d.chips or pair(d) not in figured]
