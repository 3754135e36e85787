"""Document parsing (pure): bytes in, ParsedDocument out (title, published date, canonical URL, main text).

Main text is found generically, in the spirit of readability: boilerplate containers are dropped first
(by tag, ARIA role, and class/id words such as comment, related, share, sidebar, ad, newsletter), then
paragraphs vote for their parent and grandparent by length and commas, the votes are discounted by link
density, and the winning block (widened to its parent when the body is split across siblings) is written
out one paragraph per block. The tree is lxml's (parsers.dom); every step is linear in the page's size.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from core.errors import ParseError
from core.records import ParsedDocument
from parsers.dom import HtmlElement, build_tree, classes_and_id, drop, elements, squash, text_of
from parsers.html_meta import find_canonical, find_published, find_title, json_ld_article
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


def _words(tag: HtmlElement) -> list[str]:
    marks = classes_and_id(tag)
    return [w for w in re.split(r"[^a-z0-9]+", _CAMEL.sub(r"\1 \2", marks).lower()) if w]


def is_noise(tag: HtmlElement) -> bool:
    """A boilerplate container by its role, hidden state or class/id words (never html/body/main/article)."""
    if not tag.attrib or tag.tag in PROTECTED or tag.get("role") == "main":
        return False
    if (tag.get("role") or "").lower() in DROP_ROLES or tag.get("hidden") is not None:
        return True
    if (tag.get("aria-hidden") or "").lower() == "true":
        return True
    if re.search(r"display\s*:\s*none", tag.get("style") or "", re.IGNORECASE):
        return True
    return any(w in NOISE_EXACT or w.startswith(NOISE_PREFIXES) for w in _words(tag))


def strip_boilerplate(body: HtmlElement) -> None:
    """Remove scripts, navigation, sidebars, comments, share and newsletter boxes (in place).

    One pass in document order that does not descend into what it removed, so deep nesting stays linear."""
    for node in list(body.iter(etree.Comment, etree.ProcessingInstruction)):
        drop(node)
    for tag in elements(body, *DROP_TAGS):
        drop(tag)
    total = len(text_of(body)) or 1
    stack = list(reversed(body))
    while stack:
        tag = stack.pop()
        if not isinstance(tag.tag, str):
            continue
        # a wrapper holding most of the page (class="has-sidebar") is layout, not boilerplate
        if is_noise(tag) and len(text_of(tag)) < 0.5 * total:
            drop(tag)
            continue
        stack.extend(reversed(tag))


def link_density(tag: HtmlElement) -> float:
    text = len(text_of(tag))
    if text == 0:
        return 0.0
    links = sum(len(text_of(a)) for a in elements(tag, "a"))
    return min(1.0, links / text)


def best_block(body: HtmlElement) -> HtmlElement:
    """The element whose paragraphs carry the most text, discounted by link density."""
    scores: dict[int, float] = defaultdict(float)
    nodes: dict[int, HtmlElement] = {}
    for p in elements(body, "p", "pre"):
        text = text_of(p)
        if len(text) < MIN_PARAGRAPH:
            continue
        points = 1 + text.count(",") + min(len(text) / 100, 3)
        parent = p.getparent()
        grand = parent.getparent() if parent is not None else None
        for node, share in ((parent, 1.0), (grand, 0.5)):
            if node is not None:
                nodes[id(node)] = node
                scores[id(node)] += points * share
    if not scores:
        return body
    best = max(nodes.values(), key=lambda n: scores[id(n)] * (1 - link_density(n)))
    return _widen(best, body)


def _widen(best: HtmlElement, body: HtmlElement) -> HtmlElement:
    """Climb to the parent while paragraphs outside the block are a real part of the body, not a few lines."""
    while best is not body and best.getparent() is not None:
        parent = best.getparent()
        inside = _paragraph_chars(best)
        outside = _paragraph_chars(parent) - inside
        if outside < 0.3 * inside or link_density(parent) > 0.25:
            break
        best = parent
    return best


def _paragraph_chars(tag: HtmlElement) -> int:
    return sum(len(t) for p in elements(tag, "p", "pre") if len(t := text_of(p)) >= MIN_PARAGRAPH)


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

    def _text(self, text: str | None, in_link: bool) -> None:
        if text:
            self._buf.append(text)
            if in_link:
                self._link_chars += len(squash(text))

    def walk(self, root: HtmlElement) -> None:
        """Depth-first over `root`'s children with an explicit stack (no recursion limit on deep pages)."""
        self._text(root.text, False)
        stack: list[tuple[str, HtmlElement, bool]] = [("open", c, False) for c in reversed(root)]
        while stack:
            step, node, in_link = stack.pop()
            if step == "close":
                if node.tag in BLOCK_TAGS:
                    self.flush(heading=node.tag in HEADINGS)
                self._text(node.tail, in_link)
                continue
            if not isinstance(node.tag, str):
                self._text(node.tail, in_link)
                continue
            if node.tag == "br":
                self._buf.append(" ")
                self._text(node.tail, in_link)
                continue
            if node.tag in BLOCK_TAGS:
                self.flush()
            inner = in_link or node.tag == "a"
            self._text(node.text, inner)
            stack.append(("close", node, in_link))
            stack.extend(("open", c, inner) for c in reversed(node))


def main_text(body: HtmlElement, title: str | None) -> str:
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
    root = build_tree(data, _charset(content_type))
    ld = json_ld_article(root)
    title = find_title(root, ld)
    published = find_published(root, ld)
    canonical = find_canonical(root, ld, url)
    body = root.find("body")
    if body is None:
        body = root
    strip_boilerplate(body)
    text = main_text(body, title)
    if published is None:
        published = find_text_date(" ".join(text.split("\n\n")[:2])[:400])
    return ParsedDocument(title=title, published=published, canonical_url=canonical, text=text)
