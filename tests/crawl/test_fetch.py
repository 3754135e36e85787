"""The fetcher on the fixture newsroom (conditional GET, failures) and on a mock transport (politeness)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from core.records import DiscoveredItem, FetchResult, FetchState, SourceConfig
from crawl import discover_source, fetch_all, fetch_items, parse_fetched, run_sync
from crawl.rawstore import RawStore
from samples.server import NewsroomServer
from tests.crawl.conftest import DAY2, FIXTURE_NEWSROOM, fixture_file

SOURCES = [
    SourceConfig(name="ledger", kind="atom", url="http://ledger.test/atom.xml", rps=50),
    SourceConfig(name="docs", kind="sitemap", url="http://docs.test/sitemap.xml", rps=50),
]
X, Y = "http://ledger.test/news/x.html", "http://ledger.test/news/y.html"
F1, MISSING = "http://docs.test/filings/f1.txt", "http://docs.test/filings/missing.txt"
ITEMS = [
    DiscoveredItem(source="ledger", url=X),
    DiscoveredItem(source="ledger", url=Y),
    DiscoveredItem(source="docs", url=F1),
    DiscoveredItem(source="docs", url=MISSING),
]


def states_from(results: list[FetchResult]) -> dict[str, FetchState]:
    return {
        r.url: FetchState(url=r.url, etag=r.etag, last_modified=r.last_modified, content_hash=r.content_hash)
        for r in results
        if r.outcome != "failed"
    }


def fetch(items: list[DiscoveredItem], states: dict[str, FetchState], proxy: str) -> list[FetchResult]:
    return run_sync(fetch_all(items, states, sources=SOURCES, proxy_url=proxy, backoff_s=0))


def test_first_pass_200_second_pass_304(crawl_newsroom_server: NewsroomServer) -> None:
    first = fetch(ITEMS, {}, crawl_newsroom_server.proxy_url)
    assert [r.url for r in first] == [i.url for i in ITEMS]  # the items' order
    assert [r.outcome for r in first] == ["fetched", "fetched", "fetched", "failed"]
    x = first[0]
    assert x.status == 200 and x.content == fixture_file(X).read_bytes()
    assert x.content_type == "text/html; charset=utf-8" and x.etag and x.last_modified and x.content_hash
    assert (first[3].status, first[3].error) == (404, "HTTP 404 Not Found")  # recorded, not raised

    second = fetch(ITEMS, states_from(first), crawl_newsroom_server.proxy_url)
    assert [(r.outcome, r.status) for r in second[:3]] == [("unchanged", 304)] * 3
    assert all(r.content is None for r in second)
    assert [r.content_hash for r in second[:3]] == [r.content_hash for r in first[:3]]
    assert second[3].outcome == "failed"
    assert crawl_newsroom_server.requests[X] == 2


def test_same_bytes_without_validators_is_unchanged(crawl_newsroom_server: NewsroomServer) -> None:
    first = fetch(ITEMS[:1], {}, crawl_newsroom_server.proxy_url)
    state = {X: FetchState(url=X, content_hash=first[0].content_hash)}  # no ETag / Last-Modified remembered
    again = fetch(ITEMS[:1], state, crawl_newsroom_server.proxy_url)
    assert (again[0].outcome, again[0].status, again[0].content) == ("unchanged", 200, None)


def test_a_changed_page_is_fetched_again(crawl_newsroom_server: NewsroomServer) -> None:
    day1 = fetch(ITEMS[:2], {}, crawl_newsroom_server.proxy_url)
    with NewsroomServer(FIXTURE_NEWSROOM, as_of=DAY2) as day2_server:
        day2 = fetch(ITEMS[:2], states_from(day1), day2_server.proxy_url)
    assert [(r.url, r.outcome) for r in day2] == [(X, "fetched"), (Y, "unchanged")]
    assert day2[0].content == fixture_file(X, DAY2).read_bytes()


def test_fetch_items_fills_the_raw_store_and_parse_fetched_reads_it(
    crawl_newsroom_server: NewsroomServer, tmp_path: Path
) -> None:
    results = fetch_items(
        ITEMS, sources=SOURCES, states={}, proxy_url=crawl_newsroom_server.proxy_url, raw_dir=tmp_path
    )
    assert all(r.content is None for r in results)
    store = RawStore(tmp_path)
    assert store.get(str(results[0].content_hash)) == fixture_file(X).read_bytes()
    feed_dates = [DiscoveredItem(source="ledger", url=Y, published=date(2025, 10, 23))]
    docs, failures = parse_fetched(results, tmp_path, feed_dates)
    assert [d.url for d in docs] == [X, Y, F1]
    x, y, f1 = docs
    assert x.title == "Epsilon books a $9 billion cloud contract" and x.canonical_url == X
    assert y.published == date(2025, 10, 23)  # the page states no date: the feed's
    assert f1.published == date(2025, 10, 20) and f1.content_type == "text/plain; charset=utf-8"
    assert failures == [{"stage": "fetch", "source": "docs", "url": MISSING, "reason": "HTTP 404 Not Found"}]


def test_doc_id_is_stable_across_versions(crawl_newsroom_server: NewsroomServer, tmp_path: Path) -> None:
    day1 = fetch_items(
        ITEMS[:1], sources=SOURCES, states={}, proxy_url=crawl_newsroom_server.proxy_url, raw_dir=tmp_path
    )
    with NewsroomServer(FIXTURE_NEWSROOM, as_of=DAY2) as day2_server:
        day2 = fetch_items(
            ITEMS[:1],
            sources=SOURCES,
            states=states_from(day1),
            proxy_url=day2_server.proxy_url,
            raw_dir=tmp_path,
        )
    (v1,), _ = parse_fetched(day1, tmp_path)
    (v2,), _ = parse_fetched(day2, tmp_path)
    assert v1.doc_id == v2.doc_id and v1.content_hash != v2.content_hash
    assert v2.text.startswith("Update: Zeta confirmed")


def test_parse_failures_are_recorded(tmp_path: Path) -> None:
    store = RawStore(tmp_path)
    pdf, nav_only = (
        store.put(b"%PDF-1.7\x00\x00"),
        store.put(b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    )
    base = {
        "source": "s",
        "outcome": "fetched",
        "status": 200,
        "fetched_at": datetime(2026, 6, 1, tzinfo=UTC),
    }
    results = [
        FetchResult.model_validate(
            {**base, "url": "http://s.test/a.pdf", "final_url": "http://s.test/a.pdf", "content_hash": pdf}
        ),
        FetchResult.model_validate(
            {
                **base,
                "url": "http://s.test/n.html",
                "final_url": "http://s.test/n.html",
                "content_hash": nav_only,
            }
        ),
        FetchResult.model_validate(
            {
                **base,
                "url": "http://s.test/gone.html",
                "final_url": "http://s.test/gone.html",
                "content_hash": "0" * 64,
            }
        ),
    ]
    docs, failures = parse_fetched(results, tmp_path)
    assert docs == []
    assert [(f["stage"], f["url"].rsplit("/", 1)[1]) for f in failures] == [
        ("parse", "a.pdf"),
        ("parse", "n.html"),
        ("parse", "gone.html"),
    ]
    assert "binary" in failures[0]["reason"] and "no main text" in failures[1]["reason"]
    assert "not in the raw store" in failures[2]["reason"]


def test_discover_source_through_the_proxy(crawl_newsroom_server: NewsroomServer) -> None:
    listing = SourceConfig(
        name="blog",
        kind="listing",
        url="http://blog.test/blog/index.html",
        selectors={
            "item": "article.post-card",
            "link": "h2 a",
            "date": "time[datetime]",
            "next": "a[rel=next]",
        },
        rps=50,
        min_items=5,
    )
    items = discover_source(listing, proxy_url=crawl_newsroom_server.proxy_url)
    assert len(items) == 5 and {i.source for i in items} == {"blog"}
    sitemap = discover_source(SOURCES[1], proxy_url=crawl_newsroom_server.proxy_url)
    assert {i.url for i in sitemap} >= {F1, MISSING}


# --- politeness and retries on a mock transport (no sockets, no clocks) ------------------------------------


def many_items(n: int, host: str = "polite.test") -> list[DiscoveredItem]:
    return [DiscoveredItem(source="p", url=f"http://{host}/{i}.html") for i in range(n)]


def test_at_most_two_requests_in_flight_per_host() -> None:
    in_flight: dict[str, int] = {}
    peak: dict[str, int] = {}

    async def handler(request: httpx.Request) -> httpx.Response:
        host = request.url.host
        in_flight[host] = in_flight.get(host, 0) + 1
        peak[host] = max(peak.get(host, 0), in_flight[host])
        for _ in range(5):
            await asyncio.sleep(0)  # let the other requests try to start meanwhile
        in_flight[host] -= 1
        return httpx.Response(200, text=f"<p>{request.url.path}</p>")

    async def go() -> list[FetchResult]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            items = many_items(12) + many_items(12, "other.test")
            return await fetch_all(items, {}, sources=FAST, client=client)

    results = asyncio.run(go())
    assert [r.outcome for r in results] == ["fetched"] * 24
    assert peak == {"polite.test": 2, "other.test": 2}


def test_retries_5xx_then_succeeds() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        return httpx.Response(503 if len(calls) < 3 else 200, text="<p>finally there, after two failures</p>")

    results = asyncio.run(_with(handler, many_items(1), max_retries=2))
    assert (results[0].outcome, results[0].status, len(calls)) == ("fetched", 200, 3)


def test_retries_are_bounded_and_failures_recorded() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path == "/0.html":
            raise httpx.ReadTimeout("timed out", request=request)
        return httpx.Response(502)

    results = asyncio.run(_with(handler, many_items(2), max_retries=2))
    assert [(r.outcome, r.status) for r in results] == [("failed", 0), ("failed", 502)]
    assert results[0].error == "ReadTimeout: timed out"
    assert results[1].error == "HTTP 502 Bad Gateway"
    assert sorted(calls) == ["/0.html"] * 3 + ["/1.html"] * 3


def test_conditional_headers_are_sent() -> None:
    seen: list[tuple[str | None, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers.get("If-None-Match"), request.headers.get("If-Modified-Since")))
        return httpx.Response(304)

    item = many_items(1)[0]
    state = FetchState(
        url=item.url, etag='"abc"', last_modified="Mon, 01 Jun 2026 00:00:00 GMT", content_hash="h"
    )
    results = asyncio.run(_with(handler, [item], states={item.url: state}))
    assert seen == [('"abc"', "Mon, 01 Jun 2026 00:00:00 GMT")]
    assert (results[0].outcome, results[0].content_hash, results[0].etag) == ("unchanged", "h", '"abc"')


@pytest.mark.parametrize("url", ["ftp://polite.test/x", "http://"])
def test_bad_urls_fail_without_raising(url: str) -> None:
    results = run_sync(fetch_all([DiscoveredItem(source="p", url=url)], {}, sources=FAST, backoff_s=0))
    assert results[0].outcome == "failed" and results[0].error


FAST = [SourceConfig(name="p", kind="rss", url="http://polite.test/rss.xml", rps=1000)]


async def _with(handler, items, max_retries: int = 2, states=None) -> list[FetchResult]:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        return await fetch_all(
            items, states or {}, sources=FAST, client=client, max_retries=max_retries, backoff_s=0
        )
