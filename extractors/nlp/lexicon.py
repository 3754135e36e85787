"""The extractor's word lists (extractors/data/lexicon.yml), loaded once and validated at start-up.

A bad file stops the run with one line naming the file and the field; rules read the lists from here."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from core.errors import ConfigError
from extractors.nlp.vocab import DATA_DIR, read_yaml

LEXICON_PATH = DATA_DIR / "lexicon.yml"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _words(cls, value: object) -> object:
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list of words")
        if not all(isinstance(w, str) and w.strip() for w in value):
            raise ValueError("every entry must be a non-empty string")
        if len(set(value)) != len(value):
            raise ValueError("holds a word twice")
        return value


class Roles(_Section):
    skip: frozenset[str]
    preps: tuple[str, ...]
    invest_passive: frozenset[str]
    temporal: frozenset[str]
    describing: frozenset[str]
    invest_nouns: frozenset[str]
    builds: frozenset[str]
    appositive: frozenset[str]


class Shapes(_Section):
    build_words: frozenset[str]
    equity_words: frozenset[str]


class Reference(_Section):
    anaphors: frozenset[str]
    descriptors: frozenset[str]
    things: frozenset[str]
    pair: tuple[str, ...]


class OrgSpans(_Section):
    place_nouns: frozenset[str]
    product_nouns: frozenset[str]
    not_company_heads: frozenset[str]


class Chips(_Section):
    type_prefixes: frozenset[str]
    unit_nouns: frozenset[str]


class Consolidate(_Section):
    expansion_words: tuple[str, ...]


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    roles: Roles
    shapes: Shapes
    reference: Reference
    orgspans: OrgSpans
    chips: Chips
    consolidate: Consolidate


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """The lexicon at `path`; ConfigError with a one-line message on a missing, unreadable or ill-formed file."""
    data = read_yaml(path)
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{path}: {where}: {err['msg']}") from None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()
