"""Re-extraction from stored documents: one flow for the CLI and the backfill, the current extractor's version
on every fact, nothing fetched, and always under the warehouse writer's slot."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from core.records import DocumentRecord
from extractors.nlp import EXTRACTOR_VERSION
from flows import tasks
from infradeals.cli import main
from tests.warehouse.batches import consolidate as stand_in_consolidate
from tests.warehouse.batches import day1_batch
from warehouse.load import load_batch


def test_a_stored_document_becomes_an_input_with_its_id_date_and_canonical_url() -> None:
    doc = DocumentRecord(
        doc_id="d1",
        source="wire",
        url="http://dcledger.example/d1.html?ref=rss",
        canonical_url="http://dcledger.example/d1.html",
        text="text",
        published=date(2025, 9, 8),
        content_hash="h1",
        fetched_at=datetime(2026, 6, 1, tzinfo=UTC),
    )
    inp = doc.as_extract_input()
    assert (inp.id, inp.text, inp.published, inp.url) == (
        "d1",
        "text",
        date(2025, 9, 8),
        "http://dcledger.example/d1.html",
    )


def stored_warehouse(data_dir: Path) -> Path:
    """A warehouse holding day 1's documents, extracted by an old stand-in extractor 'x1'."""
    db = data_dir / "infradeals.duckdb"
    data_dir.mkdir(parents=True, exist_ok=True)
    load_batch(db, day1_batch("x1"), stand_in_consolidate)
    return db


@pytest.mark.usefixtures("prefect_harness")
def test_the_command_extracts_stored_documents_again_with_the_current_extractor(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = stored_warehouse(data_dir)
    assert main(["reextract"]) == 0
    assert "re-extracted 3 documents with extractor" in capsys.readouterr().err
    with duckdb.connect(str(db), read_only=True) as con:
        versions = {r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM facts").fetchall()}
        pairs = con.execute(
            "SELECT buyer, seller FROM deals WHERE buyer IS NOT NULL ORDER BY 1, 2"
        ).fetchall()
        fetches = con.execute("SELECT count(*) FROM fetch_log").fetchone()
    assert versions == {EXTRACTOR_VERSION}
    assert ("OpenAI", "AMD") in pairs and ("OpenAI", "Oracle") in pairs
    assert fetches == (3,)  # day 1's fetches only: re-extraction fetched nothing
    assert (data_dir / "infradeals.read.duckdb").exists()


def test_the_command_without_a_warehouse_is_a_one_line_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reextract", "--since", "2025-01-01"]) == 1
    err = capsys.readouterr().err.strip()
    assert "no warehouse at" in err and "infradeals run" in err and "\n" not in err


@pytest.mark.usefixtures("prefect_harness")
def test_the_command_waits_for_a_running_writer(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holds the slot; the command must neither read nor load before it lets go, and it loads
    while holding the slot itself."""
    stored_warehouse(data_dir)
    import prefect.concurrency.sync as prefect_concurrency

    real_concurrency, real_lock = prefect_concurrency.concurrency, tasks._lock
    writer_holds, asked_by_command = threading.Event(), threading.Event()
    released = threading.Event()
    command_holds = [0]
    seen: dict[str, Any] = {}

    def lock_spy(handle: Any) -> None:
        if threading.current_thread().name != "other-writer":
            asked_by_command.set()
        real_lock(handle)

    @contextlib.contextmanager
    def spy(*args: Any, **kwargs: Any) -> Iterator[None]:
        mine = threading.current_thread().name != "other-writer"
        with real_concurrency(*args, **kwargs):
            command_holds[0] += mine
            try:
                yield
            finally:
                command_holds[0] -= mine

    monkeypatch.setattr(prefect_concurrency, "concurrency", spy)
    monkeypatch.setattr(tasks, "_lock", lock_spy)

    def other_writer() -> None:
        with tasks.writer_slot():
            writer_holds.set()
            asked_by_command.wait(timeout=120)
            time.sleep(1.0)  # the command is queued on the slot now; it must stay blocked
            released.set()

    import warehouse.load
    import warehouse.state

    real_read, real_load = warehouse.state.documents_for_reextract, warehouse.load.load_batch

    def read(*args: Any, **kwargs: Any) -> Any:
        seen["read_after_release"] = released.is_set()
        return real_read(*args, **kwargs)

    def load(*args: Any, **kwargs: Any) -> Any:
        seen["load_after_release"], seen["load_holds"] = released.is_set(), command_holds[0]
        return real_load(*args, **kwargs)

    monkeypatch.setattr(warehouse.state, "documents_for_reextract", read)
    monkeypatch.setattr(warehouse.load, "load_batch", load)
    holder = threading.Thread(target=other_writer, name="other-writer")
    holder.start()
    assert writer_holds.wait(timeout=120)
    try:
        assert main(["reextract"]) == 0
    finally:
        holder.join(timeout=120)
    assert asked_by_command.is_set() and released.is_set()
    assert seen == {"read_after_release": True, "load_after_release": True, "load_holds": 1}


@pytest.mark.usefixtures("prefect_harness")
def test_reextraction_after_a_rule_change_keeps_every_deal_id(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new text cleaner moves every offset and mention id: the deals table keeps its ids."""
    db = stored_warehouse(data_dir)

    def deals() -> dict[str, tuple[Any, ...]]:
        with duckdb.connect(str(db), read_only=True) as con:
            rows = con.execute("SELECT deal_id, buyer, seller, amount_usd, power_mw FROM deals").fetchall()
        return {r[0]: r[1:] for r in rows}

    assert main(["reextract"]) == 0
    before = deals()
    from core.ids import make_id
    from extractors.nlp import Extractor

    real = Extractor.extract_many

    def shifted(self: Extractor, inputs: Any, **kwargs: Any) -> Any:
        for x in real(self, inputs, **kwargs):
            for m in x.deals:
                m.evidence_start, m.evidence_end = m.evidence_start + 11, m.evidence_end + 11
                m.mention_id = make_id(m.mention_id, "cleaner-v2")
            yield x

    monkeypatch.setattr(Extractor, "extract_many", shifted)
    assert main(["reextract"]) == 0
    after = deals()
    assert len(before) >= 2 and after == before
