"""Named SQL statements kept in .sql files: each statement follows a `-- name: NAME` line."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from core.errors import WarehouseError

SQL_DIR = Path(__file__).resolve().parent / "sql"
_MARKER = re.compile(r"^--\s*name:\s*([a-z0-9_]+)\s*$", re.MULTILINE)


@cache
def statements(file: str) -> dict[str, str]:
    """NAME -> SQL of every statement in warehouse/sql/<file>.sql."""
    text = (SQL_DIR / f"{file}.sql").read_text(encoding="utf-8")
    parts = _MARKER.split(text)
    named: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in named:
            raise WarehouseError(f"statement {name} is defined twice in {file}.sql")
        named[name] = body.strip()
    return named


def statement(file: str, name: str) -> str:
    try:
        return statements(file)[name]
    except KeyError:
        raise WarehouseError(f"no statement {name} in warehouse/sql/{file}.sql") from None
