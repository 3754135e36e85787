"""The generic crawlers: one per source kind (rss, atom, sitemap, listing), window filtering, counts."""

from __future__ import annotations

import gzip
import logging
from dataclasses import dataclass
from datetime import date

from core.errors import ParseError, SourceError
from core.records import DiscoveredItem, SourceConfig
from crawl.context import AnyLogger, Page, SourceContext, http_context
from crawl.http import DEFAULT_LIMITS, DEFAULT_USER_AGENT, FetchLimits
from parsers.feeds import parse_feed, parse_listing, parse_sitemap
from parsers.pubdates import parse_date

SITEMAP_MAX_DEPTH = 3


@dataclass(frozen=True)
class Window:
    """Published days to keep (inclusive); undated items are always kept (they cannot be placed)."""

    since: date | None = None
    until: date | None = None

    def contains(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def before(self, day: date | None) -> bool:
        return day is not None and self.since is not None and day < self.since


class _Walk:
    """Counts every item a source shows (the source's health) and emits those inside the window."""

    def __init__(self, ctx: SourceContext, window: Window) -> None:
        self.ctx, self.window, self.seen = ctx, window, 0
        self.cut_short = False  # a listing walk stopped at the window's start, before the last page

    def offer(self, items: list[DiscoveredItem]) -> None:
        for item in items:
            self.seen += 1
            if self.window.contains(item.published):
                self.ctx.emit(item)

    def parse_error(self, url: str, exc: ParseError) -> SourceError:
        return SourceError(f"source {self.ctx.source.name}: {url}: {exc}")


def _body(page: Page) -> bytes:
    """The page bytes, gunzipped when the server sent a .gz file (sitemap.xml.gz)."""
    if page.content[:2] != b"\x1f\x8b":
        return page.content
    try:
        return gzip.decompress(page.content)
    except (OSError, EOFError) as exc:
        raise ParseError(f"corrupt gzip: {exc}") from None


def _crawl_feed(walk: _Walk, source: SourceConfig) -> None:
    page = walk.ctx.fetch(source.url)
    try:
        walk.offer(parse_feed(_body(page), page.final_url, source.name))
    except ParseError as exc:
        raise walk.parse_error(source.url, exc) from None


def _crawl_sitemap(walk: _Walk, source: SourceConfig) -> None:
    queue: list[tuple[str, int]] = [(source.url, 0)]
    visited: set[str] = set()
    while queue and len(visited) < source.max_pages:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        try:
            page = walk.ctx.fetch(url)
            items, children = parse_sitemap(_body(page), page.final_url, source.name)
        except (SourceError, ParseError) as exc:
            error = walk.parse_error(url, exc) if isinstance(exc, ParseError) else exc
            if depth == 0:
                raise error from None
            walk.ctx.log(logging.WARNING, "child sitemap skipped: %s", error)
            continue
        walk.offer(items)
        for child, lastmod in children:
            if depth + 1 > SITEMAP_MAX_DEPTH:
                walk.ctx.log(
                    logging.WARNING, "sitemap nesting deeper than %d at %s", SITEMAP_MAX_DEPTH, child
                )
            elif not walk.window.before(parse_date(lastmod)):  # unchanged since before the window: skip
                queue.append((child, depth + 1))
    if queue:
        walk.ctx.log(
            logging.WARNING, "stopped after max_pages=%d sitemaps; %d left", source.max_pages, len(queue)
        )


def _crawl_listing(walk: _Walk, source: SourceConfig) -> None:
    url: str | None = source.url
    visited: set[str] = set()
    while url is not None and url not in visited:
        if len(visited) >= source.max_pages:
            walk.ctx.log(logging.WARNING, "stopped after max_pages=%d listing pages", source.max_pages)
            return
        visited.add(url)
        page = walk.ctx.fetch(url)
        try:
            items, url = parse_listing(_body(page), page.final_url, source.selectors, source.name)
        except ParseError as exc:
            raise walk.parse_error(page.url, exc) from None
        walk.offer(items)
        if items and all(walk.window.before(i.published) for i in items):
            walk.ctx.log(logging.INFO, "page %s is older than %s: stop", page.url, walk.window.since)
            walk.cut_short = url is not None
            return


def crawl_source(
    ctx: SourceContext, source: SourceConfig, *, since: date | None = None, until: date | None = None
) -> list[DiscoveredItem]:
    """The source's items published within [since, until] (undated ones kept), each URL once.

    Raises SourceError when the source is unreachable, malformed, or shows fewer items than min_items
    (counted before window filtering; a listing walk stopped early by `since` only needs items on the pages it
    read); more than max_items only warns.
    """
    walk = _Walk(ctx, Window(since, until))
    if source.kind in ("rss", "atom"):
        _crawl_feed(walk, source)
    elif source.kind == "sitemap":
        _crawl_sitemap(walk, source)
    else:
        _crawl_listing(walk, source)
    if walk.seen < source.min_items and not (walk.cut_short and walk.seen > 0):
        raise SourceError(
            f"source {source.name}: {walk.seen} items at {source.url}, "
            f"fewer than min_items={source.min_items}; "
            "the feed or its page layout may have changed"
        )
    if source.max_items is not None and walk.seen > source.max_items:
        ctx.log(logging.WARNING, "%d items, more than max_items=%d", walk.seen, source.max_items)
    ctx.log(logging.INFO, "%d items seen, %d kept, %d requests", walk.seen, len(ctx.items), ctx.requests)
    return list(ctx.items)


def discover_source(
    source: SourceConfig,
    *,
    proxy_url: str | None = None,
    since: date | None = None,
    until: date | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout_s: float = 20.0,
    logger: AnyLogger | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
) -> list[DiscoveredItem]:
    """crawl_source over real HTTP (through proxy_url for http:// URLs when given)."""
    ctx, client = http_context(
        source, proxy_url=proxy_url, user_agent=user_agent, timeout_s=timeout_s, logger=logger, limits=limits
    )
    with client:
        return crawl_source(ctx, source, since=since, until=until)
