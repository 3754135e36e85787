"""The nightly flow end to end on the bundled sample newsroom, under prefect_test_harness."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from flows.nightly import nightly
from flows.params import NightlyParams

# Logs may grow from run to run; everything else must not change when nothing new was published.
LOG_TABLES = {"fetch_log", "run_log", "failures", "schema_migrations"}
DAY1, DAY2 = date(2026, 6, 1), date(2026, 6, 2)


def table_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {
            n: sorted(con.sql(f'SELECT * FROM "{n}"').fetchall(), key=repr)
            for n in names
            if n not in LOG_TABLES
        }


@pytest.mark.usefixtures("prefect_harness")
def test_nightly_twice_then_an_update(data_dir: Path) -> None:
    db = data_dir / "infradeals.duckdb"
    first = nightly(NightlyParams(as_of=DAY1))
    assert first.documents_total >= 40
    assert first.deals_total >= 25
    assert sum(s.fetched for s in first.sources) >= 40
    assert all(s.discovered > 0 for s in first.sources)
    before = table_contents(db)
    assert {"documents", "document_versions", "facts", "deals"} <= set(before)

    second = nightly(NightlyParams(as_of=DAY1))
    assert second.nothing_new
    assert sum(s.fetched for s in second.sources) == 0
    assert sum(s.unchanged for s in second.sources) == sum(s.fetched for s in first.sources)
    assert table_contents(db) == before

    third = nightly(NightlyParams(as_of=DAY2))
    assert third.new_document_versions == 1
    with duckdb.connect(str(db), read_only=True) as con:
        n_docs = con.execute("SELECT count(*) FROM documents").fetchall()
        versions = con.sql(
            "SELECT doc_id, count(*) AS n FROM document_versions GROUP BY doc_id HAVING n > 1"
        ).fetchall()
    assert n_docs == [(first.documents_total,)]
    assert len(versions) == 1 and versions[0][1] == 2
