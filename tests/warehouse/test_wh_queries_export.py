"""The versioned questions (warehouse/queries) and `infradeals export`."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from core.settings import Settings
from infradeals.cli import main
from warehouse.migrate import migrate
from warehouse.named_queries import available, named_query
from warehouse.output import run_query

HHI_COLUMNS = [
    "period",
    "side",
    "measure",
    "hhi",
    "hhi_delta",
    "cr4",
    "n_firms",
    "n_deals",
    "band",
    "band_2010",
]
ROWS = [  # period_type, period, period_start, side, measure, include_up_to, hhi, n_firms, band_2023
    ("quarter", "2025-Q4", "2025-10-01", "supplier", "usd", True, 5000.0, 2, "high"),
    ("quarter", "2025-Q3", "2025-07-01", "supplier", "usd", True, 10000.0, 1, "high"),
    ("quarter", "2025-Q3", "2025-07-01", "supplier", "usd", False, 10000.0, 1, "high"),
    ("quarter", "2025-Q3", "2025-07-01", "buyer", "usd", True, 10000.0, 1, "high"),
    ("quarter", "2025-Q3", "2025-07-01", "supplier", "mw", True, 2500.0, 4, "moderate"),
    ("month", "2025-09", "2025-09-01", "supplier", "usd", True, 5000.0, 2, "high"),
]
INSERT = """
INSERT INTO concentration (period_type, period, period_start, side, measure, include_up_to, hhi, n_firms,
                           band_2023,
                           cr4, n_deals, n_deals_missing_measure, n_deals_missing_firm, n_deals_up_to)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 100, 2, 0, 0, 0)
"""


def test_every_query_declares_a_description_and_a_version() -> None:
    queries = available()
    assert {q.name for q in queries} >= {"top_suppliers_mw", "company_deals", "hhi_by_quarter"}
    assert all(q.description and q.version >= 1 for q in queries)
    assert [p.name for p in named_query("top_suppliers_mw").params] == ["year", "limit"]


def test_hhi_by_quarter_reads_the_concentration_mart(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "c.duckdb")) as con:
        migrate(con)
        con.executemany(INSERT, ROWS)
        q = named_query("hhi_by_quarter")
        result = run_query(con, q.sql, q.bind({}))
        assert result.columns == HHI_COLUMNS
        assert [(r[0], r[3], r[6]) for r in result.rows] == [("2025-Q3", 10000.0, 1), ("2025-Q4", 5000.0, 2)]
        mw = run_query(con, q.sql, q.bind({"measure": "mw"}))
        assert [(r[0], r[8]) for r in mw.rows] == [("2025-Q3", "moderate")]
        strict = run_query(con, q.sql, q.bind({"include_up_to": "false"}))
        assert [r[0] for r in strict.rows] == ["2025-Q3"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_mart_and_a_data_dictionary(
    published: Settings, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["export", "--format", fmt, str(out)]) == 0
    files = {p.name for p in out.iterdir()}
    marts = {"deals", "deal_parties", "deal_sources", "organisations", "org_aliases", "run_log", "failures"}
    assert {f"{m}.{fmt}" for m in marts} <= files
    assert (
        not {f"{t}.{fmt}" for t in ("documents", "document_versions", "fetch_log", "facts", "mentions")}
        & files
    )
    if fmt == "parquet":
        assert pq.read_table(out / "deals.parquet").num_rows == 2
        assert pq.read_table(out / "deal_sources.parquet").num_rows == 3
    else:
        assert len((out / "deals.csv").read_text().splitlines()) == 3
    with (out / "data_dictionary.csv").open() as fh:
        entries = list(csv.DictReader(fh))
    deals = {e["column_name"]: e for e in entries if e["table_name"] == "deals"}
    assert "USD" in deals["amount_usd"]["comment"] and deals["amount_usd"]["data_type"] == "DOUBLE"
    assert "MW" in deals["power_mw"]["comment"]
    exported = {p.rsplit(".", 1)[0] for p in files} - {"data_dictionary"}
    assert {e["table_name"] for e in entries} == exported
    assert f"{len(entries):>8} rows" in capsys.readouterr().out
