"""Re-extraction from stored documents: the current extractor, its version on every fact, nothing fetched."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from core.records import DocumentRecord
from core.settings import Settings
from extractors.nlp import EXTRACTOR_VERSION, Extractor
from flows.reextract import as_input, extract_documents, reextract
from infradeals.cli import main


def _doc(doc_id: str, text: str) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc_id,
        source="wire",
        url=f"http://dcledger.example/{doc_id}.html",
        text=text,
        published=date(2025, 9, 8),
        content_hash="h" + doc_id,
        fetched_at=datetime(2026, 6, 1, tzinfo=UTC),
    )


def test_stored_documents_become_inputs_with_their_ids_and_dates() -> None:
    inp = as_input(_doc("d1", "text"))
    assert (inp.id, inp.published, inp.url) == ("d1", date(2025, 9, 8), "http://dcledger.example/d1.html")


def test_extract_documents_stamps_the_current_version(extractor: Extractor) -> None:
    docs = [
        _doc(
            "a",
            "Nebius will supply Microsoft with GPU capacity under a five-year contract worth $17.4 billion.",
        ),
        _doc("b", "The weather in Amsterdam was mild on Monday."),
    ]
    out = list(extract_documents(docs, extractor))
    assert [o.id for o in out] == ["a", "b"]
    assert out[0].deals[0].amount_usd == 17.4e9 and out[0].deals[0].published == date(2025, 9, 8)
    assert out[0].facts and all(f.extractor_version == EXTRACTOR_VERSION for f in out[0].facts)
    assert not out[1].is_compute_deal


def test_reextract_without_a_warehouse_yields_nothing(tmp_path: Path, extractor: Extractor) -> None:
    settings = Settings(data_dir=tmp_path)
    assert list(reextract(settings, since=date(2025, 1, 1), extractor=extractor)) == []


def test_reextract_command_reports_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INFRADEALS_DATA_DIR", str(tmp_path))
    from core import settings as settings_module

    settings_module.get_settings.cache_clear()
    try:
        assert main(["reextract", "--since", "2025-01-01"]) == 0
    finally:
        settings_module.get_settings.cache_clear()
    assert "re-extracted 0 documents" in capsys.readouterr().err
