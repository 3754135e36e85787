"""Fetch hardening on real loopback HTTP: the SSRF guard, robots.txt, size and time caps, content types."""

from __future__ import annotations

import socket

import httpx
import pytest

from core.records import DiscoveredItem, FetchResult, SourceConfig
from crawl import fetch_all, run_sync
from crawl.guard import Allow, BlockedRequest, address_problem, guard
from crawl.http import FetchLimits
from tests.faults import FaultServer, big, drip, gzip_bomb, redirect, send

PAGE = b"<html><body><p>Northwind Cloud signed a lease for a new hall, the company said.</p></body></html>"


def _source(server: FaultServer, allow: bool = True) -> SourceConfig:
    return SourceConfig(
        name="f",
        kind="rss",
        url=server.url("/feed.xml"),
        rps=1000,
        allow_hosts=[f"127.0.0.1:{server.port}"] if allow else [],
    )


def _fetch(server: FaultServer, paths: list[str], allow: bool = True, **options: object) -> list[FetchResult]:
    items = [DiscoveredItem(source="f", url=server.url(p) if p.startswith("/") else p) for p in paths]
    return run_sync(
        fetch_all(items, {}, sources=[_source(server, allow)], backoff_s=0, max_retries=1, **options)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::ffff:127.0.0.1", "loopback"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "not a public"),
    ],
)
def test_non_public_addresses_are_named(address: str, kind: str) -> None:
    import ipaddress

    problem = address_problem(ipaddress.ip_address(address))
    assert problem is not None and kind in problem


def test_a_public_address_passes() -> None:
    import ipaddress

    assert address_problem(ipaddress.ip_address("93.184.216.34")) is None


def test_loopback_is_refused_unless_allowed_by_host_and_port() -> None:
    with (
        FaultServer({"/a.html": send(200, PAGE)}) as server,
        FaultServer({"/admin": send(200, PAGE)}) as other,
    ):
        refused = _fetch(server, ["/a.html"], allow=False)
        allowed = _fetch(server, ["/a.html", other.url("/admin")])
    assert refused[0].outcome == "failed" and "loopback" in (refused[0].error or "")
    assert allowed[0].outcome == "fetched"
    assert allowed[1].outcome == "failed" and "loopback" in (allowed[1].error or "")
    assert other.log == [] and server.log == [("/a.html", server.log[0][1])]


def test_a_redirect_to_cloud_metadata_or_another_port_is_refused_before_connecting() -> None:
    with FaultServer({"/admin": send(200, b"secret")}) as other:
        routes = {
            "/meta": redirect("http://169.254.169.254/latest/meta-data/"),
            "/hop": redirect(other.url("/admin")),
            "/private": redirect("http://10.0.0.1/x"),
        }
        with FaultServer(routes) as server:
            results = _fetch(server, ["/meta", "/hop", "/private"])
    assert [r.outcome for r in results] == ["failed"] * 3
    assert "169.254.169.254" in (results[0].error or "") and "link-local" in (results[0].error or "")
    assert "loopback" in (results[1].error or "") and other.log == []
    assert "private" in (results[2].error or "")


def test_every_resolved_address_is_checked_and_the_checked_one_is_dialled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = {
        "mixed.test": ["93.184.216.34", "10.1.2.3"],
        "public.test": ["93.184.216.34"],
    }

    def fake_getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with pytest.raises(BlockedRequest, match=r"10\.1\.2\.3"):
        guard(httpx.Request("GET", "http://mixed.test/a"), Allow())
    sent = guard(httpx.Request("GET", "https://public.test/a?b=1"), Allow())
    assert str(sent.url) == "https://93.184.216.34/a?b=1"
    assert sent.headers["Host"] == "public.test" and sent.extensions["sni_hostname"] == "public.test"
    with pytest.raises(BlockedRequest, match="scheme"):
        guard(httpx.Request("GET", "ftp://public.test/a"), Allow())


def test_robots_txt_is_honoured_per_host() -> None:
    robots = b"User-agent: *\nDisallow: /private/\n"
    routes = {
        "/robots.txt": send(200, robots, "text/plain"),
        "/private/deal.html": send(200, PAGE),
        "/news/deal.html": send(200, PAGE),
    }
    with FaultServer(routes) as server:
        results = _fetch(server, ["/private/deal.html", "/news/deal.html"], robots=True)
    assert results[0].outcome == "failed" and "robots.txt disallows" in (results[0].error or "")
    assert results[1].outcome == "fetched"
    paths = [p for p, _ in server.log]
    assert "/private/deal.html" not in paths and paths.count("/robots.txt") == 1


def test_bodies_over_the_cap_are_refused_even_when_compressed_or_unannounced() -> None:
    limits = FetchLimits(max_body_bytes=1_000_000, total_timeout_s=30)
    routes = {
        "/bomb": gzip_bomb(50_000_000),
        "/big": big(5_000_000),
        "/declared": send(200, b"x" * 1_500_000),
        "/fine": send(200, PAGE),
    }
    with FaultServer(routes) as server:
        results = _fetch(server, ["/bomb", "/big", "/declared", "/fine"], limits=limits)
    assert [r.outcome for r in results] == ["failed", "failed", "failed", "fetched"]
    assert all("cap" in (r.error or "") for r in results[:3])
    assert "after decompression" in (results[0].error or "")


def test_a_slow_drip_is_cut_by_the_total_timeout() -> None:
    with FaultServer({"/drip": drip(30)}) as server:
        results = _fetch(server, ["/drip"], limits=FetchLimits(total_timeout_s=2))
    assert results[0].outcome == "failed" and "timed out" in (results[0].error or "")
    assert results[0].elapsed_ms < 20_000


def test_binary_content_types_are_refused_and_pages_and_feeds_kept() -> None:
    routes = {
        "/file.bin": send(200, b"\x00\x01", "application/octet-stream"),
        "/pic.png": send(200, b"\x89PNG", "image/png"),
        "/feed.xml": send(200, b"<rss/>", "application/rss+xml"),
        "/doc.txt": send(200, b"plain words", "text/plain"),
    }
    with FaultServer(routes) as server:
        results = _fetch(server, list(routes))
    assert [r.outcome for r in results] == ["failed", "failed", "fetched", "fetched"]
    assert "octet-stream" in (results[0].error or "") and "image/png" in (results[1].error or "")


def test_the_user_agent_names_a_contact() -> None:
    with FaultServer({"/a.html": send(200, PAGE)}) as server:
        _fetch(server, ["/a.html"])
    assert "contact" in server.log[0][1] and server.log[0][1].startswith("infradeals/")
