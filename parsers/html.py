"""Document parsing (pure): bytes in, ParsedDocument out (title, published date, canonical URL, main text).

Main text is found generically, in the spirit of readability: boilerplate containers are dropped first
(by tag, ARIA role, and class/id words such as comment, related, share, sidebar, ad, newsletter), then
paragraphs vote for their parent and grandparent by length and commas, the votes are discounted by link
density, and the winning block (widened to its parent when the body is split across siblings) is written
out one paragraph per block.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Doctype, NavigableString, ProcessingInstruction

from core.errors import ParseError
from core.records import ParsedDocument
from parsers.html_meta import find_canonical, find_published, find_title, json_ld_article, squash
from parsers.plaintext import parse_plaintext
from parsers.pubdates import find_text_date

DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "footer", "header", "form",
    "button", "input", "select", "textarea", "figure", "object", "embed", "canvas", "dialog", "menu", "link",
)  # fmt: skip
DROP_ROLES = {"navigation", "complementary", "banner", "contentinfo", "search", "dialog", "menu", "menubar"}
NOISE_EXACT = {"ad", "ads", "adslot", "adunit", "advert", "tags", "hidden", "byline", "sponsored", "outbrain"}
NOISE_PREFIXES = (
    "comment", "related", "share", "sharing", "social", "sidebar", "newsletter", "promo", "subscri",
    "signup", "menu", "breadcrumb", "cookie", "popup", "modal", "nav", "footer", "header", "masthead",
    "widget", "advertis", "sponsor", "recommend", "toolbar", "pagination", "pager", "taboola",
)  # fmt: skip
PROTECTED = {"html", "body", "main", "article"}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre",
    "table", "tr", "td", "th", "address", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "center", "details",
    "summary",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
MIN_PARAGRAPH = 25
_CAMEL = re.compile(r"([a-z])([A-Z])")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _words(tag: Tag) -> list[str]:
    marks = " ".join([*map(str, tag.get_attribute_list("class")), str(tag.get("id") or "")])
    return [w for w in re.split(r"[^a-z0-9]+", _CAMEL.sub(r"\1 \2", marks).lower()) if w]


def is_noise(tag: Tag) -> bool:
    """A boilerplate container by its role, hidden state or class/id words (never html/body/main/article)."""
    if tag.name in PROTECTED or tag.get("role") == "main":
        return False
    if str(tag.get("role", "")).lower() in DROP_ROLES or tag.has_attr("hidden"):
        return True
    if str(tag.get("aria-hidden", "")).lower() == "true":
        return True
    if re.search(r"display\s*:\s*none", str(tag.get("style", "")), re.IGNORECASE):
        return True
    return any(w in NOISE_EXACT or w.startswith(NOISE_PREFIXES) for w in _words(tag))


def strip_boilerplate(body: Tag) -> None:
    """Remove scripts, navigation, sidebars, comments, share and newsletter boxes (in place)."""
    for node in body.find_all(string=lambda s: isinstance(s, Comment | Doctype | ProcessingInstruction)):
        node.extract()
    for tag in body.find_all(DROP_TAGS):
        tag.decompose()
    total = len(squash(body.get_text(" "))) or 1
    for tag in body.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        # a wrapper holding most of the page (class="has-sidebar") is layout, not boilerplate
        if is_noise(tag) and len(squash(tag.get_text(" "))) < 0.5 * total:
            tag.decompose()


def link_density(tag: Tag) -> float:
    text = len(squash(tag.get_text(" ")))
    if text == 0:
        return 0.0
    links = sum(len(squash(a.get_text(" "))) for a in tag.find_all("a"))
    return min(1.0, links / text)


def best_block(body: Tag) -> Tag:
    """The element whose paragraphs carry the most text, discounted by link density."""
    scores: dict[int, float] = defaultdict(float)
    nodes: dict[int, Tag] = {}
    for p in body.find_all(["p", "pre"]):
        text = squash(p.get_text(" "))
        if len(text) < MIN_PARAGRAPH:
            continue
        points = 1 + text.count(",") + min(len(text) / 100, 3)
        for parent, share in ((p.parent, 1.0), (p.parent.parent if p.parent else None, 0.5)):
            if isinstance(parent, Tag):
                nodes[id(parent)] = parent
                scores[id(parent)] += points * share
    if not scores:
        return body
    best = max(nodes.values(), key=lambda n: scores[id(n)] * (1 - link_density(n)))
    return _widen(best, body)


def _widen(best: Tag, body: Tag) -> Tag:
    """Climb to the parent while paragraphs outside the block are a real part of the body, not a few lines."""
    while best is not body and isinstance(best.parent, Tag):
        inside = _paragraph_chars(best)
        outside = _paragraph_chars(best.parent) - inside
        if outside < 0.3 * inside or link_density(best.parent) > 0.25:
            break
        best = best.parent
    return best


def _paragraph_chars(tag: Tag) -> int:
    return sum(
        len(t) for p in tag.find_all(["p", "pre"]) if len(t := squash(p.get_text(" "))) >= MIN_PARAGRAPH
    )


class _Blocks:
    """Collects the text of a subtree, one entry per block element, with its link share and heading flag."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, float, bool]] = []
        self._buf: list[str] = []
        self._link_chars = 0

    def flush(self, heading: bool = False) -> None:
        text = squash("".join(self._buf))
        if text:
            self.blocks.append((text, min(1.0, self._link_chars / len(text)), heading))
        self._buf, self._link_chars = [], 0

    def walk(self, node: Tag, in_link: bool = False) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                self._buf.append(str(child))
                if in_link:
                    self._link_chars += len(squash(str(child)))
            elif isinstance(child, Tag):
                if child.name == "br":
                    self._buf.append(" ")
                elif child.name in BLOCK_TAGS:
                    self.flush()
                    self.walk(child, in_link)
                    self.flush(heading=child.name in HEADINGS)
                else:
                    self.walk(child, in_link or child.name == "a")


