"""Consolidation: one deal from many outlets; expansions linked, never summed; ids stable and order-free."""

import itertools
from datetime import date

from core.ids import make_id
from core.records import Chips, DealMention
from extractors.consolidate import consolidate


def mention(doc: str, day: date, **kw: object) -> DealMention:
    base: dict[str, object] = {
        "buyer": "Microsoft",
        "seller": "Nebius",
        "parties": ["Microsoft", "Nebius"],
        "deal_type": "compute_capacity",
        "status": "signed",
        "confidence": 0.8,
        "evidence": "Nebius will supply Microsoft with GPU capacity.",
        "doc_id": doc,
        "published": day,
        "evidence_start": 0,
        "evidence_end": 40,
    }
    base.update(kw)
    m = DealMention(**base)  # type: ignore[arg-type]
    m.mention_id = make_id(doc, m.evidence_start, m.evidence_end, m.buyer, m.seller, m.deal_type)
    return m


def test_two_outlets_one_deal_keep_best_supported_figures() -> None:
    a = mention("wire", date(2025, 9, 8), amount_usd=17.4e9, amount_qualifier="exact")
    b = mention("trade", date(2025, 9, 9), amount_usd=17.4e9, confidence=0.6)
    c = mention("blog", date(2025, 9, 12), amount_usd=19.4e9, amount_qualifier="up_to", confidence=0.9)
    deals = consolidate([a, b, c])
    assert len(deals) == 1
    deal = deals[0]
    assert deal.amount_usd == 17.4e9  # two sources beat one more confident source
    assert deal.n_sources == 3
    assert deal.first_reported == date(2025, 9, 8) and deal.last_reported == date(2025, 9, 12)
    assert sorted(deal.mention_ids) == sorted(m.mention_id for m in (a, b, c))
    assert deal.confidence > 0.9


def test_expansion_is_its_own_deal_linked_to_its_parent_not_summed() -> None:
    first = mention("wire", date(2025, 3, 10), buyer="OpenAI", seller="CoreWeave", amount_usd=11.9e9)
    again = mention("trade", date(2025, 3, 11), buyer="OpenAI", seller="CoreWeave", amount_usd=11.9e9)
    more = mention(
        "wire2",
        date(2025, 5, 15),
        buyer="OpenAI",
        seller="CoreWeave",
        amount_usd=4e9,
        status="expanded",
        evidence="OpenAI expanded its CoreWeave contract by up to $4 billion.",
    )
    deals = consolidate([first, again, more])
    assert len(deals) == 2
    parent, child = deals
    assert parent.amount_usd == 11.9e9 and parent.n_sources == 2 and parent.parent_deal_id is None
    assert child.status == "expanded" and child.amount_usd == 4e9
    assert child.parent_deal_id == parent.deal_id


def test_investment_and_supply_between_the_same_pair_stay_apart() -> None:
    supply = mention(
        "a", date(2025, 9, 22), buyer="OpenAI", seller="Nvidia", deal_type="chip_supply", power_mw=10000
    )
    invest = mention(
        "a",
        date(2025, 9, 22),
        buyer="Nvidia",
        seller="OpenAI",
        deal_type="equity_investment",
        amount_usd=100e9,
        evidence_start=50,
        evidence_end=90,
    )
    assert len(consolidate([supply, invest])) == 2


def test_incompatible_figures_or_far_apart_dates_make_separate_deals() -> None:
    a = mention("a", date(2024, 1, 10), amount_usd=3e9)
    b = mention("b", date(2024, 1, 12), amount_usd=9e9)
    c = mention("c", date(2025, 6, 1), amount_usd=3e9)
    assert len(consolidate([a, b, c])) == 3


def test_ids_are_stable_and_independent_of_input_order() -> None:
    ms = [
        mention("wire", date(2025, 9, 8), amount_usd=17.4e9),
        mention("trade", date(2025, 9, 9), amount_usd=17.4e9, chips=Chips(count=100_000, type="GB300")),
        mention("wire", date(2025, 11, 3), buyer="OpenAI", seller="Amazon", amount_usd=38e9),
    ]
    results = [consolidate(list(p)) for p in itertools.permutations(ms)]
    assert all(r == results[0] for r in results)
    # raw values only: the sorted parties, the type's family, the first story's document id and day
    assert results[0][0].deal_id == make_id(
        "deal", "microsoft|nebius", "compute", "wire", "2025-09-08", False
    )
    assert results[0][0].chips_count == 100_000


