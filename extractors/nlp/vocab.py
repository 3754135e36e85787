"""Loads the data files the extractor reads (units, aliases, fx, patterns), once per process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import ConfigError

EXTRACTORS_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = EXTRACTORS_DIR / "data"
PATTERNS_DIR = EXTRACTORS_DIR / "patterns"


@dataclass(frozen=True)
class Units:
    number_words: dict[str, float]
    scales: dict[str, float]
    currency_symbols: dict[str, str]
    currency_words: dict[str, str]
    dollar_countries: dict[str, str]
    qualifiers: dict[str, tuple[str, ...]]
    per_year: tuple[str, ...]
    term_words: tuple[str, ...]
    decade_words: tuple[str, ...]
    power_units: dict[str, float]
    it_power: tuple[str, ...]
    facility_power: tuple[str, ...]
    chip_count_skip: frozenset[str]
    chip_count_words: frozenset[str]


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise ConfigError(f"cannot read {path}: {reason}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path} must hold a mapping at the top level")
    return data


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Patterns file: one JSON object a line; blank lines and lines starting with '//' are skipped."""
    rows: list[dict[str, Any]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return rows


@lru_cache(maxsize=1)
def units() -> Units:
    d = read_yaml(DATA_DIR / "units.yml")
    return Units(
        number_words={str(k): float(v) for k, v in d["number_words"].items()},
        scales={str(k): float(v) for k, v in d["scales"].items()},
        currency_symbols={str(k): str(v) for k, v in d["currency_symbols"].items()},
        currency_words={str(k): str(v) for k, v in d["currency_words"].items()},
        dollar_countries={str(k): str(v) for k, v in d["dollar_countries"].items()},
        qualifiers={str(k): tuple(str(x) for x in v) for k, v in d["qualifiers"].items()},
        per_year=tuple(d["per_year"]),
        term_words=tuple(d["term_words"]),
        decade_words=tuple(d["decade_words"]),
        power_units={str(k): float(v) for k, v in d["power_units"].items()},
        it_power=tuple(d["it_power"]),
        facility_power=tuple(d["facility_power"]),
        chip_count_skip=frozenset(str(w) for w in d["chip_count_skip"]),
        chip_count_words=frozenset(str(w) for w in d["chip_count_words"]),
    )


@cache
def patterns(name: str) -> tuple[dict[str, Any], ...]:
    """The rows of extractors/patterns/<name>.jsonl."""
    return tuple(read_jsonl(PATTERNS_DIR / f"{name}.jsonl"))
