"""HTTP plumbing of discovery and fetching: clients (with the proxy mount), politeness, retry policy."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx

DEFAULT_USER_AGENT = "infradeals/0.1 (+https://github.com/infradeals/infradeals)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0


def client_options(user_agent: str, timeout_s: float) -> dict[str, object]:
    """Options common to the sync and async clients (redirects followed, one User-Agent, one timeout)."""
    return {
        "headers": {"User-Agent": user_agent},
        "timeout": httpx.Timeout(timeout_s),
        "follow_redirects": True,
        "max_redirects": 5,
    }


def make_client(proxy_url: str | None, user_agent: str, timeout_s: float) -> httpx.Client:
    """A sync client; with proxy_url every http:// request goes through that proxy (the sample newsroom)."""
    mounts = {"http://": httpx.HTTPTransport(proxy=proxy_url)} if proxy_url else None
    return httpx.Client(mounts=mounts, **client_options(user_agent, timeout_s))  # type: ignore[arg-type]


def make_async_client(
    proxy_url: str | None, user_agent: str, timeout_s: float, max_connections: int = 20
) -> httpx.AsyncClient:
    """An async client; with proxy_url every http:// request goes through that proxy."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    mounts = {"http://": httpx.AsyncHTTPTransport(proxy=proxy_url, limits=limits)} if proxy_url else None
    return httpx.AsyncClient(
        mounts=mounts,
        limits=limits,
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
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
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
