"""The word lists as data: every list loads, none contradicts another, a bad file fails in one clear line."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from core.errors import ConfigError
from extractors.nlp.lexicon import LEXICON_PATH, Lexicon, lexicon, load_lexicon
from extractors.nlp.vocab import patterns

# Lists that mark opposite readings: a word in both would make the rule that reads them depend on order.
LEXICON_OPPOSITES = [
    ("orgspans.place_nouns", "orgspans.product_nouns"),
    ("orgspans.not_company_heads", "orgspans.product_nouns"),
    ("roles.temporal", "roles.preps"),
    ("roles.builds", "roles.invest_passive"),
]
CUE_OPPOSITES = [
    ("SELLER_VERB", "BUYER_VERB"),
    ("SELLER_VERB", "INVEST_VERB"),
    ("CUSTOMER", "SUPPLIER"),
    ("INVESTOR", "SUPPLIER"),
    ("ST_SIGNED", "ST_CANCELLED"),
    ("ST_SIGNED", "ST_DENIED"),
    ("ST_SIGNED", "ST_RUMOURED"),
]


def _list(lex: Lexicon, dotted: str) -> set[str]:
    section, field = dotted.split(".")
    return set(getattr(getattr(lex, section), field))


def _cue_words() -> dict[str, set[str]]:
    """Single-token cue words per label (LEMMA / LOWER / ORTH values; POS and shape constraints are not words)."""
    words: dict[str, set[str]] = defaultdict(set)
    for row in patterns("cues"):
        pattern = row["pattern"]
        if isinstance(pattern, str) or len(pattern) != 1:
            continue
        for key, value in pattern[0].items():
            if key in ("LEMMA", "LOWER", "ORTH"):
                vals = value["IN"] if isinstance(value, dict) else [value]
                words[row["label"]] |= {str(v).lower() for v in vals}
    return words


def test_every_list_in_the_file_is_loaded_and_non_empty() -> None:
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    lex = lexicon()
    for section, lists in raw.items():
        for field, words in lists.items():
            assert _list(lex, f"{section}.{field}") == set(words), f"{section}.{field}"
            assert words, f"{section}.{field} is empty"


@pytest.mark.parametrize(("a", "b"), LEXICON_OPPOSITES)
def test_no_word_sits_in_two_opposite_lists(a: str, b: str) -> None:
    lex = lexicon()
    assert not _list(lex, a) & _list(lex, b)


@pytest.mark.parametrize(("a", "b"), CUE_OPPOSITES)
def test_no_cue_word_signals_both_sides(a: str, b: str) -> None:
    words = _cue_words()
    assert words[a] and words[b], f"no single-word cues read for {a} or {b}"
    assert not words[a] & words[b]


def test_the_opposite_checks_can_fail(tmp_path: Path) -> None:
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    raw["orgspans"]["product_nouns"].append(raw["orgspans"]["place_nouns"][0])
    bad = tmp_path / "lexicon.yml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    lex = load_lexicon(bad)
    assert _list(lex, "orgspans.place_nouns") & _list(lex, "orgspans.product_nouns")


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["roles"].pop("skip"), "roles.skip"),
        (lambda d: d["roles"].update(skip=[]), "roles.skip"),
        (lambda d: d["shapes"].update(build_words=["build", 3]), "shapes.build_words"),
        (lambda d: d["reference"].update(pair=["the pair", "the pair"]), "reference.pair"),
        (lambda d: d["chips"].update(vendors=["X"]), "chips.vendors"),
    ],
)
def test_a_bad_file_fails_in_one_line_naming_the_field(tmp_path: Path, edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    edit(raw)
    bad = tmp_path / "lexicon.yml"
    bad.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lexicon(bad)
    message = str(info.value)
    assert "\n" not in message
    assert str(bad) in message and expected in message


def test_an_unreadable_file_fails_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.yml"
    bad.write_text("roles: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read") as info:
        load_lexicon(bad)
    assert "\n" not in str(info.value)
