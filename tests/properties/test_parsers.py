"""Properties of the document parsers: on any bytes (random, deeply nested, megabytes on one line) they return a
document or raise the project's ParseError, never anything else, and the dates they read are real dates."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import ParseError
from core.records import DiscoveredItem, ParsedDocument
from parsers.feeds import parse_atom, parse_feed, parse_listing, parse_rss, parse_sitemap
from parsers.html import parse_html

SETTINGS = settings(max_examples=200, deadline=None)
# a few examples of megabyte pages: each costs a real parse, and the file must stay well under a minute
BIG = settings(max_examples=12, deadline=None)

TAGS = (
    "html", "head", "body", "title", "meta", "p", "div", "span", "a", "article", "main", "script", "style",
    "nav", "aside", "table", "tr", "td", "li", "ul", "h1", "h2", "pre", "br", "time", "svg", "template",
    "!--", "![CDATA[", "?xml", "!doctype html", "x:y", "",
)  # fmt: skip
ATTRS = (
    "", ' class="sidebar"', ' id="main"', ' role="main"', ' hidden', ' style="display:none"', ' href="/x"',
    ' rel="canonical" href="//"', ' property="article:published_time" content="2025-10-06"',
    ' name="date" content="Mon, 1 Jan 100 0:0:0 GMT"', ' datetime="9999-99-99"', ' charset="bogus"',
    ' http-equiv="content-type" content="text/html; charset=utf-16"', ' type="application/ld+json"',
    ' class="', ' a=\'', ' =', "\x00",
)  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "Theta will invest $10 billion in Iota, the companies said on Oct. 6, 2025.",
            '{"@type": "NewsArticle", "datePublished": "1 JAN 100", "headline": [1, {"a": null}]}',
            "&amp;", "&#0;", "&#x110000;", "&#99999999999;", "&bogus;", "]]>", "-->", "<", ">", "\ufeff", "\r\n",
        ]
    ),
)  # fmt: skip


@st.composite
def markup(draw: st.DrawFn) -> str:
    parts: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.sampled_from(["open", "close", "text"]))
        tag = draw(st.sampled_from(TAGS))
        if kind == "open":
            parts.append(f"<{tag}{draw(st.sampled_from(ATTRS))}>")
        elif kind == "close":
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(TEXTS))
    return "".join(parts)


ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "latin-1", "cp1252", "shift_jis", "utf-32")


@st.composite
def page_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=3000))
    text = draw(markup())
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


content_types = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "text/html", "text/html; charset=utf-8", "text/html; charset=bogus-xyz", "text/html; charset=utf-16",
            "text/html;charset=", "TEXT/HTML; Charset=LATIN-1", "application/xhtml+xml", "text/plain",
            "text/plain; charset=utf-32", "text/plain; charset=x-nonsense",
            "text/plain; charset=idna", "text/html; charset=idna", "text/plain; charset=punycode",
            "text/html; charset=undefined", "text/plain; charset=undefined", "text/html; charset=rot13",
            "text/plain; charset=base64", "text/html; charset=unicode_escape", "application/pdf", "", ";", "image/png",
        ]
    ),
    st.text(max_size=30),
)  # fmt: skip
urls = st.one_of(
    st.none(), st.sampled_from(["http://news.test/a.html", "http://news.test/f.txt", ""]), st.text()
)


def _check_document(data: bytes, url: str | None, content_type: str | None) -> None:
    try:
        doc = parse_html(data, url, content_type)
    except ParseError:
        return
    assert isinstance(doc, ParsedDocument)
    assert isinstance(doc.text, str)
    assert doc.title is None or isinstance(doc.title, str)
    assert doc.published is None or (isinstance(doc.published, date) and 1900 <= doc.published.year <= 2200)


@SETTINGS
@given(page_bytes(), urls, content_types)
def test_html_parser_returns_a_document_or_parse_error(
    data: bytes, url: str | None, ctype: str | None
) -> None:
    _check_document(data, url, ctype)


@SETTINGS
@given(
    st.integers(min_value=1, max_value=5000),
    st.sampled_from(["div", "span", "p", "b", "a", "table", "li", "blockquote", "font", "x"]),
    st.booleans(),
    st.sampled_from(ATTRS),
    TEXTS,
)
def test_deeply_nested_markup(depth: int, tag: str, closed: bool, attr: str, inner: str) -> None:
    html = "<html><body>" + f"<{tag}{attr}>" * depth + inner + (f"</{tag}>" * depth if closed else "")
    _check_document(html.encode("utf-8", errors="replace"), None, "text/html")


@BIG
@given(
    st.integers(min_value=1_000_000, max_value=3_000_000),
    st.sampled_from(["a", "word, ", "<p>", "<", "<a", "<div ", 'x="', "&#", "&amp;", "<!--", "é", "\x00"]),
    st.sampled_from(["", "<html><body><p>", "<p class='", "<script>"]),
    st.sampled_from([None, "text/html", "text/plain"]),
)
def test_megabytes_on_one_line(size: int, unit: str, head: str, ctype: str | None) -> None:
    body = head + unit * (size // len(unit))
    _check_document(body.encode("utf-8"), None, ctype)


FEED_TAGS = (
    "rss", "channel", "item", "link", "guid", "title", "pubDate", "dc:date", "feed", "entry", "published",
    "updated", "urlset", "url", "loc", "lastmod", "sitemapindex", "sitemap",
)  # fmt: skip
FEED_TEXTS = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["http://x.test/a", "/rel", "javascript:x", "Mon, 1 Jan 100 0:0:0 GMT", "2025-10-06", "&x;"]
    ),
)


@st.composite
def feed_bytes(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=2000))
    tags = draw(st.lists(st.sampled_from(FEED_TAGS), min_size=1, max_size=6))
    inner = draw(FEED_TEXTS).replace("<", "&lt;") if draw(st.booleans()) else draw(FEED_TEXTS)
    attr = draw(
        st.sampled_from(
            ["", ' isPermaLink="false"', ' rel="alternate" href="/e"', ' xml:base="::"', ' href=""']
        )
    )
    decl = draw(st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="bogus"?>']))
    xml = (
        decl
        + "".join(f"<{t}{attr}>" for t in tags)
        + inner
        + "".join(f"</{t.split()[0]}>" for t in reversed(tags))
    )
    return xml.encode(draw(st.sampled_from(["utf-8", "utf-16", "latin-1"])), errors="replace")


def _check_items(items: list[DiscoveredItem]) -> None:
    for item in items:
        assert isinstance(item, DiscoveredItem) and isinstance(item.url, str)
        assert item.published is None or 1900 <= item.published.year <= 2200


@SETTINGS
@given(feed_bytes(), st.one_of(st.none(), st.sampled_from(["http://x.test/feed", "not a url", ""])))
def test_feed_parsers_return_items_or_parse_error(data: bytes, base: str | None) -> None:
    for parse in (parse_rss, parse_atom, parse_feed):
        with contextlib.suppress(ParseError):
            _check_items(parse(data, base))
    try:
        items, children = parse_sitemap(data, base)
    except ParseError:
        return
    _check_items(items)
    assert all(isinstance(url, str) for url, _ in children)


@pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")  # random bytes may look like XML
@SETTINGS
@given(
    st.one_of(page_bytes(), markup()),
    st.sampled_from(
        [
            {"item": "li"},
            {"item": "article", "link": "h2 a", "date": "time", "next": "a[rel=next]"},
            {"item": "div.card", "link": "a", "date": ".date", "next": ".next"},
            {"item": "p:nth-child(2n+1)", "date": "span"},
        ]
    ),
)
def test_listing_parser_returns_items_or_parse_error(html: bytes | str, selectors: dict[str, str]) -> None:
    try:
        items, next_url = parse_listing(html, "http://x.test/list", selectors)
    except ParseError:
        return
    _check_items(items)
    assert next_url is None or isinstance(next_url, str)
