"""The fetcher: polite async GETs with conditional requests, bounded retries, and one FetchResult per item."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time
from collections.abc import Coroutine, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from core.records import DiscoveredItem, FetchResult, FetchState, SourceConfig
from crawl.guard import BlockedRequest
from crawl.http import (
    DEFAULT_LIMITS,
    DEFAULT_USER_AGENT,
    RETRY_STATUSES,
    FetchLimits,
    HostGate,
    Refused,
    backoff,
    check_type,
    describe,
    make_async_client,
    read_capped,
    retry_after,
    retryable,
)
from crawl.rawstore import RawStore, content_hash
from crawl.robots import RobotsCache

DEFAULT_RPS = 2.0
log = logging.getLogger("crawl.fetch")
T = TypeVar("T")


def conditional_headers(state: FetchState | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from what the warehouse remembers of the URL."""
    headers: dict[str, str] = {}
    if state is not None and state.etag:
        headers["If-None-Match"] = state.etag
    if state is not None and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def host_rates(items: Iterable[DiscoveredItem], sources: Mapping[str, SourceConfig]) -> dict[str, float]:
    """Requests per second allowed per host: the strictest rps of the sources that point at it."""
    rates: dict[str, float] = {}
    for item in items:
        host = urlsplit(item.url).netloc.lower()
        rps = sources[item.source].rps if item.source in sources else DEFAULT_RPS
        rates[host] = min(rates.get(host, rps), rps)
    return rates


def to_result(
    item: DiscoveredItem, resp: httpx.Response, body: bytes, state: FetchState | None, started: float
) -> FetchResult:
    """A response as a FetchResult: 304 or an identical body -> unchanged; 2xx -> fetched; else failed."""
    base: dict[str, Any] = {
        "source": item.source,
        "url": item.url,
        "final_url": str(resp.url),
        "status": resp.status_code,
        "content_type": resp.headers.get("Content-Type"),
        "etag": resp.headers.get("ETag") or (state.etag if state else None),
        "last_modified": resp.headers.get("Last-Modified") or (state.last_modified if state else None),
        "fetched_at": datetime.now(UTC),
        "elapsed_ms": round((time.perf_counter() - started) * 1000, 1),
    }
    if resp.status_code == 304:
        return FetchResult(outcome="unchanged", content_hash=state.content_hash if state else None, **base)
    if not 200 <= resp.status_code < 300:
        return FetchResult(
            outcome="failed", error=f"HTTP {resp.status_code} {resp.reason_phrase}".strip(), **base
        )
    digest = content_hash(body)
    if state is not None and state.content_hash == digest:
        return FetchResult(outcome="unchanged", content_hash=digest, **base)
    return FetchResult(outcome="fetched", content=body, content_hash=digest, **base)


def failure(item: DiscoveredItem, reason: str, started: float) -> FetchResult:
    return FetchResult(
        source=item.source,
        url=item.url,
        final_url=item.url,
        outcome="failed",
        status=0,
        error=reason,
        fetched_at=datetime.now(UTC),
        elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
    )


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], cap: int
) -> tuple[httpx.Response, bytes]:
    """One streamed GET: a 2xx body of an allowed type is read up to `cap` bytes; other bodies are not read."""
    async with client.stream("GET", url, headers=headers) as resp:
        body = b""
        if 200 <= resp.status_code < 300:
            check_type(resp.headers.get("Content-Type"))
            body = await read_capped(resp, cap)
        return resp, body


