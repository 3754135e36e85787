"""Own-words stories for the plausibility tests: one implausible figure each (a -5 billion amount, 999,999 GW,
0 MW, 20 million chips, a 2099 date) and one sane deal, as a RunBatch for the single writer."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from core.ids import make_id
from core.records import Chips, DealMention, DocumentExtraction, DocumentRecord, Fact, RunBatch
from tests.warehouse.batches import document, fetched, mention

AT = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
FUTURE = date(2099, 5, 1)
MARTS = ("deals", "deal_parties", "deal_sources", "capacity_estimates", "concentration", "compute_share")

TEXTS = {
    "negative": "Northwind Compute said its 300 MW contract with Harbor Cloud moved by minus $5 billion.",
    "huge": "Ketterly Power agreed to supply 999,999 GW to Brightfield AI in a $2 billion deal.",
    "zero": "Lumen Grid will deliver 0 MW to Orchard Labs under a new $1 billion agreement.",
    "chips": "Tessellate Systems ordered 20 million X900 accelerators from Corvid Chips for $3 billion.",
    "future": "Alder Data signed a $4 billion compute deal with Quarry Cloud.",
    "sane": (
        "Pinecrest AI signed a $10 billion cloud contract with Stratus Cloud for 1 gigawatt. "
        "Analysts put the whole market at $6.7 trillion by 2030."
    ),
}
PUBLISHED = {"negative": date(2026, 3, 2), "huge": date(2026, 3, 9), "zero": date(2026, 3, 16)}
PUBLISHED |= {"chips": date(2026, 3, 23), "future": FUTURE, "sane": date(2026, 3, 30)}


def docs() -> dict[str, DocumentRecord]:
    return {
        k: document(("testwire", f"http://testwire.example/{k}.html"), text, AT, PUBLISHED[k], k)
        for k, text in TEXTS.items()
    }


def pair(buyer: str, seller: str) -> dict[str, Any]:
    return {"buyer": buyer, "seller": seller, "parties": [buyer, seller], "status": "signed"}


def mentions(d: dict[str, DocumentRecord], *, sane_only: bool = False) -> dict[str, list[DealMention]]:
    """One mention per document; with sane_only, the out-of-bounds figures are left out by hand."""
    bad = None if sane_only else {"negative": -5e9, "huge": 999_999_000.0, "zero": 0.0, "chips": 20_000_000}
    return {
        "negative": [
            mention(d["negative"], 0, **pair("Northwind Compute", "Harbor Cloud"), deal_type="cloud_contract",
                    amount_usd=bad and bad["negative"], amount_qualifier=bad and "exact", power_mw=300.0)
        ],
        "huge": [
            mention(d["huge"], 0, **pair("Brightfield AI", "Ketterly Power"), deal_type="power_supply",
                    amount_usd=2e9, power_mw=bad and bad["huge"])
        ],
        "zero": [
            mention(d["zero"], 0, **pair("Orchard Labs", "Lumen Grid"), deal_type="power_supply",
                    amount_usd=1e9, power_mw=bad and bad["zero"])
        ],
        "chips": [
            mention(d["chips"], 0, **pair("Tessellate Systems", "Corvid Chips"), deal_type="chip_supply",
                    amount_usd=3e9, chips=Chips(count=bad and int(bad["chips"]), type="X900"))
        ],
        "future": [] if sane_only else [
            mention(d["future"], 0, **pair("Alder Data", "Quarry Cloud"), deal_type="compute_capacity",
                    amount_usd=4e9)
        ],
        "sane": [
            mention(d["sane"], 0, **pair("Pinecrest AI", "Stratus Cloud"), deal_type="cloud_contract",
                    amount_usd=10e9, power_mw=1000.0)
        ],
    }  # fmt: skip


# (kind, surface, value, cited by the document's mention, out of bounds)
FACTS: dict[str, list[tuple[str, str, float, bool, bool]]] = {
    "negative": [("money", "minus $5 billion", -5e9, False, True)],  # uncited, but negative
    "huge": [("power", "999,999 GW", 999_999_000.0, True, True)],
    "sane": [
        ("money", "$6.7 trillion", 6.7e12, False, False)
    ],  # a forecast no mention cites: no deal's figure
}


def fact(doc: DocumentRecord, kind: str, surface: str, value: float, version: str) -> Fact:
    start = doc.text.find(surface)
    assert start >= 0, surface
    unit = {"money": "USD", "power": "MW"}[kind]
    return Fact(
        fact_id=make_id(doc.doc_id, kind, start), doc_id=doc.doc_id, kind=kind, surface=surface, start=start,
        end=start + len(surface), sentence=doc.text, sent_start=0, sent_end=len(doc.text), value=value, unit=unit,
        qualifier="exact", extractor_version=version,
    )  # fmt: skip


def facts_of(
    d: dict[str, DocumentRecord], key: str, version: str = "q1", *, sane_only: bool = False
) -> list[Fact]:
    return [
        fact(d[key], k, s, v, version) for k, s, v, _, bad in FACTS.get(key, []) if not (sane_only and bad)
    ]


def batch(
    keys: tuple[str, ...] = tuple(TEXTS),
    *,
    sane_only: bool = False,
    version: str = "q1",
    run_id: str = "run-q",
) -> RunBatch:
    d = docs()
    ms = mentions(d, sane_only=sane_only)
    extractions = []
    for k in keys:
        facts = facts_of(d, k, version, sane_only=sane_only)
        cited = [f.fact_id for f, spec in zip(facts, FACTS.get(k, []), strict=False) if spec[3]]
        for m in ms[k]:
            m.fact_ids = cited
        extractions.append(
            DocumentExtraction(id=d[k].doc_id, is_compute_deal=True, score=0.9, deals=ms[k], facts=facts,
                               extractor_version=version)
        )  # fmt: skip
    return RunBatch(
        run_id=run_id, started_at=AT, finished_at=AT, as_of=AS_OF,
        fetches=[fetched(d[k]) for k in keys], documents=[d[k] for k in keys], extractions=extractions,
    )  # fmt: skip


def mid(key: str, d: dict[str, DocumentRecord] | None = None) -> str:
    return mentions(d or docs())[key][0].mention_id
