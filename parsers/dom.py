"""Building and reading an HTML tree with lxml (pure): the fast path the page parsers share.

lxml builds a page's tree in about a millisecond where BeautifulSoup takes fifteen; beautifulsoup4 stays for the
odd page lxml cannot read (its lenient html.parser repairs the markup, which lxml then reads) and for the
character-set guess (its EncodingDetector reads the page's own <meta> charset).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TypeAlias

from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from lxml import etree

# Plain elements: lxml.html's per-element class lookup costs a third of a parse.
HtmlElement: TypeAlias = etree._Element
# libxml2 stops reading a page nested deeper than this (the rest of the page is lost): such a page is read again
# with its structure flattened, keeping paragraphs, headings, links and metadata.
MAX_DEPTH = 2048
_KEPT_TAGS = r"(?:html|head|body|title|meta|link|base|script|style|p|pre|h[1-6]|br|a|li|time|article|main)"
_OTHER_TAG = re.compile(rf"</?(?!{_KEPT_TAGS}\b)[a-zA-Z][^>]*>")

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# Characters libxml2 keeps in a text node but lxml refuses to write back (drop() moves tails): never text.
_OPENER = re.compile(r"<(?=[!?])")
_ANY_TAG = re.compile(r"<")
_END_TAG = re.compile(r"</[a-zA-Z][^<>]*>")
_NOT_XML_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, charset: str | None) -> str:
    """The page as text: a byte-order mark, else the first of UTF-8 (bytes that decode as UTF-8 are UTF-8 in
    all but freak cases, whatever the label), the declared charset (HTTP) and the page's own <meta> charset that
    decodes the bytes without error, else Windows-1252 (what a page mislabelled as UTF-8 nearly always is)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    meta = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    for label in ("utf-8", charset, meta):
        if not label:
            continue
        try:
            return data.decode(label)
        except (LookupError, UnicodeError):  # no such codec, or one that cannot read bytes (idna)
            continue
    return data.decode("cp1252", errors="replace")


def build_tree(data: bytes, charset: str | None = None) -> HtmlElement:
    """The page's root <html> element. Where lxml sees no element (an unterminated comment swallowed the page)
    the tail is read as text; markup lxml still refuses is repaired by beautifulsoup4's html.parser first."""
    markup = _NOT_XML_TEXT.sub(" ", _XML_DECLARATION.sub("", decode(data, charset), count=1))
    root, too_deep = _parse(markup)
    if too_deep:
        root, _ = _parse(_OTHER_TAG.sub(" ", markup))
    if root is None:  # lxml saw no element: an unterminated comment swallowed the page, whose tail is text
        root, _ = _parse(_unterminated_as_text(markup, _OPENER))
    if root is None:  # still no element (stray end tags, which go): the tail is all text
        root, _ = _parse(_unterminated_as_text(_END_TAG.sub(" ", markup), _ANY_TAG))
    if root is None:  # lxml gave up: beautifulsoup4's lenient parser repairs the markup first
        root, _ = _parse(str(BeautifulSoup(markup, "html.parser")))
    if root is None:
        root, _ = _parse("<html><body></body></html>")
    assert root is not None
    return root


def _unterminated_as_text(markup: str, opener: re.Pattern[str]) -> str:
    """The markup with the '<' of every `opener` after its last '-->' escaped: linear, where the html.parser
    repair below is quadratic on an unterminated comment or end tag followed by many more ('<!--' * 20000)."""
    end = markup.rfind("-->")
    start = end + 3 if end >= 0 else 0
    return markup[:start] + opener.sub("&lt;", markup[start:])


def _parse(markup: str) -> tuple[HtmlElement | None, bool]:
    """(root or None, whether libxml2 stopped at its depth limit); a parser per call: they are not thread-safe."""
    parser = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(markup, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    too_deep = any("depth" in e.message.lower() for e in parser.error_log)
    return root, too_deep


def text_of(el: HtmlElement) -> str:
    """Every text node below `el` (its tail excluded), whitespace squashed: BeautifulSoup's get_text(' ')."""
    return squash(" ".join(el.itertext()))


def classes_and_id(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def ancestors(el: HtmlElement) -> Iterator[HtmlElement]:
    parent = el.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def elements(root: HtmlElement, *tags: str) -> list[HtmlElement]:
    """Element descendants of `root` (tags given: only those), in document order, without comments."""
    return [el for el in root.iter(*tags) if isinstance(el.tag, str) and el is not root]


def drop(el: HtmlElement) -> None:
    """Remove `el` and its subtree, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
