"""Query results for people and files: an aligned text table, CSV, JSON or Parquet."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from core.errors import UsageError, WarehouseError
from warehouse.db import one_line

OUTPUT_SUFFIXES = (".csv", ".json", ".parquet")
CELL_WIDTH = 60


@dataclass(frozen=True)
class Result:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    arrow: pa.Table


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> Result:
    """Run SQL (of several statements, the last one's result); DuckDB errors become one-line errors."""
    try:
        rel = con.sql(sql, params=params) if params else con.sql(sql)
        table = rel.to_arrow_table() if rel is not None else pa.table({})
    except duckdb.Error as exc:
        raise WarehouseError(one_line(exc)) from exc
    columns = [str(c) for c in table.column_names]
    values = [col.to_pylist() for col in table.columns]
    rows = list(zip(*values, strict=True)) if values else []
    return Result(columns, rows, table)


def _plain(value: Any) -> Any:
    """A JSON-ready value: dates as ISO text, decimals as floats, nested values kept nested."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, list | tuple | dict):
        return json.dumps(_plain(value), ensure_ascii=False)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def render_csv(result: Result) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_text(v) for v in row] for row in result.rows)
    return buf.getvalue()


def render_json(result: Result) -> str:
    """A JSON array of objects (duplicate column names get a suffix)."""
    keys: list[str] = []
    seen: dict[str, int] = {}
    for c in result.columns:
        n = seen.get(c, 0)
        keys.append(c if n == 0 else f"{c}_{n}")
        seen[c] = n + 1
    objects = [{k: _plain(v) for k, v in zip(keys, row, strict=True)} for row in result.rows]
    return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"


def _cell(value: Any, width: int | None) -> str:
    text = "NULL" if value is None else _text(value)
    if isinstance(value, float):
        text = format(value, ",.12g") if abs(value) >= 1e4 else format(value, ".12g")
    text = " ".join(text.split()) if "\n" in text or "\t" in text else text
    if width is not None and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _numeric(column: list[Any]) -> bool:
    seen = [v for v in column if v is not None]
    return bool(seen) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in seen)


def render_table(result: Result, max_width: int | None = CELL_WIDTH) -> str:
    """Columns aligned (numbers right), long values cut at `max_width` characters, a row count at the end."""
    if not result.columns:
        return "OK\n"
    cells = [[_cell(v, max_width) for v in row] for row in result.rows]
    columns = list(zip(*result.rows, strict=True)) if result.rows else [() for _ in result.columns]
    right = [_numeric(list(col)) for col in columns]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        parts = [v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True)]
        return "  ".join(parts).rstrip()

    out = [line(result.columns), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in cells)
    n = len(result.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def render(result: Result, fmt: str, max_width: int | None = CELL_WIDTH) -> str:
    if fmt == "csv":
        return render_csv(result)
    if fmt == "json":
        return render_json(result)
    return render_table(result, max_width)


def write_result(result: Result, path: Path) -> None:
    """Write to FILE.csv, FILE.json or FILE.parquet (by suffix)."""
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UsageError(f"--output must end in {', '.join(OUTPUT_SUFFIXES)}: {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        pq.write_table(result.arrow, path)
    else:
        path.write_text(render(result, suffix.lstrip(".")), encoding="utf-8")
