"""The bundled sample newsroom through samples/sources.yml: every published source meets its min_items."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawl import discover_source, fetch_items, parse_fetched
from crawl.sources import load_sources
from samples.server import NewsroomServer
from tests.crawl.conftest import DAY1, REPO, SAMPLE_NEWSROOM

SOURCES = load_sources(REPO / "samples" / "sources.yml").sources


def _written(url: str) -> bool:
    host = urlsplit(url).netloc
    return (SAMPLE_NEWSROOM / "snapshots" / DAY1.isoformat() / host).is_dir()


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_sample_source_discovers_fetches_and_parses(source, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not _written(source.url):
        pytest.skip(f"{urlsplit(source.url).netloc} is not in the sample newsroom yet")
    with NewsroomServer(SAMPLE_NEWSROOM, as_of=DAY1) as server:
        items = discover_source(source, proxy_url=server.proxy_url)
        results = fetch_items(
            items, sources=[source], states={}, proxy_url=server.proxy_url, raw_dir=tmp_path
        )
    assert len(items) >= source.min_items
    assert all(i.published is not None for i in items)
    assert [r.outcome for r in results] == ["fetched"] * len(items)
    docs, failures = parse_fetched(results, tmp_path, items)
    assert failures == []
    assert all(d.published == i.published for d, i in zip(docs, items, strict=True))
