"""HTTP plumbing of discovery and fetching: clients (with the proxy mount), politeness, retry policy."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field

import httpx

from crawl.guard import Allow, BlockedRequest, GuardedAsyncTransport, GuardedTransport

DEFAULT_USER_AGENT = (
    "infradeals/0.1 (+https://github.com/infradeals/infradeals; contact: infradeals@example.org)"
)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0
MAX_REDIRECTS = 5
ALLOWED_TYPES = (
    "text/",
    "application/xhtml+xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
)
"""Content types worth reading (a missing Content-Type is read too: the parser sniffs it)."""


@dataclass(frozen=True)
class FetchLimits:
    """What one GET may cost: the whole response's time and the body's size after decompression."""

    max_body_bytes: int = 10_000_000
    total_timeout_s: float = 60.0


DEFAULT_LIMITS = FetchLimits()


class Refused(Exception):
    """A response refused for what it is (its type or size); recorded, never retried."""


def check_type(content_type: str | None) -> None:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind and not kind.startswith(ALLOWED_TYPES):
        raise Refused(f"content type {kind} is not a page or feed")


def check_declared_size(headers: httpx.Headers, cap: int) -> None:
    declared = headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > cap:
        raise Refused(f"body of {int(declared):,} bytes is over the {cap:,}-byte cap")


def grow(body: bytearray, chunk: bytes, cap: int) -> None:
    body += chunk
    if len(body) > cap:
        raise Refused(f"body is over the {cap:,}-byte cap (after decompression)")


async def read_capped(resp: httpx.Response, cap: int) -> bytes:
    """The decoded body of a streamed response, refused as soon as it grows past `cap` bytes."""
    check_declared_size(resp.headers, cap)
    body = bytearray()
    async for chunk in resp.aiter_bytes():
        grow(body, chunk, cap)
    return bytes(body)


def read_capped_sync(resp: httpx.Response, cap: int, deadline: float) -> bytes:
    """read_capped for a sync response, also cut when time.monotonic() passes `deadline` (a slow drip)."""
    check_declared_size(resp.headers, cap)
    body = bytearray()
    for chunk in resp.iter_bytes():
        grow(body, chunk, cap)
        if time.monotonic() > deadline:
            raise Refused("timed out: the whole response took too long")
    return bytes(body)


def backoff(base_s: float, attempt: int) -> float:
    """Exponential backoff with full jitter: somewhere in [0.5, 1.5) x base x 2^attempt."""
    return float(base_s * 2**attempt * (0.5 + random.random()))


def client_options(user_agent: str, timeout_s: float) -> dict[str, object]:
    """Options common to the sync and async clients (redirects followed, one User-Agent, one timeout)."""
    return {
        "headers": {"User-Agent": user_agent},
        "timeout": httpx.Timeout(timeout_s),
        "follow_redirects": True,
        "max_redirects": MAX_REDIRECTS,
    }


def make_client(
    proxy_url: str | None, user_agent: str, timeout_s: float, allow_hosts: Iterable[str] = ()
) -> httpx.Client:
    """A sync client behind the SSRF guard; with proxy_url every http:// request goes through that proxy (the
    sample newsroom's, an allowed loopback server that answers for its made-up hosts)."""
    mounts = {"http://": httpx.HTTPTransport(proxy=proxy_url)} if proxy_url else None
    return httpx.Client(
        mounts=mounts,
        transport=GuardedTransport(Allow(allow_hosts)),
        **client_options(user_agent, timeout_s),  # type: ignore[arg-type]
    )


def make_async_client(
    proxy_url: str | None,
    user_agent: str,
    timeout_s: float,
    max_connections: int = 20,
    allow_hosts: Iterable[str] = (),
) -> httpx.AsyncClient:
    """An async client behind the SSRF guard; with proxy_url every http:// request goes through that proxy."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    mounts = {"http://": httpx.AsyncHTTPTransport(proxy=proxy_url, limits=limits)} if proxy_url else None
    return httpx.AsyncClient(
        mounts=mounts,
        transport=GuardedAsyncTransport(Allow(allow_hosts), limits=limits),
        **client_options(user_agent, timeout_s),  # type: ignore[arg-type]
    )


def retry_after(response: httpx.Response | None, default: float) -> float:
    """Seconds to wait before the next attempt: the server's Retry-After (seconds, capped) or the default."""
    value = response.headers.get("Retry-After") if response is not None else None
    if value is not None and value.strip().isdigit():
        return min(float(value), MAX_RETRY_AFTER_S)
    return default


def retryable(exc: BaseException) -> bool:
    """Timeouts and connection troubles are worth another try; a malformed URL is not."""
    if isinstance(
        exc, httpx.UnsupportedProtocol | httpx.InvalidURL | BlockedRequest | httpx.TooManyRedirects
    ):
        return False
    return isinstance(exc, httpx.TimeoutException | httpx.TransportError)


def describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class SyncThrottle:
    """At most `rps` request starts per second (for one source's discovery, which runs sequentially)."""

    def __init__(self, rps: float) -> None:
        self.interval = 1.0 / rps
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            delay = max(0.0, self._next - now)
            self._next = max(now, self._next) + self.interval
        if delay:
            time.sleep(delay)


@dataclass
class HostGate:
    """Per-host politeness for async fetching: a start-rate limit and a cap on requests in flight."""

    rps: float
    concurrency: int = 2
    _next: float = 0.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _slots: asyncio.Semaphore | None = None

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.concurrency)
        async with self._slots:
            loop = asyncio.get_running_loop()
            async with self._lock:
                now = loop.time()
                delay = max(0.0, self._next - now)
                self._next = max(now, self._next) + 1.0 / self.rps
            if delay:
                await asyncio.sleep(delay)
            yield
