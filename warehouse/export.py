"""Export the marts (every table and view that is not raw, staging or bookkeeping) as Parquet or CSV files,
with a data_dictionary.csv of their columns, types and comments (units included) from duckdb_columns()."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.errors import UsageError, WarehouseError
from warehouse.db import one_line

EXPORT_FORMATS = ("parquet", "csv")
# Layers are tagged at the start of each table comment; untagged tables count as marts.
NOT_MARTS_TAGS = ("[raw]", "[staging]", "[meta]")
NOT_MARTS_TABLES = frozenset({"schema_migrations", "backfill_partitions"})

_RELATIONS = """
SELECT table_name AS name, coalesce(comment, '') AS comment FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary
UNION ALL
SELECT view_name, coalesce(comment, '') FROM duckdb_views()
WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary AND NOT internal
ORDER BY name
"""

_DICTIONARY = """
SELECT c.table_name, r.comment AS table_comment, c.column_index, c.column_name, c.data_type, c.is_nullable,
       c.comment
FROM duckdb_columns() c
JOIN (SELECT unnest($names) AS table_name, unnest($comments) AS comment) r USING (table_name)
WHERE c.database_name = current_database() AND c.schema_name = 'main'
ORDER BY c.table_name, c.column_index
"""


@dataclass(frozen=True)
class Exported:
    table: str
    rows: int
    path: Path


def mart_relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, comment) of every mart table or view."""
    rows = con.execute(_RELATIONS).fetchall()
    return [
        (str(name), str(comment))
        for name, comment in rows
        if name not in NOT_MARTS_TABLES and not str(comment).startswith(NOT_MARTS_TAGS)
    ]


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _options(fmt: str) -> str:
    return "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"


def export_marts(con: duckdb.DuckDBPyConnection, directory: Path, fmt: str = "parquet") -> list[Exported]:
    """Write each mart to DIR/<name>.<fmt> and DIR/data_dictionary.csv; returns what was written."""
    if fmt not in EXPORT_FORMATS:
        raise UsageError(f"export format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    directory.mkdir(parents=True, exist_ok=True)
    marts = mart_relations(con)
    written = []
    try:
        for name, _ in marts:
            path = directory / f"{name}.{fmt}"
            rows = int(con.execute(f'SELECT count(*) FROM "{name}"').fetchall()[0][0])
            con.execute(f'COPY (SELECT * FROM "{name}") TO {_literal(path)} {_options(fmt)}').fetchall()
            written.append(Exported(name, rows, path))
        dictionary = directory / "data_dictionary.csv"
        params = {"names": [n for n, _ in marts], "comments": [c for _, c in marts]}
        entries = int(con.execute(f"SELECT count(*) FROM ({_DICTIONARY})", params).fetchall()[0][0])
        con.execute(f"COPY ({_DICTIONARY}) TO {_literal(dictionary)} {_options('csv')}", params).fetchall()
    except duckdb.Error as exc:
        raise WarehouseError(f"export failed: {one_line(exc)}") from exc
    written.append(Exported("data_dictionary", entries, dictionary))
    return written
