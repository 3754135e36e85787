"""Who supplies whom when the verb does not say it alone: rent / lease (tenant or landlord), 'signed up X',
and an acquisition of a company (deal type `other`). Sentences in our own words."""

from __future__ import annotations

import pytest

from core.records import ExtractInput
from extractors.nlp import Extractor


def _deals(extractor: Extractor, text: str) -> list[tuple[str | None, str | None, str]]:
    out = extractor.extract(ExtractInput(id="t", text=text))
    return [(d.buyer, d.seller, d.deal_type) for d in out.deals]


@pytest.mark.parametrize(
    ("text", "buyer", "seller"),
    [
        (
            "Anthropic will rent one gigawatt of Google TPU capacity under a multi-year agreement.",
            "Anthropic",
            "Google",
        ),
        ("Meta agreed to lease 300 megawatts of capacity from Nebius for $2 billion.", "Meta", "Nebius"),
        ("Nebius will lease 300 megawatts of capacity to Meta for $2 billion.", "Meta", "Nebius"),
        ("Oracle leases the 1.2-gigawatt campus and runs the GB200 systems for OpenAI.", "OpenAI", "Oracle"),
        (
            "Nscale has signed up Microsoft for 200,000 Nvidia GPUs in a deal worth $14 billion.",
            "Microsoft",
            "Nscale",
        ),
        ("OpenAI signed up for $10 billion of capacity from CoreWeave.", "OpenAI", "CoreWeave"),
    ],
)
def test_the_tenant_is_the_buyer(extractor: Extractor, text: str, buyer: str, seller: str) -> None:
    pairs = {(b, s) for b, s, _ in _deals(extractor, text)}
    assert (buyer, seller) in pairs and (seller, buyer) not in pairs


def test_an_x_customer_is_a_customer_of_x(extractor: Extractor) -> None:
    text = (
        "Oracle is in talks with Meta over a cloud computing agreement worth about $20 billion. "
        "Meta is already an Oracle customer, and it has been renting capacity everywhere."
    )
    assert [(b, s) for b, s, _ in _deals(extractor, text)] == [("Meta", "Oracle")]


def test_an_acquisition_of_a_company_is_other(extractor: Extractor) -> None:
    text = (
        "CoreWeave agreed to acquire Applied Digital in an all-stock transaction valued at about $4 billion."
    )
    assert _deals(extractor, text) == [("CoreWeave", "Applied Digital", "other")]


def test_chips_bought_are_not_an_acquisition(extractor: Extractor) -> None:
    text = "Microsoft will acquire 100,000 GB300 chips from Nvidia in a $5 billion purchase."
    assert [t for *_, t in _deals(extractor, text)] == ["chip_supply"]


def test_a_name_in_a_participial_aside_is_no_party(extractor: Extractor) -> None:
    text = (
        "Humain, launched this month by Saudi Arabia's Public Investment Fund, announced a strategic "
        "partnership with Nvidia for 500 megawatts of AI factories."
    )
    assert [(b, s) for b, s, _ in _deals(extractor, text)] == [("Humain", "Nvidia")]


def test_shares_bought_are_an_equity_investment(extractor: Extractor) -> None:
    text = "SoftBank agreed to buy $2 billion of Intel shares."
    assert _deals(extractor, text) == [("SoftBank", "Intel", "equity_investment")]


def test_the_size_of_a_unit_is_no_deals_chip_count(extractor: Extractor) -> None:
    text = (
        "Trainium2 chips are grouped into UltraServers of 64 chips linked by Amazon's interconnect. "
        "Racks of 72 GPUs make up the Nvidia systems."
    )
    assert _deals(extractor, text) == []
    deal = "Microsoft ordered 40,000 GB300 GPUs from Nebius for its new data center in racks of 72 GPUs."
    out = extractor.extract(ExtractInput(id="t", text=deal))
    assert [(d.buyer, d.seller, d.chips.count if d.chips else None) for d in out.deals] == [
        ("Microsoft", "Nebius", 40000)
    ]


def test_we_is_the_filer_named_first(extractor: Extractor) -> None:
    text = (
        "This is a letter to shareholders of Nebius Group N.V. about its third quarter.\n\n"
        "This quarter we also signed a new agreement with Meta worth approximately $3 billion over five years."
    )
    assert _deals(extractor, text) == [("Meta", "Nebius", "compute_capacity")]


def test_we_is_never_the_counterparty_it_signs_with(extractor: Extractor) -> None:
    text = "We have agreed with Oracle to develop 4.5 gigawatts of additional data center capacity."
    assert all(b != "Oracle" for b, _, _ in _deals(extractor, text))
