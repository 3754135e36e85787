"""Catalogue versioning: re-estimates keep the old ones in capacity_estimate_history (migration 0006)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from analytics.capacity.version import CATALOGUE_FILES, catalogue_version
from warehouse.capacity_store import write_capacity_estimates
from warehouse.migrate import migrate


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    migrate(connection)
    connection.execute(
        """INSERT INTO deals (deal_id, buyer, deal_type, status, chips_count, chip_type, n_sources, confidence,
                              evidence)
           VALUES ('d1', 'xAI', 'datacenter_build', 'announced', 100000, 'H100', 1, 0.8, 'e1'),
                  ('d2', 'OpenAI', 'compute_capacity', 'announced', 5000, 'GB200', 1, 0.8, 'e2')"""
    )
    yield connection
    connection.close()


def _history(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, float]]:
    sql = "SELECT deal_id, catalogue_version, accelerators_mid FROM capacity_estimate_history ORDER BY 2, 1"
    return [(str(d), str(v), float(a)) for d, v, a in con.execute(sql).fetchall()]


def test_same_version_twice_adds_nothing(con: duckdb.DuckDBPyConnection) -> None:
    write_capacity_estimates(con, version="v1")
    write_capacity_estimates(con, version="v1")
    assert [(d, v) for d, v, _ in _history(con)] == [("d1", "v1"), ("d2", "v1")]


def test_new_version_keeps_the_old_rows(con: duckdb.DuckDBPyConnection) -> None:
    write_capacity_estimates(con, version="v1")
    con.execute("UPDATE deals SET chips_count = 200000 WHERE deal_id = 'd1'")
    write_capacity_estimates(con, version="v2")
    rows = _history(con)
    assert ("d1", "v1", 100000.0) in rows
    assert ("d1", "v2", 200000.0) in rows
    assert con.execute("SELECT count(*) FROM capacity_estimates").fetchone() == (2,)


def test_default_version_is_the_catalogue_hash(con: duckdb.DuckDBPyConnection) -> None:
    write_capacity_estimates(con)
    versions = {v for _, v, _ in _history(con)}
    assert versions == {catalogue_version()}
    current = con.execute("SELECT DISTINCT catalogue_version FROM capacity_estimates").fetchall()
    assert current == [(catalogue_version(),)]


def test_version_changes_with_any_catalogue_file(tmp_path: Path) -> None:
    copies = []
    for path in CATALOGUE_FILES:
        copy = tmp_path / path.name
        copy.write_bytes(path.read_bytes())
        copies.append(copy)
    before = catalogue_version(copies)
    assert before == catalogue_version(CATALOGUE_FILES)
    copies[2].write_text(copies[2].read_text(encoding="utf-8") + "\n# recalibrated\n", encoding="utf-8")
    assert catalogue_version(copies) != before
