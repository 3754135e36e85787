"""The crawlers through a fake SourceContext: kinds, pagination, sitemap recursion, windows, counts."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from core.errors import SourceError
from core.records import SourceConfig
from crawl import Page, SourceContext, crawl_source
from tests.crawl.conftest import FileGetter

LISTING = {"item": "article.post-card", "link": "h2 a", "date": "time[datetime]", "next": "a[rel=next]"}


def source(kind: str, url: str, **kw: object) -> SourceConfig:
    extra = {"selectors": LISTING} if kind == "listing" else {}
    return SourceConfig.model_validate({"name": "t", "kind": kind, "url": url, **extra, **kw})


def crawl(getter: FileGetter, src: SourceConfig, **window: date) -> list[str]:
    items = crawl_source(SourceContext(src, getter), src, **window)
    assert {i.source for i in items} <= {"t"}
    return [i.url.rsplit("/", 1)[1] for i in items]


def test_rss_and_atom(file_getter: FileGetter) -> None:
    assert crawl(file_getter, source("rss", "http://wire.test/rss.xml")) == [
        "gamma-delta.html",
        "alpha-beta.html",
        "guid-only.html",
    ]
    assert crawl(file_getter, source("atom", "http://ledger.test/atom.xml")) == ["x.html", "y.html"]


def test_listing_follows_next_links(file_getter: FileGetter) -> None:
    urls = crawl(file_getter, source("listing", "http://blog.test/blog/index.html"))
    assert urls == ["p1.html", "p2.html", "p3.html", "p4.html", "p5.html"]
    assert file_getter.asked == [
        "http://blog.test/blog/index.html",
        "http://blog.test/blog/page/2.html",
        "http://blog.test/blog/page/3.html",
    ]


def test_listing_stops_at_max_pages(file_getter: FileGetter, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        urls = crawl(file_getter, source("listing", "http://blog.test/blog/index.html", max_pages=2))
    assert urls == ["p1.html", "p2.html", "p3.html", "p4.html"]
    assert len(file_getter.asked) == 2
    assert "max_pages=2" in caplog.text


def test_listing_window_stops_on_a_page_older_than_since(file_getter: FileGetter) -> None:
    src = source("listing", "http://blog.test/blog/index.html", min_items=5)
    urls = crawl(file_getter, src, since=date(2025, 11, 1))
    assert urls == ["p1.html", "p2.html"]
    # page 2 is wholly before the window: page 3 is never asked for, and min_items counts only pages read
    assert len(file_getter.asked) == 2


def test_listing_window_until_keeps_walking_back(file_getter: FileGetter) -> None:
    src = source("listing", "http://blog.test/blog/index.html")
    urls = crawl(file_getter, src, since=date(2025, 9, 1), until=date(2025, 10, 31))
    assert urls == ["p3.html", "p4.html"]
    assert len(file_getter.asked) == 3


def test_feed_window_keeps_undated_items() -> None:
    rss = (
        b"<rss version='2.0'><channel>"
        b"<item><link>http://a.test/old.html</link><pubDate>Mon, 01 Jan 2024 00:00:00 +0000</pubDate></item>"
        b"<item><link>http://a.test/new.html</link><pubDate>Mon, 06 Oct 2025 00:00:00 +0000</pubDate></item>"
        b"<item><link>http://a.test/undated.html</link></item>"
        b"</channel></rss>"
    )
    src = source("rss", "http://a.test/rss.xml")
    ctx = SourceContext(src, lambda url: Page(url, url, 200, rss))
    items = crawl_source(ctx, src, since=date(2025, 1, 1), until=date(2025, 12, 31))
    assert [i.url for i in items] == ["http://a.test/new.html", "http://a.test/undated.html"]


def test_sitemap_index_recursion_and_window(file_getter: FileGetter) -> None:
    src = source("sitemap", "http://docs.test/sitemap.xml")
    assert crawl(file_getter, src) == ["f1.txt", "f2.txt", "missing.txt", "old.txt"]
    assert len(file_getter.asked) == 3
    window_getter = FileGetter()
    assert crawl(window_getter, src, since=date(2025, 6, 1)) == ["f1.txt", "missing.txt"]
    assert "http://docs.test/sitemap-2023.xml" not in window_getter.asked  # lastmod before the window


def test_duplicate_urls_emitted_once() -> None:
    rss = b"<rss><channel>" + b"<item><link>http://a.test/same.html</link></item>" * 3 + b"</channel></rss>"
    src = source("rss", "http://a.test/rss.xml")
    items = crawl_source(SourceContext(src, lambda url: Page(url, url, 200, rss)), src)
    assert [i.url for i in items] == ["http://a.test/same.html"]


def test_collapse_below_min_items_raises(file_getter: FileGetter) -> None:
    with pytest.raises(
        SourceError, match=r"source t: 3 items at http://wire.test/rss.xml, fewer than min_items=10"
    ):
        crawl(file_getter, source("rss", "http://wire.test/rss.xml", min_items=10))


def test_listing_layout_change_raises(file_getter: FileGetter) -> None:
    src = source("listing", "http://blog.test/blog/index.html").model_copy(
        update={"selectors": {**LISTING, "item": "div.card"}}
    )
    with pytest.raises(SourceError, match="0 items"):
        crawl(file_getter, src)


def test_more_than_max_items_warns(file_getter: FileGetter, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        urls = crawl(file_getter, source("rss", "http://wire.test/rss.xml", max_items=2))
    assert len(urls) == 3
    assert "3 items, more than max_items=2" in caplog.text


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://wire.test/no-such-feed.xml", "returned HTTP 404"),
        ("http://blog.test/blog/index.html", "malformed XML"),  # HTML where a feed should be
    ],
)
def test_unreachable_or_malformed_feed_raises(file_getter: FileGetter, url: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        crawl(file_getter, source("rss", url))
