"""Discovery parsers (pure): RSS 2.0, Atom 1.0, sitemaps and paginated HTML listings -> DiscoveredItem.

Every URL is resolved against the document's own URL. Malformed XML raises ParseError.
"""

from __future__ import annotations

from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from lxml import etree
from soupsieve import SelectorSyntaxError

from core.errors import ParseError
from core.records import DiscoveredItem
from parsers.pubdates import parse_date

_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)


def _root(data: bytes, what: str) -> etree._Element:
    if not data or not data.strip():
        raise ParseError(f"{what}: empty document")
    try:
        return etree.fromstring(data.strip(), parser=_XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"{what}: malformed XML: {exc}") from None


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _text(el: etree._Element, name: str) -> str | None:
    for c in _children(el, name):
        value = " ".join("".join(c.itertext()).split())
        if value:
            return value
    return None


def _abs(base_url: str | None, href: str | None) -> str | None:
    if not href or not href.strip():
        return None
    return urljoin(base_url, href.strip()) if base_url else href.strip()


def parse_rss(data: bytes, base_url: str | None, source: str = "") -> list[DiscoveredItem]:
    """Items of an RSS 2.0 (or 0.9x) feed: link (or a permalink guid), title, pubDate (or dc:date)."""
    root = _root(data, "RSS feed")
    if _local(root) != "rss":
        raise ParseError(f"RSS feed: root element is <{_local(root)}>, expected <rss>")
    items: list[DiscoveredItem] = []
    for channel in _children(root, "channel"):
        for item in _children(channel, "item"):
            link = _text(item, "link")
            guid = _children(item, "guid")
            if link is None and guid and guid[0].get("isPermaLink", "true").lower() != "false":
                link = _text(item, "guid")
            url = _abs(base_url, link)
            if url is None:
                continue
            published = parse_date(_text(item, "pubdate") or _text(item, "date"))
            items.append(
                DiscoveredItem(source=source, url=url, title=_text(item, "title"), published=published)
            )
    return items


def _atom_link(entry: etree._Element) -> str | None:
    links = _children(entry, "link")
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href"))
    return str(links[0].get("href") or "") or None if links else None


def parse_atom(data: bytes, base_url: str | None, source: str = "") -> list[DiscoveredItem]:
    """Entries of an Atom 1.0 feed: the alternate link, title, published (else updated)."""
    root = _root(data, "Atom feed")
    if _local(root) != "feed":
        raise ParseError(f"Atom feed: root element is <{_local(root)}>, expected <feed>")
    base = _abs(base_url, root.get("{http://www.w3.org/XML/1998/namespace}base")) or base_url
    items: list[DiscoveredItem] = []
    for entry in _children(root, "entry"):
        url = _abs(base, _atom_link(entry))
        if url is None:
            continue
        published = parse_date(_text(entry, "published") or _text(entry, "updated"))
        items.append(DiscoveredItem(source=source, url=url, title=_text(entry, "title"), published=published))
    return items


def parse_feed(data: bytes, base_url: str | None, source: str = "") -> list[DiscoveredItem]:
    """RSS or Atom, whichever the root element says."""
    return (
        parse_atom(data, base_url, source)
        if _local(_root(data, "feed")) == "feed"
        else parse_rss(data, base_url, source)
    )


def parse_sitemap(
    data: bytes, base_url: str | None, source: str = ""
) -> tuple[list[DiscoveredItem], list[tuple[str, str | None]]]:
    """A sitemaps.org document: (items of a urlset, [(child sitemap URL, its lastmod)] of a sitemapindex)."""
    root = _root(data, "sitemap")
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        raise ParseError(f"sitemap: root element is <{kind}>, expected <urlset> or <sitemapindex>")
    items: list[DiscoveredItem] = []
    children: list[tuple[str, str | None]] = []
    for entry in _children(root, "url" if kind == "urlset" else "sitemap"):
        url = _abs(base_url, _text(entry, "loc"))
        if url is None:
            continue
        lastmod = _text(entry, "lastmod")
        if kind == "urlset":
            items.append(DiscoveredItem(source=source, url=url, published=parse_date(lastmod)))
        else:
            children.append((url, lastmod))
    return items, children


def _select_one(card: Tag, selector: str | None) -> Tag | None:
    if not selector:
        return None
    return card if card.name and card.css.match(selector) else card.select_one(selector)


def _listing_item(
    card: Tag, base_url: str | None, selectors: dict[str, str], source: str
) -> DiscoveredItem | None:
    found = _select_one(card, selectors.get("link", "a[href]"))
    link = found if found is None or found.name == "a" else found.find("a", href=True)
    if not isinstance(link, Tag) or not link.get("href"):
        return None
    url = _abs(base_url, str(link.get("href")))
    if url is None:
        return None
    title = " ".join(link.get_text(" ").split()) or None
    published = None
    when = _select_one(card, selectors.get("date"))
    if when is not None:
        published = parse_date(str(when.get("datetime") or "")) or parse_date(when.get_text(" "))
    return DiscoveredItem(source=source, url=url, title=title, published=published)


def parse_listing(
    html: bytes | str, base_url: str | None, selectors: dict[str, str], source: str = ""
) -> tuple[list[DiscoveredItem], str | None]:
    """One listing page: its items (selectors item, link, date) and the next page's URL (selector next)."""
    if "item" not in selectors:
        raise ParseError("listing: the selectors need an 'item' entry")
    soup = BeautifulSoup(html, "lxml")
    items: list[DiscoveredItem] = []
    try:
        cards = soup.select(selectors["item"])
        for card in cards:
            item = _listing_item(card, base_url, selectors, source)
            if item is not None:
                items.append(item)
        nxt = soup.select_one(selectors["next"]) if selectors.get("next") else None
    except SelectorSyntaxError as exc:
        raise ParseError(f"listing: bad CSS selector: {exc}".splitlines()[0]) from None
    next_url = _abs(base_url, str(nxt.get("href"))) if nxt is not None and nxt.get("href") else None
    return items, next_url
