"""`infradeals sql`: DuckDB SQL on the read-only snapshot; no query opens an interactive prompt."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.errors import UsageError

HELP = "query the read-only snapshot with DuckDB SQL (no query: an interactive prompt)"
DESCRIPTION = """Run SQL on the read-only snapshot published after each load (never the warehouse the pipeline
writes), and print the result as an aligned table, CSV or JSON, or write it to a .csv, .json or .parquet file.
With no query, an interactive prompt with history opens. A SQL error prints DuckDB's message and exits 1.

Versioned questions live in warehouse/queries/*.sql: run one with --query NAME and --param KEY=VALUE.

examples:
  infradeals sql "SELECT buyer, seller, amount_usd, power_mw FROM deals ORDER BY first_reported"
  infradeals sql --format csv "SELECT * FROM deal_sources" > sources.csv
  infradeals sql --query top_suppliers_mw --param year=2025
  infradeals sql --query company_deals --param company=OpenAI --output openai.parquet
  infradeals sql --list-queries
  infradeals sql
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", nargs="?", metavar="SQL", help="the query ('-' reads it from standard input)")
    parser.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output (default table)"
    )
    parser.add_argument(
        "--output", metavar="FILE", help="write the result to FILE.csv, FILE.json or FILE.parquet"
    )
    parser.add_argument("--query", metavar="NAME", help="run the versioned query warehouse/queries/NAME.sql")
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter (repeatable)",
    )
    parser.add_argument(
        "--list-queries", action="store_true", help="list the versioned queries and their parameters"
    )
    parser.add_argument("--wide", action="store_true", help="do not cut long values in table output")
    parser.add_argument("--db", metavar="PATH", help="DuckDB file to query (default: the read-only snapshot)")


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--param needs KEY=VALUE, got {pair!r}")
        params[key.strip()] = value
    return params


def _list_queries() -> int:
    from warehouse.named_queries import available

    for q in available():
        print(f"{q.name} (v{q.version}): {q.description}")
        for p in q.params:
            print(
                f"    --param {p.name}=...  {p.description}"
                + ("" if p.default is None else f" [{p.default}]")
            )
    return 0


def _statement(args: argparse.Namespace) -> tuple[str | None, dict[str, str]]:
    from warehouse.named_queries import named_query

    params = _params(args.param)
    if args.query and args.sql:
        raise UsageError("give either SQL or --query NAME, not both")
    if args.query:
        q = named_query(args.query)
        return q.sql, q.bind(params)
    if args.sql == "-":
        return sys.stdin.read(), params
    return args.sql, params


def run(args: argparse.Namespace) -> int:
    from core.settings import get_settings
    from warehouse.output import render, run_query, write_result
    from warehouse.shell import repl
    from warehouse.snapshot import open_snapshot

    if args.list_queries:
        return _list_queries()
    sql, params = _statement(args)
    settings = get_settings()
    path = Path(args.db) if args.db else settings.snapshot_path
    width = None if args.wide else 60
    with open_snapshot(path) as con:
        if sql is None:
            history = settings.data_dir / ".infradeals_sql_history"
            return repl(con, history_file=history, fmt=args.format, width=width, out=sys.stdout)
        result = run_query(con, sql, params or None)
    if args.output:
        write_result(result, Path(args.output))
        print(f"{len(result.rows)} rows written to {args.output}")
    else:
        sys.stdout.write(render(result, args.format, width))
    return 0
