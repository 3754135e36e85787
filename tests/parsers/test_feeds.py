"""Discovery parsers on small fixtures: RSS, Atom, sitemaps, listings, dates, malformed XML."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from core.errors import ParseError
from parsers.feeds import parse_atom, parse_feed, parse_listing, parse_rss, parse_sitemap
from parsers.pubdates import find_text_date, parse_date
from tests.crawl.conftest import fixture_file

SELECTORS = {"item": "article.post-card", "link": "h2 a", "date": "time[datetime]", "next": "a[rel=next]"}


def test_rss_items_links_and_dates() -> None:
    url = "http://wire.test/rss.xml"
    items = parse_rss(fixture_file(url).read_bytes(), url, "wire")
    assert [(i.url, i.published) for i in items] == [
        ("http://wire.test/releases/gamma-delta.html", date(2025, 10, 13)),  # the date as written (-0400)
        ("http://wire.test/releases/alpha-beta.html", date(2025, 10, 6)),  # relative link resolved
        ("http://wire.test/releases/guid-only.html", date(2025, 9, 22)),  # permalink guid, dc:date
    ]
    assert items[1].title == "Alpha Chips and Beta AI agree on 2 gigawatts"
    assert {i.source for i in items} == {"wire"}


def test_atom_alternate_link_xml_base_and_updated_fallback() -> None:
    url = "http://ledger.test/atom.xml"
    items = parse_atom(fixture_file(url).read_bytes(), url, "ledger")
    assert [(i.url, i.published, i.title) for i in items] == [
        ("http://ledger.test/news/x.html", date(2025, 11, 3), "Epsilon books a cloud contract"),
        ("http://ledger.test/news/y.html", date(2025, 10, 23), "Only an updated date"),
    ]


def test_parse_feed_detects_the_kind() -> None:
    atom = fixture_file("http://ledger.test/atom.xml").read_bytes()
    rss = fixture_file("http://wire.test/rss.xml").read_bytes()
    assert len(parse_feed(atom, "http://ledger.test/atom.xml")) == 2
    assert len(parse_feed(rss, "http://wire.test/rss.xml")) == 3
    with pytest.raises(ParseError, match="expected <rss>"):
        parse_rss(atom, None)


def test_sitemap_index_and_urlset() -> None:
    index = fixture_file("http://docs.test/sitemap.xml").read_bytes()
    items, children = parse_sitemap(index, "http://docs.test/sitemap.xml")
    assert items == []
    assert children == [
        ("http://docs.test/sitemap-2025.xml", "2025-10-20"),
        ("http://docs.test/sitemap-2023.xml", "2023-12-31"),
    ]
    urlset = fixture_file("http://docs.test/sitemap-2025.xml").read_bytes()
    items, children = parse_sitemap(urlset, "http://docs.test/sitemap-2025.xml", "docs")
    assert children == []
    assert [(i.url.rsplit("/", 1)[1], i.published) for i in items] == [
        ("f1.txt", date(2025, 10, 20)),
        ("f2.txt", date(2025, 3, 10)),
        ("missing.txt", date(2025, 6, 1)),
    ]


@pytest.mark.parametrize("parser", [parse_rss, parse_atom, lambda d, u: parse_sitemap(d, u)])
@pytest.mark.parametrize("data", [b"<rss><channel><item></channel></rss>", b"not xml at all", b"", b"  \n"])
def test_malformed_xml_raises_parse_error(parser: Callable[[bytes, str], object], data: bytes) -> None:
    with pytest.raises(ParseError):
        parser(data, "http://x.test/feed.xml")


def test_listing_items_and_next_link() -> None:
    url = "http://blog.test/blog/index.html"
    items, next_url = parse_listing(fixture_file(url).read_bytes(), url, SELECTORS, "blog")
    assert [(i.url, i.title, i.published) for i in items] == [
        ("http://blog.test/posts/p1.html", "Theta raises its bet on Iota", date(2025, 11, 20)),
        ("http://blog.test/posts/p2.html", "Kappa and Lambda sign a lease", date(2025, 11, 2)),
    ]
    assert next_url == "http://blog.test/blog/page/2.html"
    last = "http://blog.test/blog/page/3.html"
    items, next_url = parse_listing(fixture_file(last).read_bytes(), last, SELECTORS)
    assert len(items) == 1 and next_url is None


def test_listing_bad_selector_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="bad CSS selector"):
        parse_listing(b"<html></html>", None, {"item": "article[[["})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-10-06T14:20:00Z", date(2025, 10, 6)),
        ("2025-10-06T23:30:00-07:00", date(2025, 10, 6)),
        ("20251006", date(2025, 10, 6)),
        ("Mon, 06 Oct 2025 09:00:00 -0400", date(2025, 10, 6)),
        ("Sept. 22, 2025", date(2025, 9, 22)),
        ("6 October 2025", date(2025, 10, 6)),
        ("next Tuesday", None),
        ("2025-02-30", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_dateline_date_in_running_text() -> None:
    line = "SANTA CLARA, Calif. and SAN FRANCISCO, Oct. 6, 2025 /Wire/ -- The companies today announced"
    assert find_text_date(line) == date(2025, 10, 6)
    assert find_text_date("No date in this sentence, 2025 or otherwise.") is None


@pytest.mark.parametrize(
    "text", ["1 JAN 100 0:0", "Mon, 01 Jan 0100 00:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 GMT"]
)
def test_rfc822_dates_outside_the_years_of_the_press_are_none(text: str) -> None:
    assert parse_date(text) is None
