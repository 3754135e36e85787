"""The newsroom server: a proxy on 127.0.0.1 serving snapshot overlays with ETag / Last-Modified / 304."""

from __future__ import annotations

import http.client
from datetime import date
from urllib.parse import urlsplit

import httpx
import pytest

from core.errors import ConfigError
from samples.server import NewsroomServer
from tests.crawl.conftest import DAY1, DAY2, FIXTURE_NEWSROOM, fixture_file

X = "http://ledger.test/news/x.html"


def proxied(server: NewsroomServer) -> httpx.Client:
    return httpx.Client(mounts={"http://": httpx.HTTPTransport(proxy=server.proxy_url)})


def test_serves_files_with_headers_through_the_proxy(crawl_newsroom_server: NewsroomServer) -> None:
    with proxied(crawl_newsroom_server) as client:
        html = client.get(X)
        txt = client.get("http://docs.test/filings/f1.txt")
        xml = client.get("http://wire.test/rss.xml")
    assert html.status_code == 200 and html.content == fixture_file(X).read_bytes()
    assert html.headers["content-type"] == "text/html; charset=utf-8"
    assert txt.headers["content-type"] == "text/plain; charset=utf-8"
    assert xml.headers["content-type"].startswith("application/xml")
    assert html.headers["etag"].startswith('"') and html.headers["etag"] != txt.headers["etag"]
    assert html.headers["last-modified"] == "Mon, 01 Jun 2026 00:00:00 GMT"


def test_host_header_form(crawl_newsroom_server: NewsroomServer) -> None:
    parts = urlsplit(crawl_newsroom_server.proxy_url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port)
    try:
        conn.request("GET", "/rss.xml", headers={"Host": "wire.test"})
        resp = conn.getresponse()
        body = resp.read()
    finally:
        conn.close()
    assert resp.status == 200 and body == fixture_file("http://wire.test/rss.xml").read_bytes()


def test_overlay_by_as_of_date() -> None:
    with NewsroomServer(FIXTURE_NEWSROOM, as_of=DAY1) as day1, proxied(day1) as client:
        old = client.get(X)
    with NewsroomServer(FIXTURE_NEWSROOM, as_of=DAY2) as day2, proxied(day2) as client:
        new = client.get(X)
        unchanged = client.get("http://ledger.test/news/y.html")  # only in the day-1 snapshot
    with NewsroomServer(FIXTURE_NEWSROOM) as newest, proxied(newest) as client:
        default = client.get(X)
    assert old.content == fixture_file(X, DAY1).read_bytes()
    assert new.content == fixture_file(X, DAY2).read_bytes() == default.content
    assert new.headers["etag"] != old.headers["etag"]
    assert new.headers["last-modified"] == "Tue, 02 Jun 2026 00:00:00 GMT"
    assert unchanged.status_code == 200 and unchanged.headers["last-modified"].startswith("Mon, 01 Jun 2026")


def test_conditional_requests_answer_304(crawl_newsroom_server: NewsroomServer) -> None:
    with proxied(crawl_newsroom_server) as client:
        first = client.get(X)
        by_etag = client.get(X, headers={"If-None-Match": first.headers["etag"]})
        by_date = client.get(X, headers={"If-Modified-Since": first.headers["last-modified"]})
        stale_etag = client.get(X, headers={"If-None-Match": '"something-else"'})
        older_date = client.get(X, headers={"If-Modified-Since": "Sun, 31 May 2026 00:00:00 GMT"})
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    assert by_date.status_code == 304
    assert stale_etag.status_code == 200 and older_date.status_code == 200


@pytest.mark.parametrize(
    "url",
    ["http://ledger.test/news/nope.html", "http://ledger.test/../../etc/passwd", "http://nohost.test/x.html"],
)
def test_unknown_paths_are_404(crawl_newsroom_server: NewsroomServer, url: str) -> None:
    with proxied(crawl_newsroom_server) as client:
        assert client.get(url).status_code == 404


def test_request_counter(crawl_newsroom_server: NewsroomServer) -> None:
    with proxied(crawl_newsroom_server) as client:
        for _ in range(3):
            client.get(X)
        client.get("http://wire.test/rss.xml")
    assert crawl_newsroom_server.requests[X] == 3
    assert crawl_newsroom_server.url_count("http://wire.test/rss.xml") == 1


def test_no_snapshot_on_or_before_as_of() -> None:
    with pytest.raises(ConfigError, match="no newsroom snapshot on or before 2020-01-01"):
        NewsroomServer(FIXTURE_NEWSROOM, as_of=date(2020, 1, 1)).__enter__()


def test_proxy_url_needs_a_running_server() -> None:
    server = NewsroomServer(FIXTURE_NEWSROOM)
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.proxy_url