async def fetch_one(
    client: httpx.AsyncClient,
    gate: HostGate,
    item: DiscoveredItem,
    state: FetchState | None,
    *,
    max_retries: int = 2,
    backoff_s: float = 0.5,
    limits: FetchLimits = DEFAULT_LIMITS,
    robots: RobotsCache | None = None,
) -> FetchResult:
    """GET one item politely; retries 5xx / 429 / timeouts up to max_retries times; never raises."""
    started = time.perf_counter()
    headers = conditional_headers(state)
    scheme = urlsplit(item.url).scheme.lower()
    if scheme not in ("http", "https"):
        return failure(item, f"refused: scheme {scheme or '(none)'!r} is not http(s)", started)
    if robots is not None:
        try:
            allowed = await robots.allowed(client, item.url)
        except Exception as exc:  # a URL robots cannot even place fails below, with its reason
            allowed = not isinstance(exc, BlockedRequest)
        if not allowed:
            log.info("skipped %s: robots.txt disallows it for %s", item.url, robots.agent)
            return failure(item, f"robots.txt disallows it for {robots.agent}", started)
    for attempt in range(max_retries + 1):
        delay = backoff(backoff_s, attempt)
        try:
            async with gate.slot():
                resp, body = await asyncio.wait_for(
                    _get(client, item.url, headers, limits.max_body_bytes), limits.total_timeout_s
                )
        except TimeoutError:
            return failure(
                item, f"timed out: the whole response took over {limits.total_timeout_s:g} s", started
            )
        except Refused as exc:
            return failure(item, f"refused: {exc}", started)
        except httpx.HTTPError as exc:
            if attempt < max_retries and retryable(exc):
                await asyncio.sleep(delay)
                continue
            return failure(item, describe(exc), started)
        except Exception as exc:  # one bad URL never stops the others
            return failure(item, describe(exc), started)
        if resp.status_code in RETRY_STATUSES and attempt < max_retries:
            await asyncio.sleep(retry_after(resp, delay))
            continue
        return to_result(item, resp, body, state, started)
    raise AssertionError("unreachable")  # pragma: no cover


async def fetch_all(
    items: list[DiscoveredItem],
    states: Mapping[str, FetchState],
    *,
    sources: Mapping[str, SourceConfig] | Iterable[SourceConfig] = (),
    proxy_url: str | None = None,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout_s: float = 20.0,
    per_host: int = 2,
    max_retries: int = 2,
    backoff_s: float = 0.5,
    client: httpx.AsyncClient | None = None,
    limits: FetchLimits = DEFAULT_LIMITS,
    robots: bool = False,
    store: RawStore | None = None,
) -> list[FetchResult]:
    """One FetchResult per item, in the items' order. `client` (optional) replaces the default client (behind
    the SSRF guard, allowing the sources' `allow_hosts`); with `store`, each body goes to the raw store as it
    arrives and the results carry no content; with `robots`, each host's robots.txt is honoured."""
    by_name = dict(sources) if isinstance(sources, Mapping) else {s.name: s for s in sources}
    gates = {host: HostGate(rps, per_host) for host, rps in host_rates(items, by_name).items()}
    own = client is None
    allow = [h for s in by_name.values() for h in s.allow_hosts]
    http = client or make_async_client(
        proxy_url, user_agent, timeout_s, max_connections=max(4, 2 * len(gates)), allow_hosts=allow
    )
    rules = RobotsCache(user_agent) if robots else None

    async def one(item: DiscoveredItem) -> FetchResult:
        gate = gates[urlsplit(item.url).netloc.lower()]
        options = {"max_retries": max_retries, "backoff_s": backoff_s, "limits": limits, "robots": rules}
        result = await fetch_one(http, gate, item, states.get(item.url), **options)  # type: ignore[arg-type]
        if store is not None and result.content is not None:
            store.put(result.content)
            result = result.model_copy(update={"content": None})
        return result

    try:
        return list(await asyncio.gather(*(one(i) for i in items)))
    finally:
        if own:
            await http.aclose()


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def fetch_items(
    items: list[DiscoveredItem],
    *,
    sources: Mapping[str, SourceConfig] | Iterable[SourceConfig],
    states: Mapping[str, FetchState],
    proxy_url: str | None,
    raw_dir: Path,
    user_agent: str = DEFAULT_USER_AGENT,
    timeout_s: float = 20.0,
    limits: FetchLimits = DEFAULT_LIMITS,
    robots: bool = True,
) -> list[FetchResult]:
    """The flow's fetch: fetch_all with each body put into the raw store as it arrives; no content returned."""
    return run_sync(
        fetch_all(
            items,
            states,
            sources=sources,
            proxy_url=proxy_url,
            user_agent=user_agent,
            timeout_s=timeout_s,
            limits=limits,
            robots=robots,
            store=RawStore(raw_dir),
        )
    )
