"""Migration 0004 and the warehouse writer: seeded, commented tables; one estimate row per deal."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from analytics.capacity.catalogue import catalogue
from warehouse.capacity_store import hardware_frame, read_deals, seed_hardware, write_capacity_estimates
from warehouse.migrate import migrate


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    migrate(connection)
    yield connection
    connection.close()


def _add_deals(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """INSERT INTO deals (deal_id, buyer, seller, deal_type, status, power_mw, power_qualifier,
                              chips_count, chip_type, amount_usd, n_sources, confidence, evidence,
                              parent_deal_id)
           VALUES ('d1', 'OpenAI', 'Cerebras', 'compute_capacity', 'announced', 750, 'up_to', NULL, NULL,
                   NULL, 2, 0.9, 'e1', NULL),
                  ('d2', 'xAI', NULL, 'datacenter_build', 'announced', NULL, NULL, 100000, 'H100', NULL,
                   1, 0.8, 'e2', NULL),
                  ('d3', 'Nvidia', 'Intel', 'equity_investment', 'announced', NULL, NULL, NULL, NULL, 5e9,
                   1, 0.9, 'e3', NULL),
                  ('d4', 'Anthropic', NULL, 'cloud_contract', 'expanded', 1000, NULL, NULL, NULL, NULL,
                   1, 0.7, 'e4', 'd9')"""
    )
    con.execute(
        "INSERT INTO deal_parties VALUES ('d4', 'o1', 'Anthropic', 'buyer'), ('d4', 'o2', 'Google', 'party')"
    )


def test_migration_seeds_the_hardware_table_with_source_urls(con: duckdb.DuckDBPyConnection) -> None:
    row = con.execute(
        "SELECT it_w_mid, it_w_source, tokens_s_mid, tokens_source FROM hardware WHERE name = 'H100'"
    ).fetchone()
    assert row is not None
    assert row[0] == 1453 and row[1].startswith("https://github.com/epoch-research/ai-compute-users")
    assert row[2] == 3821 and "mlcommons/inference_results_v5.1" in row[3]
    shaky = con.execute("SELECT tdp_status FROM hardware WHERE name = 'TPU7x'").fetchone()
    assert shaky == ("unconfirmed",)


@pytest.mark.parametrize("table", ["hardware", "capacity_estimates"])
def test_every_table_and_column_is_commented(con: duckdb.DuckDBPyConnection, table: str) -> None:
    comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()
    assert comment is not None and comment[0]
    missing = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND coalesce(comment, '') = ''",
        [table],
    ).fetchall()
    assert missing == []


def test_seed_hardware_replaces_rows_with_the_csv(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM hardware WHERE name = 'H100'")
    assert seed_hardware(con) == len(catalogue().rows)
    names = [r[0] for r in con.execute("SELECT name FROM hardware ORDER BY name").fetchall()]
    assert names == sorted(catalogue().known())
    table_columns = [r[0] for r in con.execute("DESCRIBE hardware").fetchall()]
    assert table_columns == hardware_frame().columns


def test_read_deals_brings_parties(con: duckdb.DuckDBPyConnection) -> None:
    _add_deals(con)
    deals = {d.deal_id: d for d in read_deals(con)}
    assert deals["d4"].parties == ["Anthropic", "Google"] and deals["d1"].parties == []


def test_write_capacity_estimates_one_row_per_deal(con: duckdb.DuckDBPyConnection) -> None:
    _add_deals(con)
    assert write_capacity_estimates(con) == 4
    assert write_capacity_estimates(con) == 4  # replaced, not appended
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "SELECT deal_id, hardware, h100e_mid, up_to, tranche_of, input_kind FROM capacity_estimates"
        ).fetchall()
    }
    assert set(rows) == {"d1", "d2", "d3", "d4"}
    assert rows["d1"][0] == "CS-3" and rows["d1"][2] is True
    assert rows["d2"][0] == "H100" and rows["d2"][1] == pytest.approx(100_000)
    assert rows["d3"][1] is None and rows["d3"][4] == "none"
    assert rows["d4"][0] == "TPU7x" and rows["d4"][3] == "d9"


def test_analytics_read_h100e_from_the_estimates(con: duckdb.DuckDBPyConnection) -> None:
    from warehouse.refresh import read_deals as analytics_deals

    _add_deals(con)
    write_capacity_estimates(con)
    frame = analytics_deals(con).collect()
    h100e = dict(zip(frame["deal_id"].to_list(), frame["h100e"].to_list(), strict=True))
    assert h100e["d2"] == pytest.approx(100_000) and h100e["d3"] is None
