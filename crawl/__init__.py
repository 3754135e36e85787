"""Discover -> fetch -> parse: the crawl stages the flow calls (each a plain, tested function)."""

from crawl.context import HttpGetter, Page, SourceContext, http_context
from crawl.discover import Window, crawl_source, discover_source
from crawl.fetch import fetch_all, fetch_items, run_sync
from crawl.parse import parse_fetched

__all__ = [
    "HttpGetter",
    "Page",
    "SourceContext",
    "Window",
    "crawl_source",
    "discover_source",
    "fetch_all",
    "fetch_items",
    "http_context",
    "parse_fetched",
    "run_sync",
]
