"""The flow's parse stage: fetched raw bytes -> DocumentRecord; a recorded failure for each that fails."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from core.errors import ParseError
from core.ids import make_id
from core.records import DiscoveredItem, DocumentRecord, FetchResult, ParsedDocument
from crawl.rawstore import RawStore
from parsers.html import parse_html


def _failure(stage: str, r: FetchResult, reason: str) -> dict[str, str]:
    return {"stage": stage, "source": r.source, "url": r.url, "reason": " ".join(reason.split())[:500]}


def to_document(
    r: FetchResult, parsed: ParsedDocument, fallback_published: date | None = None
) -> DocumentRecord:
    """doc_id = make_id(source, canonical URL or URL): stable across versions of the same story."""
    assert r.content_hash is not None
    return DocumentRecord(
        doc_id=make_id(r.source, parsed.canonical_url or r.url),
        source=r.source,
        url=r.url,
        canonical_url=parsed.canonical_url,
        title=parsed.title,
        published=parsed.published or fallback_published,
        content_hash=r.content_hash,
        content_type=r.content_type,
        text=parsed.text,
        fetched_at=r.fetched_at,
    )


def parse_result(r: FetchResult, store: RawStore) -> ParsedDocument:
    """Parse one fetched result (its content, else its bytes from the raw store). Raises ParseError."""
    if r.content is not None:
        data = r.content
    elif r.content_hash is not None:
        try:
            data = store.get(r.content_hash)
        except (FileNotFoundError, ValueError) as exc:
            raise ParseError(str(exc)) from None
    else:
        raise ParseError("no content and no content hash")
    parsed = parse_html(data, r.final_url, r.content_type)
    if not parsed.text.strip():
        raise ParseError("no main text found")
    return parsed


def parse_fetched(
    results: list[FetchResult], raw_dir: Path, discovered: Iterable[DiscoveredItem] = ()
) -> tuple[list[DocumentRecord], list[dict[str, str]]]:
    """Documents for 'fetched' results; failures {stage, source, url, reason} for failed fetches and parses.

    `discovered` (optional) lends a feed's date to a page that states none.
    """
    store = RawStore(raw_dir)
    feed_dates = {i.url: i.published for i in discovered if i.published is not None}
    documents: list[DocumentRecord] = []
    failures: list[dict[str, str]] = []
    for r in results:
        if r.outcome == "failed":
            failures.append(_failure("fetch", r, r.error or f"HTTP {r.status}"))
        if r.outcome != "fetched":
            continue
        try:
            parsed = parse_result(r, store)
        except ParseError as exc:
            failures.append(_failure("parse", r, str(exc)))
            continue
        except Exception as exc:  # a parser bug on one page must not lose the run
            failures.append(_failure("parse", r, f"{type(exc).__name__}: {exc}"))
            continue
        documents.append(to_document(r, parsed, feed_dates.get(r.url)))
    return documents, failures
