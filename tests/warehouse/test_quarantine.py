"""Plausibility bounds: figures and dates outside warehouse/bounds.yml land in `quarantine`, never in the marts.

The documents are invented, in our own words. The negative amount is fed to the writer directly (the money
parser's handling of a minus sign is not what is tested here).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.errors import WarehouseError
from core.ids import make_id
from core.records import Chips, DealMention, DocumentExtraction, DocumentRecord, Fact, RunBatch
from extractors.consolidate import consolidate
from reports.summary import RunSummary, snapshot_figures
from tests.warehouse.batches import document, fetched, mention
from warehouse.bounds import BOUNDS_FILE, Bounds, load_bounds, screen_mention
from warehouse.checks import run_checks
from warehouse.load import load_batch
from warehouse.marts import refreshers
from warehouse.quarantine import run_date
from warehouse.snapshot import publish_snapshot

AT = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)
AS_OF = date(2026, 6, 1)
FUTURE = date(2099, 5, 1)
MARTS = ("deals", "deal_parties", "deal_sources", "capacity_estimates", "concentration", "compute_share")

TEXTS = {
    "negative": "Northwind Compute said its 300 MW contract with Harbor Cloud moved by minus $5 billion.",
    "huge": "Ketterly Power agreed to supply 999,999 GW to Brightfield AI in a $2 billion deal.",
    "zero": "Lumen Grid will deliver 0 MW to Orchard Labs under a new $1 billion agreement.",
    "chips": "Tessellate Systems ordered 20 million X900 accelerators from Corvid Chips for $3 billion.",
    "future": "Alder Data signed a $4 billion compute deal with Quarry Cloud.",
    "sane": (
        "Pinecrest AI signed a $10 billion cloud contract with Stratus Cloud for 1 gigawatt. "
        "Analysts put the whole market at $6.7 trillion by 2030."
    ),
}
PUBLISHED = {"negative": date(2026, 3, 2), "huge": date(2026, 3, 9), "zero": date(2026, 3, 16)}
PUBLISHED |= {"chips": date(2026, 3, 23), "future": FUTURE, "sane": date(2026, 3, 30)}


def docs() -> dict[str, DocumentRecord]:
    return {
        k: document(("testwire", f"http://testwire.example/{k}.html"), text, AT, PUBLISHED[k], k)
        for k, text in TEXTS.items()
    }


def pair(buyer: str, seller: str) -> dict[str, Any]:
    return {"buyer": buyer, "seller": seller, "parties": [buyer, seller], "status": "signed"}


def mentions(d: dict[str, DocumentRecord], *, sane_only: bool = False) -> dict[str, list[DealMention]]:
    """One mention per document; with sane_only, the out-of-bounds figures are left out by hand."""
    bad = None if sane_only else {"negative": -5e9, "huge": 999_999_000.0, "zero": 0.0, "chips": 20_000_000}
    return {
        "negative": [
            mention(d["negative"], 0, **pair("Northwind Compute", "Harbor Cloud"), deal_type="cloud_contract",
                    amount_usd=bad and bad["negative"], amount_qualifier=bad and "exact", power_mw=300.0)
        ],
        "huge": [
            mention(d["huge"], 0, **pair("Brightfield AI", "Ketterly Power"), deal_type="power_supply",
                    amount_usd=2e9, power_mw=bad and bad["huge"])
        ],
        "zero": [
            mention(d["zero"], 0, **pair("Orchard Labs", "Lumen Grid"), deal_type="power_supply",
                    amount_usd=1e9, power_mw=bad and bad["zero"])
        ],
        "chips": [
            mention(d["chips"], 0, **pair("Tessellate Systems", "Corvid Chips"), deal_type="chip_supply",
                    amount_usd=3e9, chips=Chips(count=bad and int(bad["chips"]), type="X900"))
        ],
        "future": [] if sane_only else [
            mention(d["future"], 0, **pair("Alder Data", "Quarry Cloud"), deal_type="compute_capacity",
                    amount_usd=4e9)
        ],
        "sane": [
            mention(d["sane"], 0, **pair("Pinecrest AI", "Stratus Cloud"), deal_type="cloud_contract",
                    amount_usd=10e9, power_mw=1000.0)
        ],
    }  # fmt: skip


# (kind, surface, value, cited by the document's mention, out of bounds)
FACTS: dict[str, list[tuple[str, str, float, bool, bool]]] = {
    "negative": [("money", "minus $5 billion", -5e9, False, True)],  # uncited, but negative
    "huge": [("power", "999,999 GW", 999_999_000.0, True, True)],
    "sane": [
        ("money", "$6.7 trillion", 6.7e12, False, False)
    ],  # a forecast no mention cites: no deal's figure
}


def fact(doc: DocumentRecord, kind: str, surface: str, value: float, version: str) -> Fact:
    start = doc.text.find(surface)
    assert start >= 0, surface
    unit = {"money": "USD", "power": "MW"}[kind]
    return Fact(
        fact_id=make_id(doc.doc_id, kind, start), doc_id=doc.doc_id, kind=kind, surface=surface, start=start,
        end=start + len(surface), sentence=doc.text, sent_start=0, sent_end=len(doc.text), value=value, unit=unit,
        qualifier="exact", extractor_version=version,
    )  # fmt: skip


def facts_of(
    d: dict[str, DocumentRecord], key: str, version: str = "q1", *, sane_only: bool = False
) -> list[Fact]:
    return [
        fact(d[key], k, s, v, version) for k, s, v, _, bad in FACTS.get(key, []) if not (sane_only and bad)
    ]


def batch(
    keys: tuple[str, ...] = tuple(TEXTS),
    *,
    sane_only: bool = False,
    version: str = "q1",
    run_id: str = "run-q",
) -> RunBatch:
    d = docs()
    ms = mentions(d, sane_only=sane_only)
    extractions = []
    for k in keys:
        facts = facts_of(d, k, version, sane_only=sane_only)
        cited = [f.fact_id for f, spec in zip(facts, FACTS.get(k, []), strict=False) if spec[3]]
        for m in ms[k]:
            m.fact_ids = cited
        extractions.append(
            DocumentExtraction(id=d[k].doc_id, is_compute_deal=True, score=0.9, deals=ms[k], facts=facts,
                               extractor_version=version)
        )  # fmt: skip
    return RunBatch(
        run_id=run_id, started_at=AT, finished_at=AT, as_of=AS_OF,
        fetches=[fetched(d[k]) for k in keys], documents=[d[k] for k in keys], extractions=extractions,
    )  # fmt: skip


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


def mid(key: str, d: dict[str, DocumentRecord] | None = None) -> str:
    return mentions(d or docs())[key][0].mention_id


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


def test_bounds_file_and_model() -> None:
    bounds = load_bounds()
    assert (bounds.amount_usd.above, bounds.amount_usd.at_most) == (0.0, 2e12)
    assert (bounds.power_mw.at_most, bounds.chips.at_most) == (50_000.0, 10_000_000.0)
    assert bounds.dates.not_before == date(2000, 1, 1)
    assert BOUNDS_FILE.name == "bounds.yml"


def test_bad_bounds_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bounds.yml"
    path.write_text("amount_usd: {above: 0}\n", encoding="utf-8")
    with pytest.raises(WarehouseError, match="plausibility bounds"):
        load_bounds(path)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"amount_usd": math.nan}, "amount_usd nan is not finite"),
        ({"amount_usd": math.inf}, "amount_usd inf is not finite"),
        ({"amount_usd": 2.5e12}, "amount_usd 2500000000000 above the bound 2000000000000"),
        ({"power_mw": -10.0}, "power_mw -10 not above the bound 0"),
        ({"chips": Chips(count=0)}, "chips 0 not above the bound 0"),
        ({"published": date(1999, 12, 31)}, "date 1999-12-31 before the bound 2000-01-01"),
    ],
)
def test_screen_mention_reasons(fields: dict[str, Any], reason: str) -> None:
    m = DealMention(
        **({"mention_id": "m", "doc_id": "d", "buyer": "A", "seller": "B", "amount_usd": 5e9} | fields)
    )
    kept, found = screen_mention(m, load_bounds(), date(2026, 6, 1))
    assert [v.reason for v in found] == [reason]
    if "published" in fields:
        assert kept is None
    else:
        assert kept is not None and kept.buyer == "A"


def test_bounds_at_the_edge_are_sane() -> None:
    bounds: Bounds = load_bounds()
    m = DealMention(
        amount_usd=2e12, power_mw=50_000.0, chips=Chips(count=10_000_000), published=date(2000, 1, 1)
    )
    assert screen_mention(m, bounds, date(2026, 6, 1)) == (m, [])
    today = DealMention(published=date(2026, 6, 1))
    assert screen_mention(today, bounds, date(2026, 6, 1)) == (today, [])


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
