"""Crawl test fixtures: a tiny newsroom on disk, served by NewsroomServer or read by a fake getter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawl import Page
from samples.server import CONTENT_TYPES, NewsroomServer

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_NEWSROOM = FIXTURES / "newsroom"
DAY1, DAY2 = date(2026, 6, 1), date(2026, 6, 2)
REPO = Path(__file__).resolve().parents[2]
SAMPLE_NEWSROOM = REPO / "samples" / "newsroom"


def fixture_file(url: str, day: date = DAY1) -> Path:
    parts = urlsplit(url)
    return FIXTURE_NEWSROOM / "snapshots" / day.isoformat() / parts.netloc / parts.path.lstrip("/")


class FileGetter:
    """A fake Getter: URL -> fixture file of day 1 (404 when absent); remembers the URLs asked for."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str) -> Page:
        self.asked.append(url)
        path = fixture_file(url)
        if not path.is_file():
            return Page(url, url, 404, b"not found")
        return Page(url, url, 200, path.read_bytes(), CONTENT_TYPES.get(path.suffix))


@pytest.fixture
def file_getter() -> FileGetter:
    return FileGetter()


@pytest.fixture
def crawl_newsroom_server() -> Iterator[NewsroomServer]:
    """The fixture newsroom as of day 1, on 127.0.0.1."""
    with NewsroomServer(FIXTURE_NEWSROOM, as_of=DAY1) as server:
        yield server
