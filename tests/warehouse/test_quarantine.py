"""Plausibility bounds: figures and dates outside warehouse/bounds.yml land in `quarantine`, never in the marts.

The documents are invented, in our own words. The negative amount is fed to the writer directly (the money
parser's handling of a minus sign is not what is tested here).
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.records import RunBatch
from extractors.consolidate import consolidate
from reports.summary import RunSummary, snapshot_figures
from tests.warehouse.batches import mention
from tests.warehouse.quarantine_batches import (
    AS_OF,
    FUTURE,
    MARTS,
    PUBLISHED,
    TEXTS,
    batch,
    docs,
    facts_of,
    mid,
    pair,
)
from warehouse.checks import run_checks
from warehouse.load import load_batch
from warehouse.marts import refreshers
from warehouse.quarantine import run_date
from warehouse.snapshot import publish_snapshot


def load(db: Path, b: RunBatch) -> None:
    load_batch(db, b, consolidate, refresh=refreshers())


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def mart_rows(db: Path, table: str) -> list[tuple[Any, ...]]:
    """Every row of a mart, without its timestamp columns (when a row was written), sorted."""
    with duckdb.connect(str(db), read_only=True) as con:
        cols = [
            str(r[0])
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND data_type NOT LIKE 'TIMESTAMP%'"
                " ORDER BY column_index",
                [table],
            ).fetchall()
        ]
        return sorted(con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "wh.duckdb"
    load(db, batch())
    return db


def test_each_implausible_figure_lands_in_quarantine_with_its_reason(loaded: Path) -> None:
    d = docs()
    [negative_fact] = facts_of(d, "negative")
    [huge_fact] = facts_of(d, "huge")
    got = query(
        loaded,
        "SELECT mention_id, fact_id, doc_id, field, raw_value, raw_number, raw_date, reason, evidence"
        " FROM quarantine ORDER BY field, reason, fact_id NULLS FIRST",
    )
    day = run_date(AS_OF).isoformat()
    expected = [
        (mid("negative"), None, d["negative"].doc_id, "amount_usd", "-5000000000", -5e9, None,
         "amount_usd -5000000000 not above the bound 0", TEXTS["negative"]),
        (None, negative_fact.fact_id, d["negative"].doc_id, "amount_usd", "-5000000000", -5e9, None,
         "amount_usd -5000000000 not above the bound 0", TEXTS["negative"]),
        (mid("chips"), None, d["chips"].doc_id, "chips", "20000000", 20e6, None,
         "chips 20000000 above the bound 10000000", TEXTS["chips"]),
        (mid("future"), None, d["future"].doc_id, "date", "2099-05-01", None, FUTURE,
         f"date 2099-05-01 after the run date {day}", TEXTS["future"]),
        (mid("zero"), None, d["zero"].doc_id, "power_mw", "0", 0.0, None,
         "power_mw 0 not above the bound 0", TEXTS["zero"]),
        (mid("huge"), None, d["huge"].doc_id, "power_mw", "999999000", 999_999_000.0, None,
         "power_mw 999999000 above the bound 50000", TEXTS["huge"]),
        (None, huge_fact.fact_id, d["huge"].doc_id, "power_mw", "999999000", 999_999_000.0, None,
         "power_mw 999999000 above the bound 50000", TEXTS["huge"]),
    ]  # fmt: skip
    assert got == expected  # the uncited $6.7 trillion forecast of the sane story is not there
    assert query(loaded, "SELECT count(*) FROM quarantine WHERE recorded_at IS NULL") == [(0,)]


def test_quarantined_figures_are_absent_from_every_mart(loaded: Path) -> None:
    deals = {
        r[0]: r[1:]
        for r in query(
            loaded, "SELECT buyer, amount_usd, power_mw, chips_count, chip_type, first_reported FROM deals"
        )
    }
    assert set(deals) == {
        "Northwind Compute",
        "Brightfield AI",
        "Orchard Labs",
        "Tessellate Systems",
        "Pinecrest AI",
    }
    # each deal keeps its sane figures; the date-quarantined deal does not exist
    assert deals["Northwind Compute"][:3] == (None, 300.0, None)
    assert deals["Brightfield AI"][:3] == (2e9, None, None)
    assert deals["Orchard Labs"][:3] == (1e9, None, None)
    assert deals["Tessellate Systems"][:3] == (3e9, None, None)  # the consolidation names a chip with a count
    assert query(
        loaded, "SELECT count(*) FROM deal_parties WHERE name IN ('Alder Data', 'Quarry Cloud')"
    ) == [(0,)]
    assert query(loaded, f"SELECT count(*) FROM deal_sources WHERE mention_id = '{mid('future')}'") == [(0,)]
    assert query(loaded, f"SELECT count(*) FROM organisations WHERE last_seen >= DATE '{FUTURE}'") == [(0,)]
    # no mart holds any raw out-of-bounds value or the future date, in any column
    raw = {-5e9, 999_999_000.0, 20_000_000.0}
    for table in (*MARTS, "organisations"):
        for row in mart_rows(loaded, table):
            for value in row:
                assert not (
                    isinstance(value, int | float) and not isinstance(value, bool) and value in raw
                ), table
                assert not (isinstance(value, float) and not math.isfinite(value)), table
                assert value != FUTURE, table
    with duckdb.connect(str(loaded), read_only=True) as con:
        assert run_checks(con) == []


def test_marts_equal_a_load_of_only_the_sane_figures(loaded: Path, tmp_path: Path) -> None:
    """The quarantined load's marts are exactly those of the same stories with the bad figures left out."""
    reference = tmp_path / "reference.duckdb"
    load(reference, batch(sane_only=True))
    for table in MARTS:
        assert mart_rows(loaded, table) == mart_rows(reference, table), table
    assert query(reference, "SELECT count(*) FROM quarantine") == [(0,)]


