"""What the next run reads back: conditional-GET state per URL and the current documents for re-extraction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.ids import make_id
from tests.warehouse.batches import (
    CLOUD,
    DAY2,
    NEGATIVE,
    RELEASE,
    SYNDICATED,
    TEXTS,
    consolidate,
    day1_batch,
    day1_docs,
    day2_batch,
    sha,
)
from warehouse import state
from warehouse.load import load_batch
from warehouse.state import documents_for_reextract, fetch_states


def test_no_warehouse_means_no_state(tmp_path: Path) -> None:
    assert fetch_states(tmp_path / "absent.duckdb") == {}
    assert list(documents_for_reextract(tmp_path / "absent.duckdb", None)) == []
    assert not (tmp_path / "absent.duckdb").exists()


def test_fetch_state_follows_the_latest_response(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    load_batch(db_path, day2_batch(), consolidate)
    states = fetch_states(db_path)
    assert sorted(states) == sorted(url for _, url in (RELEASE, CLOUD, NEGATIVE, SYNDICATED))
    # the release answered 304 on day 2 (with its ETag): the day-1 body stays the reference
    release = states[RELEASE[1]]
    assert (release.etag, release.content_hash) == (f'"{sha(TEXTS["release"])[:8]}"', sha(TEXTS["release"]))
    assert release.last_modified == "Mon, 01 Jun 2026 00:00:00 GMT"
    # the updated story came back without an ETag: the old one must not be sent again
    cloud = states[CLOUD[1]]
    assert (cloud.etag, cloud.content_hash) == (None, sha(TEXTS["cloud_v2"]))


def test_reextraction_reads_the_current_version_of_each_document(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    load_batch(db_path, day2_batch(), consolidate)
    docs = {d.url: d for d in documents_for_reextract(db_path, None)}
    assert len(docs) == 4
    cloud = docs[CLOUD[1]]
    assert (cloud.text, cloud.content_hash, cloud.title) == (
        TEXTS["cloud_v2"],
        sha(TEXTS["cloud_v2"]),
        "OpenAI signs with Oracle (updated)",
    )
    assert cloud.fetched_at == DAY2


def test_reextraction_since_a_date(db_path: Path) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    load_batch(db_path, day2_batch(), consolidate)
    recent = {d.url for d in documents_for_reextract(db_path, date(2025, 10, 1))}
    assert recent == {RELEASE[1], SYNDICATED[1]}  # published 2025-10-06 and 2025-10-07


def test_reextraction_reads_in_chunks_and_lets_the_writer_in_between(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_batch(db_path, day1_batch(), consolidate)
    monkeypatch.setattr(state, "REEXTRACT_CHUNK", 2)
    docs = documents_for_reextract(db_path, None)
    first = next(docs)
    second = next(docs)
    load_batch(db_path, day2_batch(), consolidate)  # no reader connection is open between chunks
    rest = list(docs)
    # doc_id order; the syndicated copy loaded meanwhile sorts before the cursor, so this pass does not see it
    assert [d.doc_id for d in (first, second, *rest)] == sorted(d.doc_id for d in day1_docs().values())
    assert make_id(*SYNDICATED) < first.doc_id