def test_ids_survive_a_new_cleaner_and_a_new_role_rule() -> None:
    """Offsets, mention ids, evidence, roles, figures' confidence and the type within its family all change;
    the deals and their ids do not."""
    old = [
        mention("wire", date(2025, 9, 8), amount_usd=17.4e9),
        mention("trade", date(2025, 9, 9), amount_usd=17.4e9),
        mention("blog", date(2025, 10, 1), buyer="OpenAI", seller="Amazon", amount_usd=38e9),
    ]
    new = []
    for m in old:
        changed = m.model_copy(
            update={
                "evidence_start": m.evidence_start + 57,
                "evidence_end": m.evidence_end + 60,
                "evidence": m.evidence.upper(),
                "buyer": m.seller,  # a role rule now reads the pair the other way round
                "seller": m.buyer,
                "deal_type": "cloud_contract",
                "confidence": 0.55,
            }
        )
        changed.mention_id = make_id(m.doc_id, changed.evidence_start, changed.evidence_end, "v2")
        new.append(changed)
    before = {d.deal_id: d.amount_usd for d in consolidate(old)}
    after = {d.deal_id: d.amount_usd for d in consolidate(new)}
    assert before == after and len(before) == 2


def test_two_deals_of_one_pair_first_told_in_one_story_keep_unique_ids() -> None:
    a = mention("wire", date(2025, 9, 8), amount_usd=17.4e9, evidence_start=0)
    b = mention("wire", date(2025, 9, 8), amount_usd=3e9, evidence_start=200, evidence_end=240)
    ids = [d.deal_id for d in consolidate([a, b])]
    assert len(set(ids)) == 2 and ids == [d.deal_id for d in consolidate([b, a])]


def test_a_story_with_the_roles_mirrored_joins_the_deal_and_the_majority_roles_win() -> None:
    a = mention("wire", date(2025, 8, 21), buyer="Meta", seller="Google", amount_usd=10e9)
    b = mention("trade", date(2025, 8, 22), buyer="Meta", seller="Google", amount_usd=10e9, confidence=0.5)
    mirrored = mention(
        "blog", date(2025, 9, 30), buyer="Google", seller="Meta", amount_usd=10e9, confidence=0.9
    )
    for order in itertools.permutations([a, b, mirrored]):
        deals = consolidate(list(order))
        assert len(deals) == 1
        assert (deals[0].buyer, deals[0].seller, deals[0].n_sources) == ("Meta", "Google", 3)


def test_an_expansion_that_restates_its_deals_figure_is_the_same_deal() -> None:
    deal = mention("wire", date(2025, 11, 3), buyer="OpenAI", seller="Amazon", amount_usd=38e9)
    restated = mention(
        "trade",
        date(2025, 11, 4),
        buyer="OpenAI",
        seller="Amazon",
        amount_usd=38e9,
        evidence="The $38 billion commitment is expected to expand over seven years.",
    )
    bigger = mention(
        "blog",
        date(2025, 12, 1),
        buyer="OpenAI",
        seller="Amazon",
        amount_usd=12e9,
        status="expanded",
        evidence="OpenAI expanded its Amazon commitment by a further $12 billion.",
    )
    deals = consolidate([deal, restated, bigger])
    assert len(deals) == 2
    parent, child = deals
    assert parent.amount_usd == 38e9 and parent.n_sources == 2 and parent.status != "expanded"
    assert child.amount_usd == 12e9 and child.parent_deal_id == parent.deal_id


def test_a_first_tranche_in_the_deals_own_story_is_not_a_second_deal() -> None:
    day = date(2025, 10, 6)
    deal = mention("wire", day, buyer="OpenAI", seller="AMD", power_mw=6000.0, deal_type="chip_supply")
    tranche = mention(
        "wire",
        day,
        buyer="OpenAI",
        seller="AMD",
        power_mw=1000.0,
        deal_type="chip_supply",
        status="expanded",
        evidence="The warrant vests in tranches as deployments grow from 1 gigawatt toward 6 gigawatts.",
        evidence_start=100,
        evidence_end=180,
    )
    deals = consolidate([deal, tranche])
    assert [(d.power_mw, d.parent_deal_id) for d in deals] == [(6000.0, None)]
    # a later story that grows the deal is still an expansion of it
    grows = mention(
        "trade",
        date(2026, 2, 1),
        buyer="OpenAI",
        seller="AMD",
        power_mw=2000.0,
        deal_type="chip_supply",
        status="expanded",
        evidence="OpenAI expanded its AMD deal by another 2 gigawatts.",
    )
    later = consolidate([deal, tranche, grows])
    assert sorted((d.power_mw, d.parent_deal_id is not None) for d in later) == [
        (2000.0, True),
        (6000.0, False),
    ]
