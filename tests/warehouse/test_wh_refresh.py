"""refresh_marts against an in-memory DuckDB holding only the tables it needs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import WarehouseError
from warehouse.refresh import refresh_marts

MIGRATION = Path(__file__).resolve().parents[2] / "warehouse" / "migrations" / "0003_concentration.sql"
DEALS_DDL = """
CREATE TABLE deals (
    deal_id VARCHAR, buyer VARCHAR, seller VARCHAR, deal_type VARCHAR, status VARCHAR,
    amount_usd DOUBLE, amount_qualifier VARCHAR, power_mw DOUBLE, power_qualifier VARCHAR,
    first_reported DATE, parent_deal_id VARCHAR, evidence VARCHAR
)
"""
COLUMNS = (
    "deal_id, buyer, seller, status, amount_usd, amount_qualifier, power_mw, power_qualifier, first_reported"
)
ROWS = [
    ("a", "OpenAI", "Oracle", "signed", 300e9, None, 4500.0, None, date(2025, 9, 10)),
    ("b", "OpenAI", "AMD", "announced", None, None, 1000.0, "up_to", date(2025, 10, 6)),
    ("c", "Anthropic", "Google", "announced", 10e9, "up_to", 1000.0, None, date(2025, 10, 23)),
    ("d", "OpenAI", "Broadcom", "cancelled", 50e9, None, 10000.0, None, date(2025, 10, 13)),
]


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect(":memory:") as c:
        c.execute(DEALS_DDL)
        c.executemany(f"INSERT INTO deals ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ROWS)
        c.execute(MIGRATION.read_text(encoding="utf-8"))
        yield c


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def test_refresh_writes_both_marts(con: duckdb.DuckDBPyConnection) -> None:
    con.begin()
    counts = refresh_marts(con)
    con.commit()
    assert counts == {
        "concentration": _count(con, "SELECT count(*) FROM concentration"),
        "compute_share": _count(con, "SELECT count(*) FROM compute_share"),
    }
    # months 2025-09..2025-10 and quarters Q3..Q4, x 2 sides x 3 measures x 2 up-to settings
    assert counts["concentration"] == (2 + 2) * 2 * 3 * 2
    row = con.execute(
        "SELECT hhi, cr4, n_firms, n_deals, n_deals_missing_measure, n_deals_up_to, band_2023, band_2010 "
        "FROM concentration WHERE period = '2025-Q4' AND side = 'supplier' AND measure = 'mw' "
        "AND include_up_to"
    ).fetchone()
    # AMD 1000 MW (up to) and Google 1000 MW; Broadcom is cancelled
    assert row == (5000.0, 100.0, 2, 2, 0, 1, "high", "high")


def test_refresh_replaces_rows_and_is_repeatable(con: duckdb.DuckDBPyConnection) -> None:
    first = refresh_marts(con)
    second = refresh_marts(con)
    assert first == second
    assert _count(con, "SELECT count(*) FROM concentration") == first["concentration"]


def test_refresh_stays_inside_the_callers_transaction(con: duckdb.DuckDBPyConnection) -> None:
    con.begin()
    refresh_marts(con)
    con.rollback()
    assert _count(con, "SELECT count(*) FROM concentration") == 0
    assert _count(con, "SELECT count(*) FROM compute_share") == 0


def test_h100e_comes_from_capacity_estimates(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE capacity_estimates (deal_id VARCHAR, h100e_mid DOUBLE)")
    con.execute("INSERT INTO capacity_estimates VALUES ('a', 300000), ('c', 100000)")
    refresh_marts(con)
    rows = con.execute(
        "SELECT period, firm, share FROM compute_share WHERE period_type = 'month' AND side = 'supplier' "
        "AND measure = 'h100e' AND include_up_to AND window_type = 'cumulative' ORDER BY period, rank"
    ).fetchall()
    assert rows == [("2025-09", "Oracle", 1.0), ("2025-10", "Oracle", 0.75), ("2025-10", "Google", 0.25)]


def test_a_deal_with_two_capacity_estimates_is_refused(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE capacity_estimates (deal_id VARCHAR, h100e_mid DOUBLE)")
    con.execute("INSERT INTO capacity_estimates VALUES ('a', 1), ('a', 2)")
    with pytest.raises(WarehouseError, match="one estimate per deal_id"):
        refresh_marts(con)


def test_missing_marts_tell_the_user_to_migrate() -> None:
    with duckdb.connect(":memory:") as c:
        c.execute(DEALS_DDL)
        with pytest.raises(WarehouseError, match="migrations"):
            refresh_marts(c)


def test_every_mart_table_and_column_has_a_comment(con: duckdb.DuckDBPyConnection) -> None:
    tables = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE table_name IN ('concentration', 'compute_share') "
        "AND comment IS NOT NULL AND comment <> ''"
    ).fetchall()
    assert sorted(t[0] for t in tables) == ["compute_share", "concentration"]
    bare = con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE table_name IN ('concentration', 'compute_share') AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert bare == []


def test_refresh_leaves_equity_investments_out(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        "INSERT INTO deals (deal_id, buyer, seller, deal_type, status, amount_usd, first_reported) "
        "VALUES ('e', 'Nvidia', 'OpenAI', 'equity_investment', 'announced', 100e9, DATE '2025-09-22')"
    )
    con.begin()
    refresh_marts(con)
    con.commit()
    sellers = con.execute(
        "SELECT DISTINCT firm FROM compute_share WHERE side = 'supplier' AND measure = 'usd' ORDER BY 1"
    ).fetchall()
    assert ("OpenAI",) not in sellers
    assert ("Oracle",) in sellers
