"""The warehouse-level scorer on hand-made deals rows: matches, duplicates, swapped roles, misses, junk."""

from __future__ import annotations

from extractors.deal_truth import TruthDeal, gold_deals, score_deals

MANIFEST = {
    "articles": [
        {"deals": [{"buyer": "Lumen Labs", "seller": "Vantor Cloud", "deal_type": "cloud_contract",
                    "status": "signed", "amount_usd": 12e9, "power_mw": None, "chips": None}]},
        {"deals": [  # the same deal told again, and a second deal of the same pair (an expansion)
            {"buyer": "Lumen Labs", "seller": "Vantor Cloud", "deal_type": "cloud_contract",
             "status": "signed", "amount_usd": 12e9, "power_mw": None, "chips": None},
            {"buyer": "Lumen Labs", "seller": "Vantor Cloud", "deal_type": "cloud_contract",
             "status": "expanded", "amount_usd": 3e9, "power_mw": None, "chips": None},
        ]},
        {"deals": [{"buyer": "Orrin AI", "seller": "Kestrel Power Corp", "deal_type": "power_supply",
                    "status": "signed", "amount_usd": None, "power_mw": 400, "chips": None}]},
        {"deals": [{"buyer": "Quarry Compute", "seller": None, "deal_type": "datacenter_build",
                    "status": "announced", "amount_usd": None, "power_mw": None,
                    "chips": {"count": 50000, "type": "H200"}}]},
    ]
}  # fmt: skip


def row(buyer: str | None, seller: str | None, deal_type: str, **figures: float) -> TruthDeal:
    return TruthDeal(buyer=buyer, seller=seller, deal_type=deal_type, **figures)


def test_the_manifest_gives_each_distinct_deal_once() -> None:
    golds = gold_deals(MANIFEST)
    assert [(g.amount_usd, g.power_mw, g.chips_count) for g in golds] == [
        (12e9, None, None),
        (3e9, None, None),
        (None, 400, None),
        (None, None, 50000),
    ]


def test_a_perfect_warehouse_scores_one() -> None:
    rows = [
        row("Lumen Labs", "Vantor Cloud", "cloud_contract", amount_usd=12.1e9),  # within 2%
        row("Lumen Labs", "Vantor Cloud", "compute_capacity", amount_usd=3e9),  # compute types are compatible
        row("Orrin AI", "Kestrel Power", "power_supply", power_mw=400),  # "Kestrel Power" for "... Corp"
        row("Quarry Compute", None, "datacenter_build", chips_count=50000),
    ]
    report = score_deals(rows, gold_deals(MANIFEST))
    assert (report.precision, report.recall, report.f1) == (1.0, 1.0, 1.0)
    assert report.duplicates == report.swapped == report.missing == report.spurious == []


def test_duplicates_swaps_misses_and_junk_are_named() -> None:
    rows = [
        row("Lumen Labs", "Vantor Cloud", "cloud_contract", amount_usd=12e9),
        row("Vantor Cloud", "Lumen Labs", "cloud_contract", amount_usd=12e9),  # the same deal mirrored
        row("Kestrel Power", "Orrin AI", "power_supply", power_mw=400),  # buyer and seller reversed
        row("Orrin AI", "Kestrel Power", "datacenter_build", power_mw=400),  # a power deal is not a build
        row(None, None, "datacenter_build", chips_count=52000),  # no parties at all
    ]
    report = score_deals(rows, gold_deals(MANIFEST))
    assert report.matched == 2 and report.n_rows == 5 and report.n_gold == 4
    assert report.precision == 2 / 5 and report.recall == 2 / 4
    assert len(report.duplicates) == 1 and "Vantor Cloud <- Lumen Labs" in report.duplicates[0]
    assert report.swapped == ["Kestrel Power <- Orrin AI (power_supply; 400 MW)"]
    assert len(report.missing) == 2 and len(report.spurious) == 2
    assert any("$3B" in m for m in report.missing) and any("50,000 chips" in m for m in report.missing)


def test_figures_that_disagree_do_not_match() -> None:
    rows = [row("Lumen Labs", "Vantor Cloud", "cloud_contract", amount_usd=20e9)]
    report = score_deals(rows, gold_deals(MANIFEST))
    assert report.matched == 0 and report.spurious and report.duplicates == []
