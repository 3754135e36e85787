"""The single writer: versions, idempotent reruns, re-extraction, marts rebuilt from every mention, checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from core.errors import WarehouseError
from core.ids import make_id
from core.records import Deal, DealMention, RunBatch
from tests.warehouse.batches import (
    CLOUD,
    DAY1,
    DAY2,
    RELEASE,
    TEXTS,
    cloud_deal,
    consolidate,
    day1_batch,
    day1_docs,
    day2_batch,
    extraction,
    read_contents,
    sha,
)
from warehouse.load import load_batch

CLOUD_ID = make_id(*CLOUD)
RELEASE_ID = make_id(*RELEASE)
CHIP_DEAL = make_id("deal", "OpenAI", "AMD", "chip_supply")
CLOUD_DEAL = make_id("deal", "OpenAI", "Oracle", "cloud_contract")


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_first_load_fills_every_layer(db_path: Path) -> None:
    stats = load_batch(db_path, day1_batch(), consolidate)
    assert (stats.new_documents, stats.new_versions, stats.extractions_applied) == (3, 3, 3)
    assert (stats.mentions, stats.facts, stats.deals) == (2, 4, 2)
    assert sorted(d["deal_id"] for d in stats.new_deals) == sorted([CHIP_DEAL, CLOUD_DEAL])
    assert rows(db_path, "SELECT count(*) FROM fetch_log") == [(3,)]
    assert rows(db_path, "SELECT is_compute_deal, count(*) FROM doc_relevance GROUP BY ALL ORDER BY 1") == [
        (False, 1),
        (True, 2),
    ]
    assert rows(db_path, "SELECT deal_id, amount_usd, power_mw FROM deals ORDER BY deal_id") == sorted(
        [(CHIP_DEAL, None, 6000.0), (CLOUD_DEAL, 300e9, None)]
    )
    assert rows(
        db_path, f"SELECT name, role FROM deal_parties WHERE deal_id = '{CHIP_DEAL}' ORDER BY role"
    ) == [
        ("OpenAI", "buyer"),
        ("AMD", "seller"),
    ]
    assert rows(db_path, "SELECT org_id FROM organisations WHERE name = 'OpenAI'") == [
        (make_id("org", "OpenAI"),)
    ]
    assert rows(db_path, "SELECT stage, url FROM failures") == [("parse", "http://dcledger.example/bad.html")]
    assert rows(db_path, "SELECT run_id, n_new_versions, n_deals, n_new_deals, n_failures FROM run_log") == [
        ("run-day1", 3, 2, 2, 1)
    ]


def test_deal_sources_carry_url_and_evidence(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    assert rows(
        db_path, f"SELECT url, evidence, published FROM deal_sources WHERE deal_id = '{CLOUD_DEAL}'"
    ) == [(CLOUD[1], TEXTS["cloud_v1"], date(2025, 9, 10))]


def test_same_batch_again_changes_no_row(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    before = read_contents(db_path)
    stats = load_batch(db_path, day1_batch(), consolidate)
    assert read_contents(db_path) == before
    assert (stats.new_versions, stats.new_documents, stats.new_deals) == (0, 0, [])
    # the same run loaded twice keeps one run_log row and does not duplicate its fetches or failures
    assert rows(db_path, "SELECT count(*) FROM run_log") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM fetch_log") == [(3,)]
    assert rows(db_path, "SELECT count(*) FROM failures") == [(1,)]


def test_same_content_in_a_new_run_changes_no_row_but_logs_the_run(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    load_batch(db_path, day2_batch(), consolidate)
    before = read_contents(db_path)
    load_batch(db_path, day2_batch(run_id="run-day2-again"), consolidate)
    assert read_contents(db_path) == before
    assert rows(db_path, "SELECT count(*) FROM run_log") == [(3,)]
    assert rows(db_path, "SELECT count(*) FROM fetch_log") == [(9,)]


def test_an_updated_article_becomes_version_two_of_the_same_document(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    stats = load_batch(db_path, day2_batch(), consolidate)
    assert (stats.new_versions, stats.new_documents, stats.changed_documents) == (2, 1, 1)
    versions = rows(
        db_path, f"SELECT version_no, content_hash FROM document_versions WHERE doc_id = '{CLOUD_ID}'"
    )
    assert sorted(versions) == [(1, sha(TEXTS["cloud_v1"])), (2, sha(TEXTS["cloud_v2"]))]
    doc = rows(
        db_path,
        "SELECT current_version, content_hash, title, first_seen, last_seen FROM documents "
        f"WHERE doc_id = '{CLOUD_ID}'",
    )
    title = "OpenAI signs with Oracle (updated)"
    assert doc == [(2, sha(TEXTS["cloud_v2"]), title, DAY1.replace(tzinfo=None), DAY2.replace(tzinfo=None))]
    # staging now describes version 2 only, and the deal took its new figure
    assert rows(db_path, f"SELECT content_hash, power_mw FROM mentions WHERE doc_id = '{CLOUD_ID}'") == [
        (sha(TEXTS["cloud_v2"]), 4500.0)
    ]
    assert rows(db_path, f"SELECT power_mw FROM deals WHERE deal_id = '{CLOUD_DEAL}'") == [(4500.0,)]
    # the syndicated copy is a second source of the chip deal
    assert rows(db_path, f"SELECT n_sources FROM deals WHERE deal_id = '{CHIP_DEAL}'") == [(2,)]
    assert rows(db_path, f"SELECT count(*) FROM deal_sources WHERE deal_id = '{CHIP_DEAL}'") == [(2,)]


def test_a_304_changes_no_document_row_and_is_logged(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    before = rows(db_path, f"SELECT * FROM documents WHERE doc_id = '{RELEASE_ID}'")
    load_batch(db_path, day2_batch(), consolidate)
    assert rows(db_path, f"SELECT * FROM documents WHERE doc_id = '{RELEASE_ID}'") == before
    assert rows(
        db_path,
        "SELECT max(fetched_at) FROM fetch_log WHERE outcome = 'unchanged' AND url = "
        f"(SELECT url FROM documents WHERE doc_id = '{RELEASE_ID}')",
    ) == [(DAY2.replace(tzinfo=None),)]


def test_replaying_an_older_day_does_not_roll_a_document_back(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    load_batch(db_path, day2_batch(), consolidate)
    before = read_contents(db_path)
    stats = load_batch(db_path, day1_batch(run_id="backfill-day1"), consolidate)
    assert stats.new_versions == 0 and stats.extractions_stale == 1
    assert read_contents(db_path) == before


def test_reextraction_with_a_new_extractor_version_replaces_staging(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    cloud = day1_docs()["cloud"]
    revised = cloud_deal(cloud, None).model_copy(update={"amount_usd": 350e9})
    batch = RunBatch(run_id="reextract-1", flow="reextract", started_at=DAY2,
                     extractions=[extraction(cloud, [revised], version="x2")])  # fmt: skip
    stats = load_batch(db_path, batch, consolidate)
    assert stats.extractions_applied == 1 and stats.new_versions == 0
    assert rows(db_path, f"SELECT DISTINCT extractor_version FROM facts WHERE doc_id = '{CLOUD_ID}'") == [
        ("x2",)
    ]
    assert rows(
        db_path, f"SELECT extractor_version, amount_usd FROM mentions WHERE doc_id = '{CLOUD_ID}'"
    ) == [("x2", 350e9)]
    assert rows(db_path, f"SELECT amount_usd FROM deals WHERE deal_id = '{CLOUD_DEAL}'") == [(350e9,)]
    # other documents keep their extraction
    assert rows(
        db_path, f"SELECT DISTINCT extractor_version FROM mentions WHERE doc_id = '{RELEASE_ID}'"
    ) == [("x1",)]


def test_an_extraction_of_an_unknown_document_is_skipped_and_recorded(db_path: Path) -> None:
    batch = day1_batch()
    stray = extraction(day1_docs()["cloud"], []).model_copy(update={"id": "no-such-doc"})
    batch = batch.model_copy(update={"extractions": [*batch.extractions, stray]})
    stats = load_batch(db_path, batch, consolidate)
    assert stats.extractions_unknown == 1
    assert rows(db_path, "SELECT count(*) FROM doc_relevance WHERE doc_id = 'no-such-doc'") == [(0,)]
    assert rows(db_path, "SELECT stage, url FROM failures WHERE stage = 'load'") == [("load", "no-such-doc")]


def test_a_failed_data_check_rolls_the_whole_load_back(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    before = read_contents(db_path)

    def negative(mentions: list[DealMention]) -> list[Deal]:
        return [d.model_copy(update={"amount_usd": -1.0}) for d in consolidate(mentions)]

    with pytest.raises(WarehouseError, match="figures_not_negative"):
        load_batch(db_path, day2_batch(), negative)
    assert read_contents(db_path) == before
    assert rows(db_path, "SELECT run_id FROM run_log") == [("run-day1",)]


def test_a_deal_citing_an_unknown_mention_is_refused(db_path: Path) -> None:
    def phantom(mentions: list[DealMention]) -> list[Deal]:
        deals = consolidate(mentions)
        return [deals[0].model_copy(update={"mention_ids": ["phantom"]}), *deals[1:]]

    with pytest.raises(WarehouseError, match="cites mention phantom"):
        load_batch(db_path, day1_batch(), phantom)
    assert rows(db_path, "SELECT count(*) FROM documents") == [(0,)]


def test_a_deal_without_sources_fails_the_checks(db_path: Path) -> None:
    def sourceless(mentions: list[DealMention]) -> list[Deal]:
        return [*consolidate(mentions), Deal(deal_id="lonely", buyer="OpenAI", evidence="")]

    with pytest.raises(WarehouseError, match="deals_have_sources"):
        load_batch(db_path, day1_batch(), sourceless)


def test_consolidation_sees_every_current_mention_in_a_stable_order(db_path: Path) -> None:
    seen: list[list[str]] = []

    def recording(mentions: list[DealMention]) -> list[Deal]:
        seen.append([m.mention_id for m in mentions])
        assert all(m.published is not None for m in mentions)
        return consolidate(mentions)

    load_batch(db_path, day1_batch(), recording)
    load_batch(db_path, day2_batch(), recording)
    load_batch(db_path, day2_batch(), recording)
    assert [len(s) for s in seen] == [2, 3, 3]
    assert seen[1] == seen[2]


def test_refreshers_run_inside_the_load_transaction(db_path: Path) -> None:
    seen: list[int] = []

    def count_deals(con: duckdb.DuckDBPyConnection) -> None:
        row = con.execute("SELECT count(*) FROM deals").fetchone()
        seen.append(row[0] if row else -1)

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("DELETE FROM deals")
        raise WarehouseError("refresh failed")

    load_batch(db_path, day1_batch(), consolidate, refresh=[count_deals])
    assert seen == [2]  # it saw the deals rebuilt by this load
    before = read_contents(db_path)
    with pytest.raises(WarehouseError, match="refresh failed"):
        load_batch(db_path, day2_batch(), consolidate, refresh=[count_deals, broken])
    assert seen == [2, 2] and read_contents(db_path) == before
