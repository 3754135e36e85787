"""Deal frames on short passages written for these tests: roles, figures that belong elsewhere, references."""

from datetime import date

import pytest

from core.records import ExtractInput
from extractors.nlp import Extractor


def deals(extractor: Extractor, text: str, published: date = date(2025, 9, 20)) -> list[tuple[object, ...]]:
    out = extractor.extract(ExtractInput(id="t", text=text, published=published))
    return sorted(
        ((d.buyer, d.seller, d.amount_usd, d.power_mw) for d in out.deals), key=lambda r: tuple(map(str, r))
    )


def test_revenue_and_market_figures_stay_out(extractor: Extractor) -> None:
    text = (
        "CoreWeave signed a contract worth up to $14.2 billion with Meta for cloud capacity. "
        "CoreWeave reported quarterly revenue of $1.2 billion, and analysts expect the AI cloud market "
        "to reach $400 billion by 2030."
    )
    assert deals(extractor, text) == [("Meta", "CoreWeave", 14.2e9, None)]


def test_a_forecast_alone_is_not_a_compute_deal(extractor: Extractor) -> None:
    out = extractor.extract(
        ExtractInput(id="n", text="Analysts expect AI data-center spending to top $1 trillion by 2030.")
    )
    assert not out.is_compute_deal and out.deals == [] and out.score < 0.5


def test_the_company_stands_for_the_previous_subject(extractor: Extractor) -> None:
    text = (
        "Nebius came first. In September the Amsterdam-based company agreed to provide Microsoft with GPU "
        "capacity under a five-year contract worth $17.4 billion."
    )
    assert deals(extractor, text) == [("Microsoft", "Nebius", 17.4e9, None)]


def test_investment_and_supply_are_two_deals_one_per_direction(extractor: Extractor) -> None:
    text = (
        "Nvidia will invest up to $100 billion in OpenAI, and OpenAI will deploy at least 10 gigawatts of "
        "Nvidia systems under a letter of intent."
    )
    assert deals(extractor, text) == [("Nvidia", "OpenAI", 100e9, None), ("OpenAI", "Nvidia", None, 10000.0)]


def test_self_build_has_no_seller_and_converts_currency(extractor: Extractor) -> None:
    text = "Blackstone will invest £10 billion in a hyperscale AI data centre in Blyth, the government said."
    [(buyer, seller, amount, _)] = deals(extractor, text, date(2024, 9, 16))
    assert (buyer, seller) == ("Blackstone", None)
    assert amount == pytest.approx(13.2e9)


def test_joint_venture_leaves_both_roles_null(extractor: Extractor) -> None:
    text = (
        "OpenAI, SoftBank and Oracle announced a joint venture that plans to invest $500 billion in AI "
        "infrastructure in the United States over four years."
    )
    out = extractor.extract(ExtractInput(id="jv", text=text))
    [deal] = out.deals
    assert (deal.buyer, deal.seller, deal.amount_usd) == (None, None, 500e9)
    assert set(deal.parties) == {"OpenAI", "SoftBank", "Oracle"}


def test_an_earlier_deal_in_passing_is_its_own_deal(extractor: Extractor) -> None:
    text = (
        "OpenAI will pay CoreWeave up to $6.5 billion more under an expanded contract. "
        "The pair first signed an $11.9 billion agreement in March."
    )
    assert deals(extractor, text) == [
        ("OpenAI", "CoreWeave", 11.9e9, None),
        ("OpenAI", "CoreWeave", 6.5e9, None),
    ]


def test_a_startup_funding_round_is_not_a_deal(extractor: Extractor) -> None:
    text = "Chatbot maker Quillbase raised $40 million in a Series B round led by Sequoia Capital, with Nvidia joining."
    out = extractor.extract(ExtractInput(id="f", text=text))
    assert out.deals == [] and not out.is_compute_deal
