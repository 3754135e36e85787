"""Data checks after each load: every warehouse/checks/NAME.sql selects offending rows and must find none."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import WarehouseError
from warehouse.db import one_line

CHECKS_DIR = Path(__file__).resolve().parent / "checks"


@dataclass(frozen=True)
class CheckFailure:
    name: str
    description: str
    count: int
    examples: list[tuple[object, ...]]

    def __str__(self) -> str:
        shown = ", ".join(" ".join(str(v) for v in row) for row in self.examples)
        return f"{self.name} ({self.description}): {self.count} row(s), e.g. {shown}"


def _description(sql: str) -> str:
    first = sql.lstrip().splitlines()[0] if sql.strip() else ""
    return first.removeprefix("--").strip().rstrip(".") if first.startswith("--") else ""


def run_checks(con: duckdb.DuckDBPyConnection, directory: Path = CHECKS_DIR) -> list[CheckFailure]:
    """Every failing check with up to three examples; an empty list when the warehouse is sound."""
    failures = []
    for path in sorted(directory.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        body = sql.strip().rstrip(";")
        try:
            count = int(con.execute(f"SELECT count(*) FROM ({body})").fetchall()[0][0])
            examples = con.execute(f"SELECT * FROM ({body}) LIMIT 3").fetchall() if count else []
        except duckdb.Error as exc:
            raise WarehouseError(f"check {path.stem} could not run: {one_line(exc)}") from exc
        if count:
            failures.append(CheckFailure(path.stem, _description(sql), count, examples))
    return failures


def assert_checks(con: duckdb.DuckDBPyConnection) -> None:
    failures = run_checks(con)
    if failures:
        raise WarehouseError("data checks failed: " + "; ".join(str(f) for f in failures))
