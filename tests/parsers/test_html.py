"""Main text and metadata: the body stays, the boilerplate goes; plain-text filings; the real samples."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from core.errors import ParseError
from parsers.html import parse_html
from tests.crawl.conftest import DAY1, SAMPLE_NEWSROOM, fixture_file

MESSY = "http://blog.test/posts/p1.html"


@pytest.fixture(scope="module")
def messy_text() -> str:
    return parse_html(fixture_file(MESSY).read_bytes(), MESSY, "text/html; charset=utf-8").text


@pytest.mark.parametrize(
    "phrase",
    [
        "Theta will put as much as $4 billion into Iota",
        "The first, of $1.5 billion, closes this quarter",
        "a cluster of about 50,000 accelerators",  # inline link text kept inside its paragraph
        "leave Theta carrying most of the risk",
    ],
)
def test_messy_page_keeps_the_body(messy_text: str, phrase: str) -> None:
    assert phrase in messy_text


@pytest.mark.parametrize(
    "phrase",
    [
        "real figure is closer to $12 billion",  # comments
        "Chi put $2 billion into Psi",
        "$7 billion lease for 300 MW",  # related posts
        "100,000 accelerators worth $3 billion",
        "250,000 readers",  # newsletter box inside the body
        "Sigma Bank finances data centers",  # ad inside the body
        "Rho 9000",  # ad above the article
        "Share this post",  # share widget
        "900 megawatt supply pact",  # sidebar
        "1.2 GW of nuclear power",
        "Subscribe for $5 a month",
        "invented publication used by the infradeals test suite",  # footer
        "About us and our mission",  # nav
        "SCRIPT TEXT MUST NOT APPEAR",
        "STYLE TEXT",
        "Read more: Mu builds a campus",  # a paragraph that is only a link
        "Theta raises its bet on Iota",  # the h1 is the title, not body text
    ],
)
def test_messy_page_drops_the_boilerplate(messy_text: str, phrase: str) -> None:
    assert phrase not in messy_text


def test_messy_page_paragraphs_and_heading_lines(messy_text: str) -> None:
    paragraphs = messy_text.split("\n\n")
    assert paragraphs[2] == "Why the compute matters"  # an h2 of the body stays, on its own line
    assert len(paragraphs) == 5
    assert all("\n" not in p and p == p.strip() for p in paragraphs)


def test_messy_page_metadata() -> None:
    doc = parse_html(fixture_file(MESSY).read_bytes(), MESSY, None)
    assert doc.title == "Theta raises its bet on Iota"  # "» Blog Test" (og:site_name) removed
    assert doc.published == date(2025, 11, 20)  # the byline's <time>, not the sidebar's 2024 one
    assert doc.canonical_url == MESSY


def test_json_ld_graph_headline_and_date() -> None:
    url = "http://ledger.test/news/x.html"
    doc = parse_html(fixture_file(url).read_bytes(), url, "text/html")
    assert doc.title == "Epsilon books a $9 billion cloud contract"
    assert doc.published == date(2025, 11, 3)
    assert doc.canonical_url == url
    assert doc.text.startswith("Epsilon has agreed to buy $9 billion")


def test_relative_canonical_title_suffix_and_dateline() -> None:
    url = "http://wire.test/releases/alpha-beta.html"
    doc = parse_html(fixture_file(url).read_bytes(), url, "text/html")
    assert doc.canonical_url == url  # href="/releases/alpha-beta.html" resolved
    assert doc.title == "Alpha Chips and Beta AI agree on 2 gigawatts"
    assert doc.published == date(2025, 10, 6)  # no meta date: the dateline "Oct. 6, 2025"
    assert "Copyright" not in doc.text and "Wire home" not in doc.text


def test_meta_date_and_relative_canonical_without_base() -> None:
    page = (
        b'<html><head><meta name="date" content="2025-10-13"><link rel="canonical" href="/a.html"></head>'
        b"<body><p>One paragraph that is long enough to be the main text of this page.</p></body></html>"
    )
    doc = parse_html(page, None, "text/html")
    assert doc.published == date(2025, 10, 13)
    assert doc.canonical_url is None  # relative and no page URL to resolve it against
    assert doc.text == "One paragraph that is long enough to be the main text of this page."


def test_plain_text_filing_header_date_and_rejoined_paragraphs() -> None:
    doc = parse_html(fixture_file("http://docs.test/filings/f1.txt").read_bytes(), None, "text/plain")
    assert doc.published == date(2025, 10, 20)  # FILED AS OF DATE, not the agreement date in the text
    assert doc.title == "OMEGA COMPUTE INC - Form 8-K - filed 2025-10-20"
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "ITEM 1.01 ENTRY INTO A MATERIAL DEFINITIVE AGREEMENT."
    assert paragraphs[1].startswith(
        'On October 16, 2025, Omega Compute Inc. (the "Company") entered into a master'
    )
    assert "The multi-year contract has a total value of approximately $2.1 billion" in paragraphs[1]
    assert "ACCESSION NUMBER" not in doc.text and "<TEXT>" not in doc.text


def test_plain_text_without_header_headline_and_dateline() -> None:
    url = "http://docs.test/filings/f2.txt"
    doc = parse_html(fixture_file(url).read_bytes(), url, None)  # no content type: sniffed as text
    assert doc.title == "Tau Systems Expands Its Agreement With Upsilon"
    assert doc.published == date(2025, 3, 10)  # no header: the dateline
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Tau Systems Expands Its Agreement With Upsilon"  # "EXHIBIT 99.1" label dropped
    assert paragraphs[-1] == "Deliveries start in the third quarter."


def test_full_submission_keeps_form_and_exhibit_drops_cover_and_signature() -> None:
    text = "\n".join(
        [
            "<SEC-HEADER>",
            "COMPANY CONFORMED NAME:  RHO POWER CORP",
            "FORM TYPE:  8-K",
            "FILED AS OF DATE:  20250611",
            "</SEC-HEADER>",
            "<DOCUMENT>",
            "<TYPE>8-K",
            "<TEXT>",
            "                         UNITED STATES",
            "",
            "Check the appropriate box below if the filing is meant to satisfy",
            "several obligations:",
            "[ ] Written communications",
            "[ ] Soliciting material",
            "",
            "Item 8.01. Other Events.",
            "",
            "Rho Power agreed to sell 1,920 MW of nuclear power to Sigma",
            "Cloud through 2042.",
            "",
            "Exhibit No.   Description",
            "-----------   ----------------",
            "99.1          Press release",
            "",
            "SIGNATURE",
            "",
            "Date: June 11, 2025            By: /s/ Someone",
            "</TEXT>",
            "</DOCUMENT>",
            "<DOCUMENT>",
            "<TYPE>EX-99.1",
            "<TEXT>",
            "                                                  Exhibit 99.1",
            "",
            "         Rho Power Expands Its Supply Agreement",
            "",
            "Rho Power said the expanded agreement runs for almost two decades.",
            "</TEXT>",
            "</DOCUMENT>",
        ]
    )
    doc = parse_html(text.encode(), None, "text/plain")
    assert doc.title == "RHO POWER CORP - Form 8-K - filed 2025-06-11"
    assert doc.text.split("\n\n") == [
        "Item 8.01. Other Events.",
        "Rho Power agreed to sell 1,920 MW of nuclear power to Sigma Cloud through 2042.",
        "Exhibit No. Description",
        "99.1 Press release",
        "Rho Power Expands Its Supply Agreement",
        "Rho Power said the expanded agreement runs for almost two decades.",
    ]


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"", "text/html", "empty"),
        (b"%PDF-1.7 \x00\x01", None, "binary"),
        (b"<html></html>", "application/pdf", "unsupported content type"),
    ],
)
def test_unparseable_documents(data: bytes, content_type: str | None, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_html(data, None, content_type)


# --- the real sample newsroom (written by other helpers; checked when present) -----------------------------


def _manifest_articles() -> list[dict[str, object]]:
    articles: list[dict[str, object]] = []
    for path in sorted((SAMPLE_NEWSROOM.parent).glob("manifest*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        articles.extend(data.get("articles") or [])
    return articles


def _sample_file(url: str) -> Path:
    host, _, path = url.removeprefix("http://").partition("/")
    return SAMPLE_NEWSROOM / "snapshots" / DAY1.isoformat() / host / path


def test_sample_articles_parse_to_their_manifest_date() -> None:
    articles = [a for a in _manifest_articles() if _sample_file(str(a["url"])).is_file()]
    if not articles:
        pytest.skip("the sample newsroom and its manifest are not written yet")
    wrong = {}
    for a in articles:
        path = _sample_file(str(a["url"]))
        ctype = "text/plain" if path.suffix == ".txt" else "text/html"
        doc = parse_html(path.read_bytes(), str(a["url"]), ctype)
        if doc.published != a["published"] or len(doc.text) < 600 or not doc.title:
            wrong[str(a["url"])] = (doc.published, len(doc.text), doc.title)
    assert not wrong


CHROME = ("comment", "related", "read", "newsletter", "share", "sidebar", "trending", "ad", "widget")


def test_sample_blog_pages_keep_page_chrome_out() -> None:
    """Silicon Sprawl's comments, related posts, ads, newsletter, trending bar carry figures: none get in."""
    from bs4 import BeautifulSoup

    pages = sorted(
        (SAMPLE_NEWSROOM / "snapshots" / DAY1.isoformat() / "siliconsprawl.example").rglob("*/*/*/*.html")
    )
    if not pages:
        pytest.skip("the Silicon Sprawl sample pages are not written yet")
    leaks: dict[str, list[str]] = {}
    for page in pages:
        data = page.read_bytes()
        text = parse_html(data, None, "text/html").text
        soup = BeautifulSoup(data, "lxml")
        chrome = [
            " ".join(el.get_text(" ").split())
            for el in soup.find_all(class_=lambda c: c is not None and any(w in c.split("-") for w in CHROME))
        ]
        found = [c[:60] for c in chrome if len(c) > 30 and c in text]
        if found:
            leaks[page.name] = found
        assert len(text) > 800, page.name
    assert not leaks


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<meta property="og:title" content="Nvidia - OpenAI pact">',
            "Nvidia - OpenAI pact",
        ),  # not guessed at
        (
            '<meta property="og:site_name" content="Ledger">'
            '<meta property="og:title" content="Big deal | Ledger">',
            "Big deal",
        ),
        (
            "<title>Ledger | A much longer headline about a deal</title>",
            "A much longer headline about a deal",
        ),
        ("<title>Alone</title>", "Alone"),
        ("", "The h1 headline"),
    ],
)
def test_title_sources(head: str, expected: str) -> None:
    page = (
        f"<html><head>{head}</head><body><h1>The h1 headline</h1><p>Body text long enough.</p></body></html>"
    )
    assert parse_html(page.encode(), None, "text/html").title == expected