def test_a_sane_deal_in_the_same_load_is_untouched(loaded: Path, tmp_path: Path) -> None:
    alone = tmp_path / "alone.duckdb"
    load(alone, batch(("sane",)))
    sql = "SELECT * EXCLUDE (confidence) FROM deals WHERE buyer = 'Pinecrest AI'"
    assert query(loaded, sql) == query(alone, sql)
    assert query(
        loaded, "SELECT amount_usd, power_mw, first_reported FROM deals WHERE buyer = 'Pinecrest AI'"
    ) == [(10e9, 1000.0, PUBLISHED["sane"])]
    src = "SELECT mention_id, evidence, published FROM deal_sources WHERE mention_id = ?"
    with duckdb.connect(str(loaded), read_only=True) as con:
        assert con.execute(src, [mid("sane")]).fetchall() == [(mid("sane"), TEXTS["sane"], PUBLISHED["sane"])]


def test_a_second_identical_load_or_a_reextraction_leaves_quarantine_unchanged(loaded: Path) -> None:
    before = query(loaded, "SELECT * FROM quarantine ORDER BY ALL")
    assert len(before) == 7
    load(loaded, batch())
    assert query(loaded, "SELECT * FROM quarantine ORDER BY ALL") == before
    load(loaded, batch(version="q2", run_id="run-reextract"))  # same documents, a new extractor version
    assert query(loaded, "SELECT * FROM quarantine ORDER BY ALL") == before  # recorded_at kept


def test_a_corrected_figure_leaves_quarantine_and_reaches_the_deal(loaded: Path) -> None:
    d = docs()
    fixed = mention(d["huge"], 0, **pair("Brightfield AI", "Ketterly Power"), deal_type="power_supply",
                    amount_usd=2e9, power_mw=999.0)  # fmt: skip
    b = batch(("huge",), version="q2", run_id="run-fix")
    b.extractions[0].deals, b.extractions[0].facts = [fixed], []  # the corrected extractor reads 999 MW
    load(loaded, b)
    assert query(loaded, f"SELECT count(*) FROM quarantine WHERE doc_id = '{d['huge'].doc_id}'") == [(0,)]
    assert query(loaded, "SELECT power_mw FROM deals WHERE buyer = 'Brightfield AI'") == [(999.0,)]
    assert query(loaded, "SELECT count(*) FROM quarantine") == [(5,)]  # the huge story's two rows are gone


def test_the_check_finds_a_mart_row_out_of_bounds(loaded: Path) -> None:
    with duckdb.connect(str(loaded)) as con:
        con.execute("UPDATE deals SET power_mw = 999999000 WHERE buyer = 'Pinecrest AI'")
        con.execute("UPDATE deals SET first_reported = DATE '1999-12-31' WHERE buyer = 'Orchard Labs'")
        failures = {f.name: f for f in run_checks(con)}
    assert set(failures) == {"marts_within_bounds"}
    assert failures["marts_within_bounds"].count == 2
    cols = sorted(str(e[0]) for e in failures["marts_within_bounds"].examples)
    assert cols == ["deals.power_mw", "deals.reported"]


def test_a_later_run_date_restates_the_reason_and_keeps_when_it_was_recorded(loaded: Path) -> None:
    sql = "SELECT reason, recorded_at FROM quarantine WHERE field = 'date'"
    [(_, recorded_at)] = query(loaded, sql)
    later = batch(run_id="run-later")
    later.as_of = date(2098, 1, 2)
    load(loaded, later)
    assert query(loaded, sql) == [("date 2099-05-01 after the run date 2098-01-02", recorded_at)]
    assert query(loaded, "SELECT count(*) FROM quarantine") == [(7,)]


def test_the_run_summary_counts_the_quarantine(loaded: Path, tmp_path: Path) -> None:
    snapshot = tmp_path / "read.duckdb"
    publish_snapshot(loaded, snapshot)
    figures = snapshot_figures(snapshot)
    assert figures["quarantined"] == 7 and figures["deals_total"] == 5
    summary = RunSummary(run_id="run-q", sources=[], **figures)
    assert "quarantined: 7 figure(s) outside the plausibility bounds" in summary.to_text()
    assert "**Quarantined figures:** 7" in summary.to_markdown()