def main_text(body: Tag, title: str | None) -> str:
    """The article body as paragraphs joined by blank lines; headings stay as their own lines."""
    collector = _Blocks()
    collector.walk(best_block(body))
    collector.flush()
    kept: list[tuple[str, bool]] = []
    for text, links, heading in collector.blocks:
        if links > 0.5 or (heading and title is not None and text == title):
            continue
        kept.append((text, heading))
    while kept and kept[-1][1]:  # a heading with nothing under it ("Related", "Comments")
        kept.pop()
    return "\n\n".join(text for text, _ in kept)


def _kind(data: bytes, url: str | None, content_type: str | None) -> str:
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "text/plain":
        return "text"
    if mime in _HTML_TYPES:
        return "html"
    if mime:
        raise ParseError(f"unsupported content type {mime!r}")
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<p" in head:
        return "html"
    if (url or "").lower().endswith(".txt") or b"<" not in head:
        return "text"
    return "html"


def _charset(content_type: str | None) -> str | None:
    m = re.search(r"charset=([\w.-]+)", content_type or "", re.IGNORECASE)
    return m.group(1) if m else None


def parse_html(data: bytes, url: str | None = None, content_type: str | None = None) -> ParsedDocument:
    """Title, published date, canonical URL and main text of an HTML page (or a text/plain filing)."""
    if not data or not data.strip():
        raise ParseError("empty document")
    if b"\x00" in data[:1024]:
        raise ParseError("binary content, not HTML or text")
    if _kind(data, url, content_type) == "text":
        return parse_plaintext(data, url, _charset(content_type))
    soup = BeautifulSoup(data, "lxml", from_encoding=_charset(content_type))
    ld = json_ld_article(soup)
    title = find_title(soup, ld)
    published = find_published(soup, ld)
    canonical = find_canonical(soup, ld, url)
    body = soup.body or soup
    strip_boilerplate(body)
    text = main_text(body, title)
    if published is None:
        published = find_text_date(" ".join(text.split("\n\n")[:2])[:400])
    return ParsedDocument(title=title, published=published, canonical_url=canonical, text=text)