def test_control_characters_in_text_do_not_break_boilerplate_removal() -> None:
    doc = parse_html(
        b"<body><!-- x -->\x1f<p>Theta will put \x0cas much as $4 billion into Iota.</p>", None, None
    )
    assert "$4 billion into Iota" in doc.text


def test_an_unterminated_comment_keeps_the_text_after_it() -> None:
    doc = parse_html(
        b"<!-- <p>Theta will put as much as $4 billion into Iota, they said.</p>", None, "text/html"
    )
    assert "Theta will put as much as $4 billion into Iota" in doc.text


def test_many_unterminated_comments_parse_in_linear_time() -> None:
    # html.parser's repair of this page is quadratic (minutes); the linear repair reads it as text
    doc = parse_html(b"<!--" * 200_000, None, "text/html")
    assert doc.text.startswith("<!--<!--")


@pytest.mark.parametrize("charset", ["x-nonsense", "idna", "rot13", "undefined"])
def test_plain_text_with_an_unusable_charset_is_read_as_utf8(charset: str) -> None:
    doc = parse_html(
        "Theta and Iota sign a deal – $4 billion.".encode(), None, f"text/plain; charset={charset}"
    )
    assert "$4 billion" in doc.text


def test_plain_text_comments_are_stripped_in_one_pass() -> None:
    doc = parse_html(
        b"Theta <!-- a -->and Iota sign<!-- b --> a deal.\n\n" + b"<!--" * 100_000, None, "text/plain"
    )
    assert doc.text.startswith("Theta and Iota sign a deal.")
