"""The versioned questions in warehouse/queries/*.sql, with parameters declared in their header comments:

    -- What the query answers.
    -- version: 1
    -- param year: what it is (required)
    -- param limit: what it is (default 10)

Parameters are bound as DuckDB named parameters ($year); values arrive as text and the SQL casts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import UsageError

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"^--\s*param\s+([a-z_][a-z0-9_]*)\s*:\s*(.*?)\s*\((required|default\s+(.*))\)\s*$")
_VERSION = re.compile(r"^--\s*version:\s*(\d+)\s*$")


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    default: str | None  # None: required


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    version: int
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: dict[str, str]) -> dict[str, str]:
        """Named parameters for DuckDB: given values over defaults; unknown or missing ones are errors."""
        known = {p.name for p in self.params}
        unknown = sorted(set(given) - known)
        if unknown:
            raise UsageError(
                f"query {self.name} has no parameter {unknown[0]} (it takes: {', '.join(sorted(known))})"
            )
        values: dict[str, str] = {}
        for p in self.params:
            value = given.get(p.name, p.default)
            if value is None:
                raise UsageError(f"query {self.name} needs --param {p.name}=VALUE ({p.description})")
            values[p.name] = value
        return values


def parse_query(name: str, sql: str) -> NamedQuery:
    header = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line.strip())
    description = header[0].removeprefix("--").strip() if header else ""
    version = next((int(m.group(1)) for h in header if (m := _VERSION.match(h))), 1)
    params = []
    for h in header:
        if m := _PARAM.match(h):
            default = None if m.group(3) == "required" else m.group(4).strip()
            params.append(Param(m.group(1), m.group(2), default))
    return NamedQuery(name, description, version, tuple(params), sql)


def available(directory: Path = QUERIES_DIR) -> list[NamedQuery]:
    return [parse_query(p.stem, p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.sql"))]


def named_query(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    path = directory / f"{name}.sql"
    if not path.is_file():
        names = ", ".join(q.name for q in available(directory))
        raise UsageError(f"no query named {name!r}; available: {names}")
    return parse_query(name, path.read_text(encoding="utf-8"))
