"""The sources file (YAML): feeds, sitemaps and listings to walk. Adding a source never edits code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.errors import ConfigError
from core.records import SourceConfig, SourcesFile

LISTING_SELECTORS = ("item", "link")


def _field_path(loc: tuple[int | str, ...], data: Any) -> str:
    """'sources[2] (dcledger).kind' from a pydantic error location."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and node.get("name"):
                out += f" ({node['name']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check(sources: SourcesFile, path: Path) -> None:
    seen: set[str] = set()
    for i, s in enumerate(sources.sources):
        where = f"{path}: sources[{i}] ({s.name})"
        if s.name in seen:
            raise ConfigError(f"{where}.name: duplicate source name {s.name!r}; names must be unique")
        seen.add(s.name)
        if not s.url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}.url: {s.url!r} is not an http(s) URL")
        missing = [k for k in LISTING_SELECTORS if s.kind == "listing" and not s.selectors.get(k)]
        if missing:
            raise ConfigError(f"{where}.selectors: kind 'listing' needs selectors {', '.join(missing)}")
        if s.max_items is not None and s.max_items < s.min_items:
            raise ConfigError(f"{where}.max_items: {s.max_items} is below min_items {s.min_items}")


def load_sources(path: Path) -> SourcesFile:
    """Read and validate a sources YAML file; each problem is a one-line ConfigError naming file and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"sources file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"sources file {path} cannot be read: {_one_line(str(exc))}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(
            f"{path}: not valid YAML{at}: {_one_line(str(getattr(exc, 'problem', exc)))}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise ConfigError(f"{path}: sources: expected a top-level 'sources:' list")
    try:
        sources = SourcesFile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = _field_path(tuple(err["loc"]), data)
        raise ConfigError(f"{path}: {field}: {_one_line(err['msg'])}") from None
    _check(sources, path)
    return sources


def select_sources(all_sources: list[SourceConfig], names: list[str]) -> list[SourceConfig]:
    if not names:
        return all_sources
    known = {s.name: s for s in all_sources}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [known[n] for n in names]
