"""Re-extraction: run the current extractor over documents already in the warehouse, fetching nothing."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from core.records import DocumentExtraction, DocumentRecord, ExtractInput
from core.settings import Settings
from extractors.nlp import Extractor


def as_input(doc: DocumentRecord) -> ExtractInput:
    return ExtractInput(
        id=doc.doc_id, text=doc.text, published=doc.published, url=doc.canonical_url or doc.url
    )


def extract_documents(
    docs: Iterable[DocumentRecord], extractor: Extractor, batch_size: int = 32
) -> Iterator[DocumentExtraction]:
    """Streams DocumentExtraction records, each fact stamped with the extractor's current version."""
    yield from extractor.extract_many((as_input(d) for d in docs), batch_size=batch_size)


def reextract(
    settings: Settings, since: date | None = None, extractor: Extractor | None = None
) -> Iterator[DocumentExtraction]:
    """The current version of every stored document (published on or after `since`), extracted again."""
    from warehouse.state import documents_for_reextract

    docs = documents_for_reextract(settings.warehouse_path, since)
    yield from extract_documents(docs, extractor or Extractor(settings.spacy_model))
