"""SourceContext: a source's one door to the world (fetch, log, emit items, make ids). Fakeable in tests."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from core.errors import FetchError, SourceError
from core.ids import make_id
from core.records import DiscoveredItem, SourceConfig
from crawl.http import (
    DEFAULT_LIMITS,
    RETRY_STATUSES,
    FetchLimits,
    Refused,
    SyncThrottle,
    backoff,
    check_type,
    describe,
    make_client,
    read_capped_sync,
    retry_after,
    retryable,
)


@dataclass(frozen=True)
class Page:
    """One response seen by discovery."""

    url: str
    final_url: str
    status: int
    content: bytes
    content_type: str | None = None


AnyLogger = logging.Logger | logging.LoggerAdapter[Any]
Getter = Callable[[str], Page]
"""GET one URL and return the page (any status); raise FetchError when no response arrives."""


class SourceContext:
    """What a crawler may do: fetch a URL, log, emit an item, make an id. Made by the flow, faked in tests."""

    def __init__(self, source: SourceConfig, get: Getter, logger: AnyLogger | None = None) -> None:
        self.source = source
        self._get = get
        self.logger = logger or logging.getLogger(f"crawl.{source.name}")
        self.items: list[DiscoveredItem] = []
        self.requests = 0
        self._urls: set[str] = set()

    def fetch(self, url: str) -> Page:
        """The page at url; a missing response or a non-2xx status raises SourceError."""
        self.requests += 1
        try:
            page = self._get(url)
        except FetchError as exc:
            raise SourceError(f"source {self.source.name}: GET {url} failed: {exc}") from None
        if not 200 <= page.status < 300:
            raise SourceError(f"source {self.source.name}: GET {url} returned HTTP {page.status}")
        return page

    def log(self, level: int, message: str, *args: object) -> None:
        self.logger.log(level, f"[{self.source.name}] {message}", *args)

    def emit(self, item: DiscoveredItem) -> bool:
        """Keep an item (once per URL); False when the URL was already emitted."""
        if item.url in self._urls:
            return False
        self._urls.add(item.url)
        if item.source != self.source.name:
            item = item.model_copy(update={"source": self.source.name})
        self.items.append(item)
        return True

    def make_id(self, *parts: object) -> str:
        return make_id(self.source.name, *parts)


class HttpGetter:
    """The real Getter: a sync httpx client, the source's rps, bounded retries on 5xx / 429 / timeouts, and the
    fetch limits (a body over the cap or a response slower than the total timeout is a FetchError)."""

    def __init__(
        self,
        client: httpx.Client,
        rps: float,
        max_retries: int = 2,
        backoff_s: float = 0.5,
        limits: FetchLimits = DEFAULT_LIMITS,
    ) -> None:
        self.client = client
        self.throttle = SyncThrottle(rps)
        self.max_retries = max_retries
        self.backoff_s = backoff_s
        self.limits = limits

    def __call__(self, url: str) -> Page:
        for attempt in range(self.max_retries + 1):
            delay = backoff(self.backoff_s, attempt)
            self.throttle.wait()
            try:
                resp, body = self._get(url)
            except Refused as exc:
                raise FetchError(f"refused: {exc}") from None
            except httpx.HTTPError as exc:
                if attempt < self.max_retries and retryable(exc):
                    time.sleep(delay)
                    continue
                raise FetchError(describe(exc)) from None
            if resp.status_code in RETRY_STATUSES and attempt < self.max_retries:
                time.sleep(retry_after(resp, delay))
                continue
            return Page(url, str(resp.url), resp.status_code, body, resp.headers.get("Content-Type"))
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, url: str) -> tuple[httpx.Response, bytes]:
        deadline = time.monotonic() + self.limits.total_timeout_s
        with self.client.stream("GET", url) as resp:
            if not 200 <= resp.status_code < 300:
                return resp, b""
            check_type(resp.headers.get("Content-Type"))
            body = read_capped_sync(resp, self.limits.max_body_bytes, deadline)
        return resp, body


def http_context(
    source: SourceConfig,
    *,
    proxy_url: str | None,
    user_agent: str,
    timeout_s: float,
    logger: AnyLogger | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
) -> tuple[SourceContext, httpx.Client]:
    """A SourceContext over real HTTP (behind the SSRF guard); the caller closes the returned client."""
    client = make_client(proxy_url, user_agent, timeout_s, source.allow_hosts)
    return SourceContext(source, HttpGetter(client, source.rps, limits=limits), logger), client
