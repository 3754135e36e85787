"""The fetcher: polite async GETs with conditional requests, bounded retries, and one FetchResult per item."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Coroutine, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from core.records import DiscoveredItem, FetchResult, FetchState, SourceConfig
from crawl.http import (
    DEFAULT_USER_AGENT,
    RETRY_STATUSES,
    HostGate,
    describe,
    make_async_client,
    retry_after,
    retryable,
)
from crawl.rawstore import RawStore, content_hash

DEFAULT_RPS = 2.0
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
    item: DiscoveredItem, resp: httpx.Response, state: FetchState | None, started: float
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
    digest = content_hash(resp.content)
    if state is not None and state.content_hash == digest:
        return FetchResult(outcome="unchanged", content_hash=digest, **base)
    return FetchResult(outcome="fetched", content=resp.content, content_hash=digest, **base)


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


async def fetch_one(
    client: httpx.AsyncClient,
    gate: HostGate,
    item: DiscoveredItem,
    state: FetchState | None,
    *,
    max_retries: int = 2,
    backoff_s: float = 0.5,
) -> FetchResult:
    """GET one item politely; retries 5xx / 429 / timeouts up to max_retries times; never raises."""
    started = time.perf_counter()
    headers = conditional_headers(state)
    for attempt in range(max_retries + 1):
        delay = backoff_s * 2**attempt
        try:
            async with gate.slot():
                resp = await client.get(item.url, headers=headers)
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
        return to_result(item, resp, state, started)
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
) -> list[FetchResult]:
    """One FetchResult per item, in the items' order. `client` (optional) replaces the default client."""
    by_name = dict(sources) if isinstance(sources, Mapping) else {s.name: s for s in sources}
    gates = {host: HostGate(rps, per_host) for host, rps in host_rates(items, by_name).items()}
    own = client is None
    http = client or make_async_client(
        proxy_url, user_agent, timeout_s, max_connections=max(4, 2 * len(gates))
    )
    try:
        gate = {i.url: gates[urlsplit(i.url).netloc.lower()] for i in items}
        jobs = [
            fetch_one(http, gate[i.url], i, states.get(i.url), max_retries=max_retries, backoff_s=backoff_s)
            for i in items
        ]
        return list(await asyncio.gather(*jobs))
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
) -> list[FetchResult]:
    """The flow's fetch: fetch_all, then each fetched body into the raw store; results carry no content."""
    results = run_sync(
        fetch_all(
            items, states, sources=sources, proxy_url=proxy_url, user_agent=user_agent, timeout_s=timeout_s
        )
    )
    store = RawStore(raw_dir)
    out: list[FetchResult] = []
    for r in results:
        if r.content is not None:
            store.put(r.content)
        out.append(r.model_copy(update={"content": None}))
    return out
