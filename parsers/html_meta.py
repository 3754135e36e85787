"""Page metadata (pure): title, published date and canonical URL from meta tags, JSON-LD and the markup."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

from parsers.dom import HtmlElement, ancestors, classes_and_id, elements, squash, text_of
from parsers.pubdates import parse_date

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "report",
}
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—·»]|-{1,2}|::)\s+")
_DATE_METAS = (
    ("property", "article:published_time"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "publication_date"),
    ("name", "dc.date.issued"),
    ("name", "dc.date"),
    ("name", "parsely-pub-date"),
    ("itemprop", "datepublished"),
)
_NOISE_ANCESTORS = {"aside", "footer", "nav"}
_LAYOUT = {"html", "body", "main", "article"}
_NOISE_WORDS = re.compile(r"comment|related|sidebar|recent|popular|more-from", re.IGNORECASE)


__all__ = ["find_canonical", "find_published", "find_title", "json_ld_article", "squash"]


def _meta(root: HtmlElement, attr: str, name: str) -> str | None:
    for tag in elements(root, "meta"):
        if (tag.get(attr) or "").lower() == name and squash(tag.get("content")):
            return squash(tag.get("content"))
    return None


def _flatten(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for x in node:
            yield from _flatten(x)
    elif isinstance(node, dict):
        yield node
        yield from _flatten(node.get("@graph", []))


def json_ld_article(root: HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object typed as an article (else the first with a headline); {} when none."""
    fallback: dict[str, Any] = {}
    for script in elements(root, "script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            data = json.loads("".join(script.itertext()) or "null")
        except (json.JSONDecodeError, TypeError):
            continue
        for obj in _flatten(data):
            types = obj.get("@type", [])
            names = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
            if names & ARTICLE_TYPES:
                return obj
            if not fallback and "headline" in obj:
                fallback = obj
    return fallback


def _site_names(root: HtmlElement, ld: dict[str, Any]) -> set[str]:
    names = {_meta(root, "property", "og:site_name")}
    publisher = ld.get("publisher")
    if isinstance(publisher, dict):
        names.add(squash(str(publisher.get("name", ""))))
    return {n.lower() for n in names if n}


def clean_title(raw: str, site_names: set[str], h1: str | None, guess: bool = True) -> str:
    """A <title> without the site name: drop a known site-name part, else the h1, else the longest part."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(raw) if p.strip()]
    if len(parts) < 2:
        return raw
    kept = [p for p in parts if p.lower() not in site_names]
    if len(kept) < len(parts):
        return " - ".join(kept) if kept else raw
    if not guess:
        return raw
    if h1 and h1 in raw:
        return h1
    return max(parts, key=len)


def _first(root: HtmlElement, tag: str) -> HtmlElement | None:
    return next((el for el in root.iter(tag) if el is not root), None)


def find_title(root: HtmlElement, ld: dict[str, Any]) -> str | None:
    h1_tag = _first(root, "h1")
    h1 = text_of(h1_tag) if h1_tag is not None else None
    sites = _site_names(root, ld)
    og = _meta(root, "property", "og:title")
    if og:
        return clean_title(og, sites, h1, guess=False)  # og:title is the headline; only a site name goes
    headline = squash(str(ld.get("headline") or ""))
    if headline:
        return headline
    title_tag = _first(root, "title")
    raw = text_of(title_tag) if title_tag is not None else ""
    if raw:
        return clean_title(raw, sites, h1)
    return h1 or None


def _in_noise(tag: HtmlElement) -> bool:
    for parent in ancestors(tag):
        if parent.tag in _LAYOUT:  # <body class="has-sidebar"> says nothing about this element
            continue
        if parent.tag in _NOISE_ANCESTORS:
            return True
        if _NOISE_WORDS.search(classes_and_id(parent)):
            return True
    return False


def _time_date(root: HtmlElement) -> date | None:
    times = [t for t in elements(root, "time") if t.get("datetime") and not _in_noise(t)]
    preferred = [
        t
        for t in times
        if (t.get("itemprop") or "").lower() == "datepublished" or t.get("pubdate") is not None
    ]
    for t in preferred + times:
        found = parse_date(str(t.get("datetime")))
        if found:
            return found
    return None


def find_published(root: HtmlElement, ld: dict[str, Any]) -> date | None:
    """JSON-LD datePublished, then meta tags, then a <time datetime> outside comments and sidebars."""
    found = parse_date(str(ld.get("datePublished") or ""))
    if found:
        return found
    for attr, name in _DATE_METAS:
        found = parse_date(_meta(root, attr, name))
        if found:
            return found
    return _time_date(root)


def _absolute(href: str | None, base: str | None) -> str | None:
    href = squash(href)
    if not href:
        return None
    resolved = urljoin(base, href) if base else href
    return resolved if urlsplit(resolved).scheme in ("http", "https") else None


def find_canonical(root: HtmlElement, ld: dict[str, Any], url: str | None) -> str | None:
    """link rel=canonical, og:url, then the JSON-LD url / mainEntityOfPage, resolved against the page URL."""
    base_tag = next((b for b in elements(root, "base") if b.get("href") is not None), None)
    base = urljoin(url, str(base_tag.get("href"))) if url and base_tag is not None else url
    for link in elements(root, "link"):
        if link.get("href") is None:
            continue
        rels = (link.get("rel") or "").lower().split()
        if "canonical" in rels:
            found = _absolute(str(link.get("href")), base)
            if found:
                return found
    page = ld.get("mainEntityOfPage")
    page_url = page.get("@id") or page.get("url") if isinstance(page, dict) else page
    for candidate in (_meta(root, "property", "og:url"), ld.get("url"), page_url):
        found = _absolute(str(candidate) if isinstance(candidate, str) else None, base)
        if found:
            return found
    return None
